#pragma once
// Log entries addressed to named Subscribing States only. Every peer stores and verifies every
// entry, so the log itself stays complete and checkable; only the addressed states can read the
// content of such an entry.
//
// The content is encrypted once with a random 32-byte content key (XChaCha20-Poly1305, random
// 24-byte nonce); the content key is wrapped for each recipient state with a libsodium sealed box
// to that state's X25519 key. The additional data authenticated with the content is
//   "echri-sealed/v1\n" || the recipients' state codes, sorted, joined by "," || "\n" || associated
// so that a node passing the entry on cannot add, drop or rename a recipient, nor move the
// ciphertext to another entry (`associated` is the entry's public header), without every reader
// noticing.
//
// Confidentiality only: a sealed box does not say who sealed it, and every recipient knows the
// content key. Who wrote an entry is what the log's signed note says, not this.
//
// Key text formats:
//   public key  x25519:<base64 of the 32-byte key>
//   secret key  PRIVATE+X25519+<base64 of the 32-byte secret>
// Base64 is the standard alphabet with padding, and only its canonical spelling is accepted.

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace echri::exchange {

using EncryptionPublicKey = std::array<std::uint8_t, 32>;

struct SealedContent;

// A state's X25519 key pair. Holds the secret; wipes it when destroyed or moved from.
class EncryptionKeyPair {
 public:
  // A new key pair from the system's random source.
  static Result<EncryptionKeyPair> generate();
  static Result<EncryptionKeyPair> from_secret(std::span<const std::uint8_t, 32> secret);
  // Parses the secret key text format; invalid_input on any deviation.
  static Result<EncryptionKeyPair> parse(std::string_view secret_key);
  ~EncryptionKeyPair();
  EncryptionKeyPair(const EncryptionKeyPair& other);
  EncryptionKeyPair& operator=(const EncryptionKeyPair& other);
  EncryptionKeyPair(EncryptionKeyPair&& other) noexcept;
  EncryptionKeyPair& operator=(EncryptionKeyPair&& other) noexcept;

  [[nodiscard]] const EncryptionPublicKey& public_key() const { return public_; }
  // The secret key text: handle it like the key itself.
  [[nodiscard]] std::string secret_key() const;
  [[nodiscard]] std::string public_key_text() const;

 private:
  // The one user of the raw secret.
  friend Result<std::string> open_sealed(const SealedContent& content, std::string_view state,
                                         const EncryptionKeyPair& keys,
                                         std::string_view associated);
  EncryptionKeyPair() = default;
  std::array<std::uint8_t, 32> secret_{};
  EncryptionPublicKey public_{};
};

std::string format_encryption_key(const EncryptionPublicKey& key);
// Parses the public key text format; invalid_input on any deviation.
Result<EncryptionPublicKey> parse_encryption_key(std::string_view text);

struct SealedRecipient {
  std::string state;  // ISO 3166-1 alpha-2, upper case ("XK" for Kosovo)
  EncryptionPublicKey key{};
};

struct WrappedKey {
  std::string state;    // ISO 3166-1 alpha-2, upper case
  std::string wrapped;  // sealed box of the content key to the state's key: 80 bytes
  friend bool operator==(const WrappedKey&, const WrappedKey&) = default;
};

struct SealedContent {
  std::array<std::uint8_t, 24> nonce{};
  std::string ciphertext;        // the content and its 16-byte authentication tag
  std::vector<WrappedKey> keys;  // one per recipient, sorted by state
  friend bool operator==(const SealedContent&, const SealedContent&) = default;
};

// Encrypts `plaintext` for the recipients, binding it to `associated`. invalid_input when there
// is no recipient, a state code is not an upper-case ISO 3166-1 alpha-2 code, a state appears
// twice, or a recipient's key is not a usable X25519 public key.
Result<SealedContent> seal(std::string_view plaintext, std::span<const SealedRecipient> recipients,
                           std::string_view associated);

// Decrypts as `state` with its key pair. forbidden when the content is not addressed to `state`
// or `keys` does not unwrap the state's content key (not this state's key pair); invalid_input
// when the content does not authenticate (altered, recipients changed, or moved from another
// entry: another `associated`) or `state` is not a state code.
Result<std::string> open_sealed(const SealedContent& content, std::string_view state,
                                const EncryptionKeyPair& keys, std::string_view associated);

// {"alg": "xchacha20poly1305+sealedbox", "nonce": b64, "ciphertext": b64,
//  "keys": [{"state": "DE", "wrapped": b64}, ...]}
nlohmann::json sealed_to_json(const SealedContent& content);
// Strict: exactly the members sealed_to_json writes, the one algorithm, canonical base64 of the
// right lengths, at least one key, keys sorted by state without duplicates; invalid_input
// otherwise. `where` is the JSON path of the object itself (e.g. "$.sealed"); errors name the
// member below it (e.g. "$.sealed.keys[1].wrapped").
Result<SealedContent> sealed_from_json(const nlohmann::json& json, std::string_view where);

}  // namespace echri::exchange
