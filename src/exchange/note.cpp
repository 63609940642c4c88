#include "exchange/note.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "exchange/internal/encoding.hpp"
#include "exchange/merkle.hpp"

namespace echri::exchange {
namespace {

constexpr std::string_view kEmDash = "\xE2\x80\x94";  // U+2014
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";
// The spec asks verifiers to accept at least 16; far more than any honest note carries.
constexpr std::size_t kMaxSignatures = 100;

std::string hex8(std::uint32_t value) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", value);
  return text;
}

std::optional<std::uint32_t> parse_hex8(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text) {
    int digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    value = value << 4 | static_cast<std::uint32_t>(digit);
  }
  return value;
}

// "<name>+<hex8>+<base64(type || key)>" split into its parts, with the key's type checked.
struct KeyText {
  std::string name;
  std::uint32_t id = 0;
  std::vector<std::uint8_t> key;  // without the type byte
};

Result<KeyText> parse_key_text(std::string_view text, std::string_view what,
                               std::uint8_t type = kEd25519SignatureType) {
  const auto bad = [&](std::string message) {
    return fail(ErrorKind::invalid_input, std::move(message), std::string(what));
  };
  const std::size_t first = text.find('+');
  if (first == std::string_view::npos) return bad("expected name+id+key");
  const std::size_t second = text.find('+', first + 1);
  if (second == std::string_view::npos) return bad("expected name+id+key");
  KeyText out;
  out.name = std::string(text.substr(0, first));
  ECHRI_TRY(check_key_name(out.name));
  const auto id = parse_hex8(text.substr(first + 1, second - first - 1));
  if (!id) return bad("key id is not 8 lower-case hex digits");
  out.id = *id;
  const auto bytes = internal::base64_decode(text.substr(second + 1));
  if (!bytes || bytes->size() != 33) return bad("key is not base64 of 33 bytes");
  if ((*bytes)[0] != type)
    return bad(type == kEd25519SignatureType ? "not an Ed25519 key (type 0x01)"
                                             : "not a key of type 0x" + hex8(type).substr(6));
  out.key.assign(bytes->begin() + 1, bytes->end());
  return out;
}

std::uint32_t read_be32(const std::uint8_t* bytes) {
  return static_cast<std::uint32_t>(bytes[0]) << 24 | static_cast<std::uint32_t>(bytes[1]) << 16 |
         static_cast<std::uint32_t>(bytes[2]) << 8 | static_cast<std::uint32_t>(bytes[3]);
}

std::string signature_line(std::string_view name, std::uint32_t id,
                           std::span<const std::uint8_t> signature) {
  std::vector<std::uint8_t> bytes{
      static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
      static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
  bytes.insert(bytes.end(), signature.begin(), signature.end());
  return std::string(kSignaturePrefix) + std::string(name) + " " + internal::base64_encode(bytes) +
         "\n";
}

Result<OpenedNote> malformed(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "note");
}

}  // namespace

Result<void> check_key_name(std::string_view name) {
  if (name.empty() || !internal::valid_utf8(name) || name.find('+') != std::string_view::npos ||
      internal::contains_unicode_space(name)) {
    return fail(ErrorKind::invalid_input,
                "a key name must be non-empty UTF-8 without spaces or '+'", "key name");
  }
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return fail(ErrorKind::invalid_input, "control character in key name", "key name");
    }
  }
  return {};
}

std::uint32_t key_id(std::string_view name, std::uint8_t signature_type, const PublicKey& key) {
  std::string input(name);
  input += '\n';
  input += static_cast<char>(signature_type);
  input.append(key.begin(), key.end());
  const Hash digest = core::sha256(input);
  return read_be32(digest.data());
}

Ed25519Verifier::Ed25519Verifier(std::string name, const PublicKey& key)
    : name_(std::move(name)),
      key_(key),
      id_(exchange::key_id(name_, kEd25519SignatureType, key_)) {}

std::string format_verifier_key(std::string_view name, std::uint8_t type, const PublicKey& key) {
  std::vector<std::uint8_t> bytes{type};
  bytes.insert(bytes.end(), key.begin(), key.end());
  return std::string(name) + "+" + hex8(exchange::key_id(name, type, key)) + "+" +
         internal::base64_encode(bytes);
}

