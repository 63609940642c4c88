#include "exchange/sealed.hpp"

#include <sodium.h>

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/country.hpp"
#include "exchange/internal/encoding.hpp"

namespace echri::exchange {
namespace {

using nlohmann::json;

constexpr std::string_view kPublicPrefix = "x25519:";
constexpr std::string_view kSecretPrefix = "PRIVATE+X25519+";
constexpr std::string_view kAlgorithm = "xchacha20poly1305+sealedbox";
constexpr std::string_view kDomain = "echri-sealed/v1\n";
constexpr std::size_t kContentKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kWrappedBytes = crypto_box_SEALBYTES + kContentKeyBytes;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == 24);
static_assert(kContentKeyBytes == 32 && kWrappedBytes == 80);

// The content key lives only as long as one seal or open; wiped however that ends.
class ContentKey {
 public:
  ContentKey() = default;
  ~ContentKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
  ContentKey(const ContentKey&) = delete;
  ContentKey& operator=(const ContentKey&) = delete;
  ContentKey(ContentKey&&) = delete;
  ContentKey& operator=(ContentKey&&) = delete;
  std::uint8_t* data() { return bytes_.data(); }

 private:
  std::array<std::uint8_t, kContentKeyBytes> bytes_{};
};

const std::uint8_t* bytes_of(std::string_view text) {
  return reinterpret_cast<const std::uint8_t*>(text.data());
}

std::span<const std::uint8_t> span_of(std::string_view text) {
  return {bytes_of(text), text.size()};
}

// Upper case only, so that the code a reader looks for and the code in the authenticated list are
// spelled the same; "XK" (Kosovo) is the one code outside ISO 3166-1 that core accepts.
Result<void> check_state(std::string_view state, std::string where) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (state.size() == 2 && upper(state[0]) && upper(state[1]) && core::country_by_code(state)) {
    return {};
  }
  std::string message = "not an ISO 3166-1 alpha-2 state code in upper case";
  const bool printable =
      std::all_of(state.begin(), state.end(), [](char c) { return c > ' ' && c < 0x7F; });
  if (state.size() <= 8 && printable) message += ": \"" + std::string(state) + "\"";
  return fail(ErrorKind::invalid_input, std::move(message), std::move(where));
}

// Every reader rebuilds this from what it received; any difference from what the sealer bound
// fails authentication. The codes have a fixed length and the list ends with a newline, so no
// two recipient lists and headers run together into the same bytes.
std::string additional_data(std::vector<std::string_view> states, std::string_view associated) {
  std::sort(states.begin(), states.end());
  std::string out(kDomain);
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i > 0) out += ',';
    out += states[i];
  }
  out += '\n';
  out += associated;
  return out;
}

[[noreturn]] void bad(std::string message, std::string path) {
  raise(ErrorKind::invalid_input, std::move(message), std::move(path));
}

// An object with exactly the members named.
void check_members(const json& object, std::initializer_list<std::string_view> names,
                   const std::string& path) {
  if (!object.is_object()) bad("expected an object", path);
  for (const auto& item : object.items()) {
    if (std::find(names.begin(), names.end(), item.key()) == names.end()) {
      bad("unknown member", path + "." + item.key());
    }
  }
  for (const std::string_view name : names) {
    if (!object.contains(name)) bad("missing", path + "." + std::string(name));
  }
}

const std::string& string_at(const json& object, std::string_view name, const std::string& path) {
  const json& value = object.at(name);
  if (!value.is_string()) bad("expected a string", path);
  return value.get_ref<const std::string&>();
}

std::vector<std::uint8_t> base64_at(const json& object, std::string_view name,
                                    const std::string& path) {
  auto bytes = internal::base64_decode(string_at(object, name, path));
  if (!bytes) bad("expected canonical base64 (standard alphabet, padded)", path);
  return std::move(*bytes);
}

