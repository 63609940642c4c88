#include "exchange/checkpoint.hpp"

#include <algorithm>

#include "exchange/internal/encoding.hpp"

namespace echri::exchange {
namespace {

bool is_line(std::string_view text) {
  return !text.empty() && internal::valid_utf8(text) &&
         std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

}  // namespace

Result<Checkpoint> parse_checkpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return fail(ErrorKind::invalid_input, "a checkpoint ends with a newline", "checkpoint");
  }
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t end = rest.find('\n');
    lines.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  const auto bad = [](std::size_t line, std::string message) {
    return fail(ErrorKind::invalid_input, std::move(message),
                "checkpoint line " + std::to_string(line + 1));
  };
  if (lines.size() < 3) return bad(lines.size(), "origin, size and root hash expected");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!is_line(lines[i])) return bad(i, "empty line, control character or bad UTF-8");
  }
  Checkpoint out;
  out.origin = std::string(lines[0]);
  const auto size = internal::parse_decimal(lines[1]);
  if (!size) return bad(1, "tree size is not a decimal number without leading zeros");
  out.size = *size;
  const auto root = internal::base64_decode(lines[2]);
  if (!root || root->size() != out.root.size()) return bad(2, "root is not base64 of 32 bytes");
  std::copy(root->begin(), root->end(), out.root.begin());
  for (std::size_t i = 3; i < lines.size(); ++i) out.extensions.emplace_back(lines[i]);
  return out;
}

Result<std::string> format_checkpoint(const Checkpoint& checkpoint) {
  if (!is_line(checkpoint.origin)) {
    return fail(ErrorKind::invalid_input, "origin must be one non-empty line", "origin");
  }
  std::string out = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                    internal::base64_encode(checkpoint.root) + "\n";
  for (std::size_t i = 0; i < checkpoint.extensions.size(); ++i) {
    if (!is_line(checkpoint.extensions[i])) {
      return fail(ErrorKind::invalid_input, "extension must be one non-empty line",
                  "extensions[" + std::to_string(i) + "]");
    }
    out += checkpoint.extensions[i] + "\n";
  }
  return out;
}

}  // namespace echri::exchange
