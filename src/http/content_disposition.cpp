#include "http/content_disposition.hpp"

#include <array>

namespace echri::http {
namespace {

// RFC 8187 attr-char: what `filename*` may carry without a percent escape.
bool is_attr_char(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  constexpr std::string_view kMarks = "!#$&+-.^_`|~";
  return kMarks.find(static_cast<char>(c)) != std::string_view::npos;
}

// Printable ASCII except what a quoted string would have to escape; each other character (a
// multi-byte UTF-8 sequence counts once) becomes '_'.
std::string ascii_fallback(std::string_view filename) {
  std::string out;
  for (const char byte : filename) {
    const auto c = static_cast<unsigned char>(byte);
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80) out += '_';  // a lead byte; continuation bytes are dropped
    } else if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '%') {
      out += '_';
    } else {
      out += byte;
    }
  }
  return out.empty() ? std::string("download") : out;
}

}  // namespace

std::string attachment_disposition(std::string_view filename) {
  constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                      '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string encoded;
  for (const char byte : filename) {
    const auto c = static_cast<unsigned char>(byte);
    if (is_attr_char(c)) {
      encoded += byte;
    } else {
      encoded += '%';
      encoded += kHex.at(c >> 4U);
      encoded += kHex.at(c & 0x0FU);
    }
  }
  return "attachment; filename=\"" + ascii_fallback(filename) + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace echri::http
