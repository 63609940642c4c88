#pragma once
// Byte-level string helpers shared by parsers and formatters. Unicode-aware work lives in text/.

#include <string>
#include <string_view>
#include <vector>

namespace echri::core {

std::string_view trim(std::string_view text);
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
// Splits on a separator string; empty pieces are dropped and each piece is trimmed.
std::vector<std::string> split_trimmed(std::string_view text, std::string_view separator);
bool starts_with_icase(std::string_view text, std::string_view prefix);
// Latin-1 bytes to UTF-8; used for legacy list files that are not UTF-8.
std::string latin1_to_utf8(std::string_view text);
// Offset of the first byte that breaks UTF-8, or std::string_view::npos when the text is valid.
std::size_t first_invalid_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

}  // namespace echri::core
