#pragma once
// SHA-256 (libsodium) as lower-case hex: list versions, imported file digests, and later document
// ids and the audit chain.

#include <memory>
#include <string>
#include <string_view>

namespace echri::core {

// Incremental: feed the parts, then take the digest once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Sha256& update(std::string_view bytes);
  [[nodiscard]] std::string hex_digest();

 private:
  struct State;  // libsodium's, kept out of this header
  std::unique_ptr<State> state_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace echri::core