Result<std::pair<std::string, PublicKey>> parse_verifier_key(std::string_view text,
                                                             std::uint8_t type) {
  ECHRI_ASSIGN_OR_RETURN(KeyText parsed, parse_key_text(text, "verifier key", type));
  PublicKey key{};
  std::copy(parsed.key.begin(), parsed.key.end(), key.begin());
  if (exchange::key_id(parsed.name, type, key) != parsed.id)
    return fail(ErrorKind::invalid_input, "key id does not match the name and key", "verifier key");
  return std::pair{std::move(parsed.name), key};
}

Result<Ed25519Verifier> Ed25519Verifier::parse(std::string_view verifier_key) {
  ECHRI_ASSIGN_OR_RETURN(KeyText parsed, parse_key_text(verifier_key, "verifier key"));
  PublicKey key{};
  std::copy(parsed.key.begin(), parsed.key.end(), key.begin());
  Ed25519Verifier verifier(std::move(parsed.name), key);
  if (verifier.key_id() != parsed.id) {
    return fail(ErrorKind::invalid_input, "key id does not match the name and key", "verifier key");
  }
  return verifier;
}

bool Ed25519Verifier::verify(std::string_view text, std::span<const std::uint8_t> signature) const {
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size(), key_.data()) == 0;
}

std::string Ed25519Verifier::verifier_key() const {
  std::vector<std::uint8_t> bytes{kEd25519SignatureType};
  bytes.insert(bytes.end(), key_.begin(), key_.end());
  return name_ + "+" + hex8(id_) + "+" + internal::base64_encode(bytes);
}

Result<Ed25519Signer> Ed25519Signer::generate(std::string_view name) {
  internal::ensure_sodium();
  std::array<std::uint8_t, 32> seed{};
  randombytes_buf(seed.data(), seed.size());
  auto signer = from_seed(name, seed);
  sodium_memzero(seed.data(), seed.size());
  return signer;
}

Result<Ed25519Signer> Ed25519Signer::from_seed(std::string_view name,
                                               std::span<const std::uint8_t, 32> seed) {
  ECHRI_TRY(check_key_name(name));
  Ed25519Signer signer;
  signer.name_ = std::string(name);
  crypto_sign_seed_keypair(signer.public_.data(), signer.secret_.data(), seed.data());
  signer.id_ = exchange::key_id(signer.name_, kEd25519SignatureType, signer.public_);
  return signer;
}

Result<Ed25519Signer> Ed25519Signer::parse(std::string_view private_key) {
  if (!private_key.starts_with(kPrivatePrefix)) {
    return fail(ErrorKind::invalid_input, "expected PRIVATE+KEY+name+id+key", "private key");
  }
  ECHRI_ASSIGN_OR_RETURN(KeyText parsed,
                         parse_key_text(private_key.substr(kPrivatePrefix.size()), "private key"));
  if (parsed.key.size() != 32) {
    return fail(ErrorKind::invalid_input, "seed is not 32 bytes", "private key");
  }
  ECHRI_ASSIGN_OR_RETURN(
      Ed25519Signer signer,
      from_seed(parsed.name, std::span<const std::uint8_t, 32>(parsed.key.data(), 32)));
  sodium_memzero(parsed.key.data(), parsed.key.size());
  if (signer.key_id() != parsed.id) {
    return fail(ErrorKind::invalid_input, "key id does not match the name and key", "private key");
  }
  return signer;
}

Ed25519Signer::~Ed25519Signer() {
  sodium_memzero(secret_.data(), secret_.size());
}
Ed25519Signer::Ed25519Signer(const Ed25519Signer& other) = default;
Ed25519Signer& Ed25519Signer::operator=(const Ed25519Signer& other) = default;
Ed25519Signer::Ed25519Signer(Ed25519Signer&& other) noexcept
    : name_(std::move(other.name_)),
      secret_(other.secret_),
      public_(other.public_),
      id_(other.id_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}
