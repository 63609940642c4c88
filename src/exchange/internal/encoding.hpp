#pragma once
// Byte encodings the exchange formats share: canonical base64 and UTF-8 checks.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace echri::exchange::internal {

// Standard alphabet with padding (RFC 4648 section 4).
std::string base64_encode(std::span<const std::uint8_t> bytes);
// Only the canonical encoding: what base64_encode would write, nothing else.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

bool valid_utf8(std::string_view text);
// Some Unicode space (White_Space property) in valid UTF-8 text.
bool contains_unicode_space(std::string_view text);

// Decimal without sign or leading zeros; nullopt on overflow or anything else.
std::optional<std::uint64_t> parse_decimal(std::string_view text);

// libsodium must be initialised once before key generation; cheap after the first call.
void ensure_sodium();

}  // namespace echri::exchange::internal