SealedContent parse_sealed(const json& object, const std::string& path) {
  check_members(object, {"alg", "nonce", "ciphertext", "keys"}, path);
  if (string_at(object, "alg", path + ".alg") != kAlgorithm) {
    bad("unknown algorithm; expected " + std::string(kAlgorithm), path + ".alg");
  }
  SealedContent out;
  const auto nonce = base64_at(object, "nonce", path + ".nonce");
  if (nonce.size() != out.nonce.size()) bad("expected a 24-byte nonce", path + ".nonce");
  std::copy(nonce.begin(), nonce.end(), out.nonce.begin());
  const auto ciphertext = base64_at(object, "ciphertext", path + ".ciphertext");
  if (ciphertext.size() < kTagBytes) {
    bad("shorter than its 16-byte authentication tag", path + ".ciphertext");
  }
  out.ciphertext.assign(ciphertext.begin(), ciphertext.end());

  const json& keys = object.at("keys");
  const std::string keys_path = path + ".keys";
  if (!keys.is_array()) bad("expected an array", keys_path);
  if (keys.empty()) bad("sealed content needs at least one recipient", keys_path);
  // Sorted and unique is checked as the keys are read, which also bounds the work on a long
  // array: there are fewer than 256 state codes.
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string key_path = keys_path + "[" + std::to_string(i) + "]";
    check_members(keys[i], {"state", "wrapped"}, key_path);
    WrappedKey key;
    key.state = string_at(keys[i], "state", key_path + ".state");
    value_or_raise(check_state(key.state, key_path + ".state"));
    if (!out.keys.empty() && key.state <= out.keys.back().state) {
      bad(key.state == out.keys.back().state ? "a second key for " + key.state
                                             : "keys are not sorted by state",
          key_path + ".state");
    }
    const auto wrapped = base64_at(keys[i], "wrapped", key_path + ".wrapped");
    if (wrapped.size() != kWrappedBytes) {
      bad("expected an 80-byte wrapped key", key_path + ".wrapped");
    }
    key.wrapped.assign(wrapped.begin(), wrapped.end());
    out.keys.push_back(std::move(key));
  }
  return out;
}

}  // namespace

Result<EncryptionKeyPair> EncryptionKeyPair::generate() {
  internal::ensure_sodium();
  EncryptionKeyPair pair;
  if (crypto_box_keypair(pair.public_.data(), pair.secret_.data()) != 0) {
    return fail(ErrorKind::internal, "could not generate an X25519 key pair", "key pair");
  }
  return pair;
}

Result<EncryptionKeyPair> EncryptionKeyPair::from_secret(std::span<const std::uint8_t, 32> secret) {
  internal::ensure_sodium();
  EncryptionKeyPair pair;
  std::copy(secret.begin(), secret.end(), pair.secret_.begin());
  if (crypto_scalarmult_base(pair.public_.data(), pair.secret_.data()) != 0) {
    return fail(ErrorKind::invalid_input, "not a usable X25519 secret key", "secret key");
  }
  return pair;
}

Result<EncryptionKeyPair> EncryptionKeyPair::parse(std::string_view secret_key) {
  if (!secret_key.starts_with(kSecretPrefix)) {
    return fail(ErrorKind::invalid_input, "expected PRIVATE+X25519+<base64 of 32 bytes>",
                "secret key");
  }
  auto bytes = internal::base64_decode(secret_key.substr(kSecretPrefix.size()));
  if (!bytes || bytes->size() != 32) {
    if (bytes) sodium_memzero(bytes->data(), bytes->size());
    return fail(ErrorKind::invalid_input, "the secret is not canonical base64 of 32 bytes",
                "secret key");
  }
  auto pair = from_secret(std::span<const std::uint8_t, 32>(bytes->data(), 32));
  sodium_memzero(bytes->data(), bytes->size());
  return pair;
}

EncryptionKeyPair::~EncryptionKeyPair() {
  sodium_memzero(secret_.data(), secret_.size());
}
EncryptionKeyPair::EncryptionKeyPair(const EncryptionKeyPair& other) = default;
EncryptionKeyPair& EncryptionKeyPair::operator=(const EncryptionKeyPair& other) = default;
EncryptionKeyPair::EncryptionKeyPair(EncryptionKeyPair&& other) noexcept
    : secret_(other.secret_), public_(other.public_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}
