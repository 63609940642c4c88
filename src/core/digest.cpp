#include "core/digest.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace echri::core {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

}  // namespace

struct Sha256::State {
  crypto_hash_sha256_state sodium{};
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  // sodium_init is idempotent and thread-safe; SHA-256 itself needs no initialisation, but the
  // library asks for it before any use.
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  crypto_hash_sha256_init(&state_->sodium);
}

Sha256& Sha256::update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_->sodium, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
  return *this;
}

Sha256::~Sha256() = default;

std::string Sha256::hex_digest() {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state_->sodium, digest.data());
  return to_hex(digest.data(), digest.size());
}

std::string sha256_hex(std::string_view bytes) {
  return Sha256().update(bytes).hex_digest();
}

}  // namespace echri::core
