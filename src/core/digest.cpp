#include "core/digest.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace echri::core {
namespace {

static_assert(sizeof(crypto_hash_sha256_state) == 104 && alignof(crypto_hash_sha256_state) <= 8,
              "core::Sha256 keeps libsodium's state in place: resize Sha256::state_");

// libsodium asks for its initialisation before any use; once per process, not per hash (it takes
// a lock every time it is called).
void initialise_once() {
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) throw std::runtime_error("libsodium failed to initialise");
}

crypto_hash_sha256_state* sodium_state(std::array<std::byte, 104>& bytes) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): storage sized for the state
  return reinterpret_cast<crypto_hash_sha256_state*>(bytes.data());
}

}  // namespace

Sha256::Sha256() {
  initialise_once();
  crypto_hash_sha256_init(sodium_state(state_));
}

Sha256& Sha256::update(const void* bytes, std::size_t size) {
  crypto_hash_sha256_update(sodium_state(state_), static_cast<const unsigned char*>(bytes), size);
  return *this;
}

Sha256& Sha256::update(std::string_view bytes) {
  return update(bytes.data(), bytes.size());
}

Sha256Digest Sha256::digest() {
  Sha256Digest out{};
  crypto_hash_sha256_final(sodium_state(state_), out.data());
  return out;
}

std::string Sha256::hex_digest() {
  const auto bytes = digest();
  return to_hex(bytes.data(), bytes.size());
}

Sha256Digest sha256(std::string_view bytes) {
  return Sha256().update(bytes).digest();
}

std::string sha256_hex(std::string_view bytes) {
  return Sha256().update(bytes).hex_digest();
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<Sha256Digest> sha256_from_hex(std::string_view hex) {
  if (hex.size() != 64 || !is_lower_hex(hex)) return std::nullopt;
  const auto nibble = [](char c) {
    return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  };
  Sha256Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i)
    digest[i] = static_cast<std::uint8_t>((nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]));
  return digest;
}

}  // namespace echri::core
