#pragma once
// C2SP signed-note: a UTF-8 text signed by one or more keys. A note is its text, a blank line and
// one signature line per signature: "— <key name> base64(key id || signature)".
//
// Keys are Ed25519 (signature type 0x01). The key id is the first four bytes, big-endian, of
// SHA-256(name || 0x0A || type || public key). Text formats, interchangeable with Go's
// golang.org/x/mod/sumdb/note:
//   verifier key  <name>+<key id as 8 hex digits>+base64(0x01 || public key)
//   private key   PRIVATE+KEY+<name>+<key id as 8 hex digits>+base64(0x01 || 32-byte seed)

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace echri::exchange {

inline constexpr std::uint8_t kEd25519SignatureType = 0x01;
inline constexpr std::uint8_t kCosignatureV1SignatureType = 0x04;

using PublicKey = std::array<std::uint8_t, 32>;

// Non-empty, valid UTF-8, no Unicode spaces and no '+'.
Result<void> check_key_name(std::string_view name);
std::uint32_t key_id(std::string_view name, std::uint8_t signature_type, const PublicKey& key);

// The verifier key text of a key of any signature type, and back (invalid_input on any deviation,
// a key of another type, or a key id that does not match).
std::string format_verifier_key(std::string_view name, std::uint8_t signature_type,
                                const PublicKey& key);
Result<std::pair<std::string, PublicKey>> parse_verifier_key(std::string_view text,
                                                             std::uint8_t signature_type);

// Checks a signature over a note's text for one key. Subclasses: Ed25519Verifier here,
// CosignatureVerifier in cosignature.hpp.
class NoteVerifier {
 public:
  virtual ~NoteVerifier() = default;
  [[nodiscard]] virtual const std::string& name() const = 0;
  [[nodiscard]] virtual std::uint32_t key_id() const = 0;
  [[nodiscard]] virtual bool verify(std::string_view text,
                                    std::span<const std::uint8_t> signature) const = 0;
};

// Signs a note's text; the bytes returned follow the key id in the signature line.
class NoteSigner {
 public:
  virtual ~NoteSigner() = default;
  [[nodiscard]] virtual const std::string& name() const = 0;
  [[nodiscard]] virtual std::uint32_t key_id() const = 0;
  [[nodiscard]] virtual Result<std::vector<std::uint8_t>> sign(std::string_view text) const = 0;
};

class Ed25519Verifier final : public NoteVerifier {
 public:
  Ed25519Verifier(std::string name, const PublicKey& key);
  // Parses the verifier key text format; invalid_input on any deviation.
  static Result<Ed25519Verifier> parse(std::string_view verifier_key);
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::uint32_t key_id() const override { return id_; }
  [[nodiscard]] const PublicKey& public_key() const { return key_; }
  [[nodiscard]] bool verify(std::string_view text,
                            std::span<const std::uint8_t> signature) const override;
  [[nodiscard]] std::string verifier_key() const;

 private:
  std::string name_;
  PublicKey key_{};
  std::uint32_t id_ = 0;
};

// Holds the seed; wipes it when destroyed.
class Ed25519Signer final : public NoteSigner {
 public:
  // A new key pair from the system's random source.
  static Result<Ed25519Signer> generate(std::string_view name);
  static Result<Ed25519Signer> from_seed(std::string_view name,
                                         std::span<const std::uint8_t, 32> seed);
  // Parses the private key text format; invalid_input on any deviation.
  static Result<Ed25519Signer> parse(std::string_view private_key);
  ~Ed25519Signer() override;
  Ed25519Signer(const Ed25519Signer& other);
  Ed25519Signer& operator=(const Ed25519Signer& other);
  Ed25519Signer(Ed25519Signer&& other) noexcept;
  Ed25519Signer& operator=(Ed25519Signer&& other) noexcept;

  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::uint32_t key_id() const override { return id_; }
  [[nodiscard]] const PublicKey& public_key() const { return public_; }
  [[nodiscard]] Result<std::vector<std::uint8_t>> sign(std::string_view text) const override;
  [[nodiscard]] std::string private_key() const;
  [[nodiscard]] std::string verifier_key() const;
  [[nodiscard]] Ed25519Verifier verifier() const { return {name_, public_}; }
  // Signs any message with this key (the cosignature signs a message other than the text).
  [[nodiscard]] std::array<std::uint8_t, 64> sign_message(std::string_view message) const;

 private:
  Ed25519Signer() = default;
  std::string name_;
  std::array<std::uint8_t, 64> secret_{};  // libsodium's seed || public key
  PublicKey public_{};
  std::uint32_t id_ = 0;
};

// A note's text: non-empty, valid UTF-8, ends with a newline, no ASCII control characters but
// newline, no line starting with an em dash (which would read as a signature line).
Result<void> check_note_text(std::string_view text);

// The text followed by one signature line per signer, in the order given.
Result<std::string> sign_note(std::string_view text, std::span<const NoteSigner* const> signers);

// A signed note's text: everything up to the blank line before its signature lines, the split
// open_note makes; nullopt without such a line. Nothing is checked or verified: for reading what
// a note claims (its origin, its checkpoint) before or after opening it.
std::optional<std::string_view> note_text(std::string_view note);

struct NoteSignature {
  std::string name;
  std::uint32_t key_id = 0;
  std::vector<std::uint8_t> signature;  // without the key id
};

struct OpenedNote {
  std::string text;
  std::vector<NoteSignature> verified;    // by a known key
  std::vector<NoteSignature> unverified;  // by a key not given (ignored, kept for the caller)
};

// Splits and checks a signed note. Signatures by unknown keys are ignored; a signature by a
// known key that does not verify, or the same known key twice, fails; so does a note with no
// verified signature (forbidden). Malformed notes fail with invalid_input.
Result<OpenedNote> open_note(std::string_view note, std::span<const NoteVerifier* const> known);

}  // namespace echri::exchange
