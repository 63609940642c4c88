#include "exchange/sealed.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "exchange/internal/encoding.hpp"
#include "support/result_matchers.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;
using nlohmann::json;
using ::testing::HasSubstr;

constexpr std::string_view kHeader = "issuer=DE\naudience=DE,FR\nkind=denial\n";
constexpr std::string_view kText = "Denial DE-2024-0042: thermal imaging cameras to end user X.";

EncryptionKeyPair new_pair() {
  auto generated = EncryptionKeyPair::generate();
  EXPECT_THAT(generated, IsOk());
  return *std::move(generated);
}

// One sealed content for DE and FR (given out of order), with the key pairs to read it.
struct Fixture {
  EncryptionKeyPair de = new_pair();
  EncryptionKeyPair fr = new_pair();
  EncryptionKeyPair nl = new_pair();
  SealedContent sealed;

  Fixture() {
    const SealedRecipient recipients[] = {{"FR", fr.public_key()}, {"DE", de.public_key()}};
    auto result = seal(kText, recipients, kHeader);
    EXPECT_THAT(result, IsOk());
    sealed = *std::move(result);
  }
};

std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(
        static_cast<std::uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

TEST(Sealed, EachRecipientOpensAndKeysAreSortedByState) {
  const Fixture f;
  ASSERT_EQ(f.sealed.keys.size(), 2u);
  EXPECT_EQ(f.sealed.keys[0].state, "DE");
  EXPECT_EQ(f.sealed.keys[1].state, "FR");
  EXPECT_EQ(f.sealed.keys[0].wrapped.size(), 80u);
  EXPECT_EQ(f.sealed.ciphertext.size(), kText.size() + 16);
  EXPECT_EQ(f.sealed.ciphertext.find(kText), std::string::npos);

  const auto by_de = open_sealed(f.sealed, "DE", f.de, kHeader);
  ASSERT_THAT(by_de, IsOk());
  EXPECT_EQ(*by_de, kText);
  const auto by_fr = open_sealed(f.sealed, "FR", f.fr, kHeader);
  ASSERT_THAT(by_fr, IsOk());
  EXPECT_EQ(*by_fr, kText);
}

TEST(Sealed, SealingTwiceUsesFreshKeysAndNonces) {
  const Fixture f;
  const SealedRecipient recipients[] = {{"DE", f.de.public_key()}};
  const auto first = seal(kText, recipients, kHeader);
  const auto second = seal(kText, recipients, kHeader);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_NE(first->nonce, second->nonce);
  EXPECT_NE(first->ciphertext, second->ciphertext);
  EXPECT_NE(first->keys[0].wrapped, second->keys[0].wrapped);
}

TEST(Sealed, EmptyTextRoundTrips) {
  const Fixture f;
  const SealedRecipient recipients[] = {{"XK", f.de.public_key()}};
  const auto sealed = seal("", recipients, "");
  ASSERT_THAT(sealed, IsOk());
  EXPECT_EQ(sealed->ciphertext.size(), 16u);
  const auto opened = open_sealed(*sealed, "XK", f.de, "");
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(*opened, "");
}

TEST(Sealed, AStateNotAddressedCannotOpenButEveryPeerParsesTheEntry) {
  const Fixture f;
  const auto opened = open_sealed(f.sealed, "NL", f.nl, kHeader);
  ASSERT_THAT(opened, FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(opened.error().message, HasSubstr("not addressed to NL"));

  const auto parsed = sealed_from_json(sealed_to_json(f.sealed), "$.sealed");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(*parsed, f.sealed);
  EXPECT_EQ(*open_sealed(*parsed, "FR", f.fr, kHeader), kText);
}

TEST(Sealed, AnotherStatesKeyPairIsRefused) {
  const Fixture f;
  EXPECT_THAT(open_sealed(f.sealed, "DE", f.fr, kHeader), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(open_sealed(f.sealed, "DE", f.nl, kHeader), FailsWith(ErrorKind::forbidden));
}

TEST(Sealed, StateToOpenAsMustBeACode) {
  const Fixture f;
  EXPECT_THAT(open_sealed(f.sealed, "de", f.de, kHeader),
              FailsWith(ErrorKind::invalid_input, "state"));
}

TEST(Sealed, AlteredContentDoesNotAuthenticate) {
  const Fixture f;
  SealedContent flipped = f.sealed;
  flipped.ciphertext[3] = static_cast<char>(flipped.ciphertext[3] ^ 0x01);
  const auto opened = open_sealed(flipped, "DE", f.de, kHeader);
  ASSERT_THAT(opened, FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(opened.error().message, HasSubstr("does not authenticate"));

  SealedContent truncated = f.sealed;
  truncated.ciphertext.pop_back();
  EXPECT_THAT(open_sealed(truncated, "DE", f.de, kHeader), FailsWith(ErrorKind::invalid_input));

  SealedContent renonced = f.sealed;
  renonced.nonce[0] ^= 0x01;
  EXPECT_THAT(open_sealed(renonced, "FR", f.fr, kHeader), FailsWith(ErrorKind::invalid_input));
}

TEST(Sealed, ContentMovedToAnotherEntryDoesNotAuthenticate) {
  const Fixture f;
  const auto opened =
      open_sealed(f.sealed, "DE", f.de, "issuer=DE\naudience=DE,FR\nkind=threat-report\n");
  ASSERT_THAT(opened, FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(opened.error().message, HasSubstr("moved from another entry"));
  EXPECT_THAT(open_sealed(f.sealed, "DE", f.de, ""), FailsWith(ErrorKind::invalid_input));
}

TEST(Sealed, ContentKeyFromAnotherSealingDoesNotAuthenticate) {
  // A node with another sealing for DE swaps in its wrapped key: DE unwraps a content key, but
  // not the one this ciphertext was written with.
  const Fixture f;
  SealedContent swapped = f.sealed;
  const SealedRecipient to_de[] = {{"DE", f.de.public_key()}};
  swapped.keys[0].wrapped = seal("other", to_de, kHeader)->keys[0].wrapped;
  EXPECT_THAT(open_sealed(swapped, "DE", f.de, kHeader), FailsWith(ErrorKind::invalid_input));
}

TEST(Sealed, RecipientListAlteredInTheJsonDoesNotAuthenticate) {
  const Fixture f;
  const json original = sealed_to_json(f.sealed);

  // FR's key dropped: the entry still parses, but DE sees the list it was sealed for changed.
  json dropped = original;
  dropped["keys"].erase(1);
  const auto without_fr = sealed_from_json(dropped, "$.sealed");
  ASSERT_THAT(without_fr, IsOk());
  EXPECT_THAT(open_sealed(*without_fr, "DE", f.de, kHeader), FailsWith(ErrorKind::invalid_input));

  // FR renamed to NL: NL's key does not unwrap FR's key, FR is no longer addressed, and DE sees
  // the change.
  json renamed = original;
  renamed["keys"][1]["state"] = "NL";
  const auto as_nl = sealed_from_json(renamed, "$.sealed");
  ASSERT_THAT(as_nl, IsOk());
  EXPECT_THAT(open_sealed(*as_nl, "NL", f.nl, kHeader), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(open_sealed(*as_nl, "FR", f.fr, kHeader), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(open_sealed(*as_nl, "DE", f.de, kHeader), FailsWith(ErrorKind::invalid_input));

  // A recipient added: it cannot read (it gets a copy of FR's wrapped key), and DE sees it.
  json added = original;
  added["keys"].push_back({{"state", "NL"}, {"wrapped", original["keys"][1]["wrapped"]}});
  const auto with_nl = sealed_from_json(added, "$.sealed");
  ASSERT_THAT(with_nl, IsOk());
  EXPECT_THAT(open_sealed(*with_nl, "NL", f.nl, kHeader), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(open_sealed(*with_nl, "DE", f.de, kHeader), FailsWith(ErrorKind::invalid_input));
}

TEST(Sealed, RecipientsMustBeDistinctStatesWithUsableKeys) {
  const Fixture f;
  const auto none = seal(kText, {}, kHeader);
  ASSERT_THAT(none, FailsWith(ErrorKind::invalid_input, "recipients"));
  EXPECT_THAT(none.error().message, HasSubstr("at least one recipient"));

  const SealedRecipient twice[] = {
      {"DE", f.de.public_key()}, {"FR", f.fr.public_key()}, {"DE", f.nl.public_key()}};
  const auto duplicate = seal(kText, twice, kHeader);
  ASSERT_THAT(duplicate, FailsWith(ErrorKind::invalid_input, "recipients[2].state"));
  EXPECT_THAT(duplicate.error().message, HasSubstr("DE is a recipient twice"));

  for (const std::string_view code : {"de", "DEU", "", "XX", "D1", "EU"}) {
    const SealedRecipient bad[] = {{"FR", f.fr.public_key()},
                                   {std::string(code), f.de.public_key()}};
    EXPECT_THAT(seal(kText, bad, kHeader),
                FailsWith(ErrorKind::invalid_input, "recipients[1].state"))
        << code;
  }

  // The all-zero point has small order: sealing to it would give away the content key.
  const SealedRecipient weak[] = {{"DE", EncryptionPublicKey{}}};
  EXPECT_THAT(seal(kText, weak, kHeader), FailsWith(ErrorKind::invalid_input, "recipients[0].key"));
}

TEST(SealedKeys, KnownAnswerFromRfc7748) {
  // RFC 7748 section 6.1, Alice's key pair.
  const auto secret = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const auto expected = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  const auto keys = EncryptionKeyPair::from_secret(std::span<const std::uint8_t, 32>(secret));
  ASSERT_THAT(keys, IsOk());
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), keys->public_key().begin()));
  EXPECT_EQ(keys->public_key_text(), "x25519:" + internal::base64_encode(expected));
  EXPECT_EQ(keys->secret_key(), "PRIVATE+X25519+" + internal::base64_encode(secret));
}

TEST(SealedKeys, TextFormatsRoundTrip) {
  const EncryptionKeyPair keys = new_pair();
  const std::string public_text = keys.public_key_text();
  EXPECT_TRUE(public_text.starts_with("x25519:"));
  EXPECT_EQ(public_text, format_encryption_key(keys.public_key()));
  const auto key = parse_encryption_key(public_text);
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(*key, keys.public_key());

  const std::string secret_text = keys.secret_key();
  EXPECT_TRUE(secret_text.starts_with("PRIVATE+X25519+"));
  const auto parsed = EncryptionKeyPair::parse(secret_text);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->public_key(), keys.public_key());
  EXPECT_EQ(parsed->secret_key(), secret_text);
}

TEST(SealedKeys, DeviatingTextsAreRefusedWithAMessage) {
  const EncryptionKeyPair keys = new_pair();
  const std::string b64 = internal::base64_encode(keys.public_key());
  const std::array<std::uint8_t, 31> short_key{};
  // The last character before '=' carries two unused bits; setting one gives a second spelling
  // of the same bytes.
  ASSERT_TRUE(b64.ends_with("=") && !b64.ends_with("=="));
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string loose = b64;
  loose[loose.size() - 2] = kAlphabet[kAlphabet.find(loose[loose.size() - 2]) + 1];

  for (const std::string& text :
       {b64, "X25519:" + b64, "x25519: " + b64, "x25519:" + b64 + "\n",
        "x25519:" + b64.substr(0, b64.size() - 1), "x25519:" + internal::base64_encode(short_key),
        "x25519:" + loose, "ed25519:" + b64, std::string()}) {
    const auto parsed = parse_encryption_key(text);
    ASSERT_THAT(parsed, FailsWith(ErrorKind::invalid_input, "public key")) << text;
    EXPECT_THAT(parsed.error().message, HasSubstr("32 bytes")) << text;
  }

  const std::string secret_b64 = keys.secret_key().substr(15);
  const std::array<std::uint8_t, 33> long_secret{};
  for (const std::string& text :
       {secret_b64, "PRIVATE+KEY+" + secret_b64, "private+x25519+" + secret_b64,
        "PRIVATE+X25519+" + secret_b64.substr(1),
        "PRIVATE+X25519+" + internal::base64_encode(long_secret)}) {
    const auto parsed = EncryptionKeyPair::parse(text);
    ASSERT_THAT(parsed, FailsWith(ErrorKind::invalid_input, "secret key")) << text;
    EXPECT_THAT(parsed.error().message, HasSubstr("32 bytes")) << text;
  }
}

TEST(SealedKeys, CopiesAndMovesKeepTheKey) {
  const Fixture f;
  EncryptionKeyPair copy = f.de;
  EXPECT_EQ(copy.secret_key(), f.de.secret_key());
  EncryptionKeyPair moved = std::move(copy);
  EXPECT_EQ(*open_sealed(f.sealed, "DE", moved, kHeader), kText);
  EncryptionKeyPair assigned = new_pair();
  assigned = f.fr;
  EXPECT_EQ(*open_sealed(f.sealed, "FR", assigned, kHeader), kText);
  assigned = std::move(moved);
  EXPECT_EQ(*open_sealed(f.sealed, "DE", assigned, kHeader), kText);
}

TEST(SealedJson, HasTheDocumentedShape) {
  const Fixture f;
  const json out = sealed_to_json(f.sealed);
  EXPECT_EQ(out.size(), 4u);
  EXPECT_EQ(out.at("alg"), "xchacha20poly1305+sealedbox");
  EXPECT_EQ(internal::base64_decode(out.at("nonce").get<std::string>())->size(), 24u);
  EXPECT_EQ(internal::base64_decode(out.at("ciphertext").get<std::string>())->size(),
            kText.size() + 16);
  ASSERT_EQ(out.at("keys").size(), 2u);
  EXPECT_EQ(out.at("keys")[0].at("state"), "DE");
  EXPECT_EQ(out.at("keys")[1].at("state"), "FR");
  EXPECT_EQ(internal::base64_decode(out.at("keys")[1].at("wrapped").get<std::string>())->size(),
            80u);
  // Through text, as peers exchange it.
  EXPECT_EQ(*sealed_from_json(json::parse(out.dump()), "$"), f.sealed);
}

TEST(SealedJson, NamesThePathOfEachProblem) {
  const Fixture f;
  const json good = sealed_to_json(f.sealed);
  const std::string nonce = good["nonce"];
  const std::string wrapped = good["keys"][0]["wrapped"];
  const std::string ciphertext = good["ciphertext"];

  struct Case {
    std::string what;
    json document;
    std::string where;
  };
  std::vector<Case> cases;
  const auto with = [&](std::string what, const json::json_pointer& pointer, json value,
                        std::string where) {
    json document = good;
    document[pointer] = std::move(value);
    cases.push_back({std::move(what), std::move(document), std::move(where)});
  };
  with("unknown algorithm", json::json_pointer("/alg"), "aes256gcm", "$.sealed.alg");
  with("algorithm not a string", json::json_pointer("/alg"), 1, "$.sealed.alg");
  with("short nonce", json::json_pointer("/nonce"), wrapped.substr(0, 16), "$.sealed.nonce");
  with("ciphertext cut short", json::json_pointer("/ciphertext"), ciphertext.substr(1),
       "$.sealed.ciphertext");
  // 80 bytes end in one '=' of padding.
  with("unpadded wrapped key", json::json_pointer("/keys/0/wrapped"),
       wrapped.substr(0, wrapped.size() - 1), "$.sealed.keys[0].wrapped");
  with("ciphertext shorter than a tag", json::json_pointer("/ciphertext"), "AAAA",
       "$.sealed.ciphertext");
  with("short wrapped key", json::json_pointer("/keys/1/wrapped"), nonce,
       "$.sealed.keys[1].wrapped");
  with("lower-case state", json::json_pointer("/keys/0/state"), "de", "$.sealed.keys[0].state");
  with("unsorted keys", json::json_pointer("/keys/0/state"), "GB", "$.sealed.keys[1].state");
  with("duplicate state", json::json_pointer("/keys/1/state"), "DE", "$.sealed.keys[1].state");
  with("unknown member", json::json_pointer("/extra"), true, "$.sealed.extra");
  with("unknown key member", json::json_pointer("/keys/1/note"), "x", "$.sealed.keys[1].note");
  with("no keys", json::json_pointer("/keys"), json::array(), "$.sealed.keys");
  with("keys not an array", json::json_pointer("/keys"), json::object(), "$.sealed.keys");
  with("key not an object", json::json_pointer("/keys/1"), "FR", "$.sealed.keys[1]");
  json missing = good;
  missing.erase("nonce");
  cases.push_back({"missing nonce", missing, "$.sealed.nonce"});
  cases.push_back({"not an object", json::array(), "$.sealed"});

  for (const Case& c : cases) {
    const auto parsed = sealed_from_json(c.document, "$.sealed");
    ASSERT_THAT(parsed, FailsWith(ErrorKind::invalid_input)) << c.what;
    EXPECT_EQ(parsed.error().where, c.where) << c.what << ": " << parsed.error().message;
  }
}

}  // namespace
}  // namespace echri::exchange
