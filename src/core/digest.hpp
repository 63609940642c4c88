#pragma once
// SHA-256 (libsodium), the one implementation every module hashes with: list versions, imported
// file digests, document ids, API token hashes, the audit chain and the exchange's Merkle tree.
// Nothing here allocates except the hex text, so the hot users (a token on every request, a
// Merkle node per proof step, a field per audit record) hash on the stack.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace echri::core {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental: feed the parts, then take the digest once.
class Sha256 {
 public:
  Sha256();
  Sha256& update(std::string_view bytes);
  Sha256& update(const void* bytes, std::size_t size);
  [[nodiscard]] Sha256Digest digest();
  [[nodiscard]] std::string hex_digest();

 private:
  // libsodium's crypto_hash_sha256_state, kept out of this header: its size and alignment are
  // checked against the real type where it is used.
  alignas(8) std::array<std::byte, 104> state_{};
};

Sha256Digest sha256(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);
// Lower-case hex of bytes (table lookups: not for secrets, which libsodium's constant-time
// sodium_bin2hex encodes).
std::string to_hex(const std::uint8_t* bytes, std::size_t size);
// Every character is one of 0-9a-f (an empty text is).
bool is_lower_hex(std::string_view text);
// The digest whose lower-case hex is `hex`; nullopt unless it is exactly 64 such characters.
std::optional<Sha256Digest> sha256_from_hex(std::string_view hex);

}  // namespace echri::core