EncryptionKeyPair& EncryptionKeyPair::operator=(EncryptionKeyPair&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_ = other.public_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

std::string EncryptionKeyPair::secret_key() const {
  return std::string(kSecretPrefix) + internal::base64_encode(secret_);
}

std::string EncryptionKeyPair::public_key_text() const {
  return format_encryption_key(public_);
}

std::string format_encryption_key(const EncryptionPublicKey& key) {
  return std::string(kPublicPrefix) + internal::base64_encode(key);
}

Result<EncryptionPublicKey> parse_encryption_key(std::string_view text) {
  if (!text.starts_with(kPublicPrefix)) {
    return fail(ErrorKind::invalid_input, "expected x25519:<base64 of 32 bytes>", "public key");
  }
  const auto bytes = internal::base64_decode(text.substr(kPublicPrefix.size()));
  if (!bytes || bytes->size() != 32) {
    return fail(ErrorKind::invalid_input, "the key is not canonical base64 of 32 bytes",
                "public key");
  }
  EncryptionPublicKey key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

Result<SealedContent> seal(std::string_view plaintext, std::span<const SealedRecipient> recipients,
                           std::string_view associated) {
  internal::ensure_sodium();
  if (recipients.empty()) {
    return fail(ErrorKind::invalid_input, "sealed content needs at least one recipient",
                "recipients");
  }
  std::vector<std::size_t> order(recipients.size());
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    ECHRI_TRY(check_state(recipients[i].state, "recipients[" + std::to_string(i) + "].state"));
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return recipients[a].state < recipients[b].state;
  });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (recipients[order[i]].state == recipients[order[i - 1]].state) {
      return fail(ErrorKind::invalid_input, recipients[order[i]].state + " is a recipient twice",
                  "recipients[" + std::to_string(std::max(order[i], order[i - 1])) + "].state");
    }
  }

  ContentKey content_key;
  crypto_aead_xchacha20poly1305_ietf_keygen(content_key.data());
  SealedContent out;
  randombytes_buf(out.nonce.data(), out.nonce.size());
  std::vector<std::string_view> states;
  for (const std::size_t i : order) {
    WrappedKey key{recipients[i].state, std::string(kWrappedBytes, '\0')};
    if (crypto_box_seal(reinterpret_cast<unsigned char*>(key.wrapped.data()), content_key.data(),
                        kContentKeyBytes, recipients[i].key.data()) != 0) {
      return fail(ErrorKind::invalid_input,
                  "the key of " + recipients[i].state + " is not a usable X25519 public key",
                  "recipients[" + std::to_string(i) + "].key");
    }
    states.push_back(recipients[i].state);
    out.keys.push_back(std::move(key));
  }

  const std::string aad = additional_data(std::move(states), associated);
  out.ciphertext.resize(plaintext.size() + kTagBytes);
  unsigned long long size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.ciphertext.data()), &size, bytes_of(plaintext),
      plaintext.size(), bytes_of(aad), aad.size(), nullptr, out.nonce.data(), content_key.data());
  out.ciphertext.resize(size);
  return out;
}

Result<std::string> open_sealed(const SealedContent& content, std::string_view state,
                                const EncryptionKeyPair& keys, std::string_view associated) {
  internal::ensure_sodium();
  ECHRI_TRY(check_state(state, "state"));
  const auto mine = std::find_if(content.keys.begin(), content.keys.end(),
                                 [&](const WrappedKey& key) { return key.state == state; });
  if (mine == content.keys.end()) {
    return fail(ErrorKind::forbidden, "not addressed to " + std::string(state), "sealed content");
  }
  if (mine->wrapped.size() != kWrappedBytes) {
    return fail(ErrorKind::invalid_input,
                "the wrapped key of " + std::string(state) + " is not 80 bytes", "sealed content");
  }
  ContentKey content_key;
  if (crypto_box_seal_open(content_key.data(), bytes_of(mine->wrapped), mine->wrapped.size(),
                           keys.public_.data(), keys.secret_.data()) != 0) {
    return fail(ErrorKind::forbidden,
                "this key pair does not unwrap the content key of " + std::string(state) +
                    ": not that state's key",
                "sealed content");
  }
  if (content.ciphertext.size() < kTagBytes) {
    return fail(ErrorKind::invalid_input, "ciphertext shorter than its authentication tag",
                "sealed content");
  }

  std::vector<std::string_view> states;
  states.reserve(content.keys.size());
  for (const WrappedKey& key : content.keys) states.emplace_back(key.state);
  const std::string aad = additional_data(std::move(states), associated);
  std::string plaintext(content.ciphertext.size() - kTagBytes, '\0');
  unsigned long long size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &size, nullptr,
          bytes_of(content.ciphertext), content.ciphertext.size(), bytes_of(aad), aad.size(),
          content.nonce.data(), content_key.data()) != 0) {
    return fail(ErrorKind::invalid_input,
                "sealed content does not authenticate: altered, or moved from another entry",
                "sealed content");
  }
  plaintext.resize(size);
  return plaintext;
}

json sealed_to_json(const SealedContent& content) {
  json keys = json::array();
  for (const WrappedKey& key : content.keys) {
    keys.push_back(
        {{"state", key.state}, {"wrapped", internal::base64_encode(span_of(key.wrapped))}});
  }
  return {{"alg", kAlgorithm},
          {"nonce", internal::base64_encode(content.nonce)},
          {"ciphertext", internal::base64_encode(span_of(content.ciphertext))},
          {"keys", std::move(keys)}};
}

Result<SealedContent> sealed_from_json(const json& object, std::string_view where) {
  return catch_failure([&]() -> Result<SealedContent> {
    return parse_sealed(object, where.empty() ? std::string("$") : std::string(where));
  });
}

}  // namespace echri::exchange