Ed25519Signer& Ed25519Signer::operator=(Ed25519Signer&& other) noexcept {
  if (this != &other) {
    name_ = std::move(other.name_);
    secret_ = other.secret_;
    public_ = other.public_;
    id_ = other.id_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

std::array<std::uint8_t, 64> Ed25519Signer::sign_message(std::string_view message) const {
  std::array<std::uint8_t, 64> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return signature;
}

Result<std::vector<std::uint8_t>> Ed25519Signer::sign(std::string_view text) const {
  const auto signature = sign_message(text);
  return std::vector<std::uint8_t>(signature.begin(), signature.end());
}

std::string Ed25519Signer::private_key() const {
  std::vector<std::uint8_t> bytes{kEd25519SignatureType};
  bytes.insert(bytes.end(), secret_.begin(), secret_.begin() + 32);  // the seed
  std::string out =
      std::string(kPrivatePrefix) + name_ + "+" + hex8(id_) + "+" + internal::base64_encode(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return out;
}

std::string Ed25519Signer::verifier_key() const {
  return verifier().verifier_key();
}

Result<void> check_note_text(std::string_view text) {
  const auto bad = [](std::string message) {
    return fail(ErrorKind::invalid_input, std::move(message), "note text");
  };
  if (text.empty() || text.back() != '\n') return bad("must end with a newline");
  if (!internal::valid_utf8(text)) return bad("not valid UTF-8");
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return bad("control character");
  }
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    if (text.substr(line_start).starts_with(kEmDash)) {
      return bad("a line starts with an em dash, as a signature line does");
    }
    line_start = text.find('\n', line_start) + 1;
  }
  return {};
}

Result<std::string> sign_note(std::string_view text, std::span<const NoteSigner* const> signers) {
  ECHRI_TRY(check_note_text(text));
  if (signers.empty()) {
    return fail(ErrorKind::invalid_input, "a note needs at least one signer", "signers");
  }
  std::string out(text);
  out += '\n';
  for (const NoteSigner* signer : signers) {
    ECHRI_TRY(check_key_name(signer->name()));
    ECHRI_ASSIGN_OR_RETURN(const auto signature, signer->sign(text));
    out += signature_line(signer->name(), signer->key_id(), signature);
  }
  return out;
}

std::optional<std::string_view> note_text(std::string_view note) {
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return std::nullopt;
  return note.substr(0, split + 1);
}

Result<OpenedNote> open_note(std::string_view note, std::span<const NoteVerifier* const> known) {
  if (!internal::valid_utf8(note)) return malformed("not valid UTF-8");
  for (const char c : note) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return malformed("control character");
  }
  const auto text = note_text(note);
  if (!text) return malformed("no blank line before the signatures");
  OpenedNote out;
  out.text = std::string(*text);
  std::string_view lines = note.substr(text->size() + 1);
  if (lines.empty() || lines.back() != '\n') return malformed("no signature lines");

  for (std::size_t i = 0; i < known.size(); ++i) {
    for (std::size_t j = i + 1; j < known.size(); ++j) {
      if (known[i]->name() == known[j]->name() && known[i]->key_id() == known[j]->key_id()) {
        return fail(ErrorKind::invalid_input, "two known keys share name and key id", "keys");
      }
    }
  }

  std::set<std::pair<std::string, std::uint32_t>> seen;
  std::size_t count = 0;
  while (!lines.empty()) {
    const std::size_t end = lines.find('\n');
    const std::string_view line = lines.substr(0, end);
    lines.remove_prefix(end + 1);
    if (++count > kMaxSignatures) return malformed("too many signatures");
    if (!line.starts_with(kSignaturePrefix)) return malformed("not a signature line");
    const std::string_view rest = line.substr(kSignaturePrefix.size());
    const std::size_t space = rest.find(' ');
    if (space == std::string_view::npos) return malformed("signature line without signature");
    NoteSignature signature;
    signature.name = std::string(rest.substr(0, space));
    if (!check_key_name(signature.name)) return malformed("bad key name in a signature line");
    const auto bytes = internal::base64_decode(rest.substr(space + 1));
    if (!bytes || bytes->size() < 5) return malformed("signature is not base64 of id || bytes");
    signature.key_id = read_be32(bytes->data());
    signature.signature.assign(bytes->begin() + 4, bytes->end());

    const auto verifier = std::find_if(known.begin(), known.end(), [&](const NoteVerifier* v) {
      return v->name() == signature.name && v->key_id() == signature.key_id;
    });
    if (verifier == known.end()) {
      out.unverified.push_back(std::move(signature));
      continue;
    }
    if (!seen.emplace(signature.name, signature.key_id).second) {
      return malformed("two signatures by the same key " + signature.name);
    }
    if (!(*verifier)->verify(out.text, signature.signature)) {
      return fail(ErrorKind::forbidden, "signature by " + signature.name + " does not verify",
                  "note");
    }
    out.verified.push_back(std::move(signature));
  }
  ECHRI_TRY(check_note_text(out.text).map_error([](Error error) {
    error.where = "note";
    return error;
  }));
  if (out.verified.empty()) {
    return fail(ErrorKind::forbidden, "no signature by a known key", "note");
  }
  return out;
}

}  // namespace echri::exchange
