#pragma once
// Reads an application (docs/application-format.md) strictly: unknown fields, wrong types, bad
// country codes, control entries and vocabulary are errors naming the JSON path ("$.items[1].
// control_entry"). Fields the assessment can do without (parties, end use, assurances, answers)
// may be absent: that is missing information, which the assessment reports, not a format error.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "assessment/catalogue.hpp"
#include "core/application.hpp"
#include "core/result.hpp"

namespace echri::assessment {

// `file` prefixes error locations ("app.json: $.parties[0].country"); `at` is the application's
// own path inside a larger document ("$.application").
Result<core::Application> application_from_json(const nlohmann::json& json,
                                                const Catalogue& catalogue, const std::string& file,
                                                const std::string& at = "$");
// Parses the text first; a syntax error names file:line:column.
Result<core::Application> parse_application(std::string_view text, const Catalogue& catalogue,
                                            const std::string& file);

nlohmann::json to_json(const core::Application& application);

}  // namespace echri::assessment
