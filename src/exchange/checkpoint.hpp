#pragma once
// C2SP tlog-checkpoint: the note text a log signs for a tree head.
//   <origin>\n<tree size in decimal>\n<base64 root hash>\n[<extension line>\n...]

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "exchange/merkle.hpp"

namespace echri::exchange {

struct Checkpoint {
  std::string origin;  // identifies the log, e.g. "echri.example/de-bafa"
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // opaque, non-empty lines
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Strict: exactly the text format_checkpoint would write (decimal without leading zeros, 32-byte
// root in canonical padded base64, no empty lines, final newline, no control characters).
Result<Checkpoint> parse_checkpoint(std::string_view text);
// invalid_input when the origin or an extension line cannot be written as one line.
Result<std::string> format_checkpoint(const Checkpoint& checkpoint);

}  // namespace echri::exchange
