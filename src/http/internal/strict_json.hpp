#pragma once
// Internal to http/: reads a request body as JSON the way docs/api.md promises. Beyond the
// grammar (which nlohmann checks, UTF-8 of strings included) it refuses what a lenient parser
// lets through and a handler would then misread: a key twice in one object (which value counts
// differs between parsers), a number beyond the range of a double, and nesting deeper than
// `max_depth` (the handlers and the serialiser recurse).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace echri::http::internal {

struct JsonRefusal {
  // Set for a syntax error: the byte offset of the problem in the body.
  std::optional<std::size_t> offset;
  // Set for a well-formed body with a bad member: its JSON path ("$.parties[1].name"). Neither is
  // set when the body as a whole is refused (nested too deeply).
  std::string path;
  std::string message;
};

tl::expected<nlohmann::json, JsonRefusal> parse_strict_json(std::string_view body,
                                                            std::size_t max_depth);

}  // namespace echri::http::internal
