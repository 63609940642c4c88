#include "exchange/note.hpp"

#include <gtest/gtest.h>

#include "exchange/internal/encoding.hpp"
#include "support/result_matchers.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

// The example key and note of Go's golang.org/x/mod/sumdb/note documentation.
constexpr std::string_view kGoPrivateKey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoSignature =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

std::string go_note() {
  return std::string(kGoText) + "\n" + std::string(kGoSignature);
}

Ed25519Signer key(std::string_view name, std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return *Ed25519Signer::from_seed(name, seed);
}

TEST(Note, KnownAnswerFromTheGoImplementation) {
  const auto signer = Ed25519Signer::parse(kGoPrivateKey);
  ASSERT_THAT(signer, IsOk());
  EXPECT_EQ(signer->private_key(), kGoPrivateKey);
  EXPECT_EQ(signer->verifier_key(), kGoVerifierKey);
  EXPECT_EQ(signer->key_id(), 0xc74f20a3u);
  const NoteSigner* signers[] = {&*signer};
  EXPECT_EQ(*sign_note(kGoText, signers), go_note());

  const auto verifier = Ed25519Verifier::parse(kGoVerifierKey);
  ASSERT_THAT(verifier, IsOk());
  const NoteVerifier* known[] = {&*verifier};
  const auto opened = open_note(go_note(), known);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->text, kGoText);
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].name, "PeterNeumann");
}

TEST(Note, KeysRoundTripAndRejectDeviations) {
  const auto signer = Ed25519Signer::generate("echri.example/log");
  ASSERT_THAT(signer, IsOk());
  EXPECT_EQ(Ed25519Signer::parse(signer->private_key())->public_key(), signer->public_key());
  EXPECT_EQ(Ed25519Verifier::parse(signer->verifier_key())->public_key(), signer->public_key());
  const std::string vkey(kGoVerifierKey);
  for (const std::string& bad :
       {std::string("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        std::string("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        std::string("PeterNeumann+c74f20a3+AhpX2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        std::string("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T"),
        std::string("PeterNeumann+c74f20a3"), std::string("+c74f20a3+") + vkey.substr(22),
        std::string("Peter Neumann+c74f20a3+") + vkey.substr(22), vkey + "=", vkey.substr(1),
        std::string(kGoPrivateKey)}) {
    EXPECT_THAT(Ed25519Verifier::parse(bad), FailsWith(ErrorKind::invalid_input)) << bad;
  }
  EXPECT_THAT(Ed25519Signer::parse(kGoVerifierKey), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(Ed25519Signer::parse(std::string(kGoPrivateKey).replace(29, 1, "4")),
              FailsWith(ErrorKind::invalid_input));
  for (const char* name : {"", "a+b", "a b",
                           "a\xC2\xA0"
                           "b",
                           "a\xE3\x80\x80"
                           "b",
                           "\xFF"}) {
    EXPECT_THAT(Ed25519Signer::generate(name), FailsWith(ErrorKind::invalid_input)) << name;
  }
  EXPECT_THAT(Ed25519Signer::generate("état.example/clé"), IsOk());
}

TEST(Note, TextRules) {
  EXPECT_THAT(check_note_text("a\n\nb\n"), IsOk());
  EXPECT_THAT(check_note_text("ünïcödé\n"), IsOk());
  for (const std::string& bad :
       {std::string(), std::string("no newline"), std::string("\n\xFF\n"),
        std::string("tab\there\n"), std::string("a\r\n"), std::string("\xE2\x80\x94 x\n"),
        std::string("ok\n\xE2\x80\x94\n")}) {
    EXPECT_THAT(check_note_text(bad), FailsWith(ErrorKind::invalid_input)) << bad;
  }
  const Ed25519Signer signer = key("a", 1);
  const NoteSigner* signers[] = {&signer};
  EXPECT_THAT(sign_note("no newline", signers), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(sign_note("text\n", {}), FailsWith(ErrorKind::invalid_input));
}

TEST(Note, SeveralSignaturesUnknownKeysIgnored) {
  const Ed25519Signer a = key("a.example", 1);
  const Ed25519Signer b = key("b.example", 2);
  const Ed25519Signer c = key("c.example", 3);
  const NoteSigner* signers[] = {&a, &b, &c};
  const auto note = sign_note("hello\n\nworld\n", signers);
  ASSERT_THAT(note, IsOk());
  const Ed25519Verifier vb = b.verifier();
  const NoteVerifier* known[] = {&vb};
  const auto opened = open_note(*note, known);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->text, "hello\n\nworld\n");
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].name, "b.example");
  EXPECT_EQ(opened->unverified.size(), 2u);

  // Same name, other key (so other id): ignored, and then no known signature is left.
  const Ed25519Verifier impostor = key("b.example", 9).verifier();
  const NoteVerifier* wrong[] = {&impostor};
  EXPECT_THAT(open_note(*note, wrong), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(open_note(*note, {}), FailsWith(ErrorKind::forbidden));
}

TEST(Note, RejectsBadSignaturesAndMalformedNotes) {
  const Ed25519Signer a = key("a.example", 1);
  const NoteSigner* signers[] = {&a};
  const std::string note = *sign_note("text\n", signers);
  const Ed25519Verifier va = a.verifier();
  const NoteVerifier* known[] = {&va};
  ASSERT_THAT(open_note(note, known), IsOk());

  // The text changed: the known key's signature fails, and the whole note with it.
  std::string altered = note;
  altered[0] = 'T';
  EXPECT_THAT(open_note(altered, known), FailsWith(ErrorKind::forbidden));
  // The key id and name of the known key, the signature of another key.
  const auto bytes = internal::base64_decode(note.substr(note.rfind(' ') + 1, 92));
  ASSERT_TRUE(bytes.has_value());
  const Ed25519Signer impostor = key("a.example", 7);
  const auto other = impostor.sign_message("text\n");
  std::vector<std::uint8_t> forged_bytes(bytes->begin(), bytes->begin() + 4);
  forged_bytes.insert(forged_bytes.end(), other.begin(), other.end());
  const std::string forged =
      "text\n\n\xE2\x80\x94 a.example " + internal::base64_encode(forged_bytes) + "\n";
  EXPECT_THAT(open_note(forged, known), FailsWith(ErrorKind::forbidden));

  for (const std::string& bad : std::vector<std::string>{
           std::string("text\n"),                                     // no signatures
           std::string("text\n\n"),                                   // no signature lines
           note.substr(0, note.size() - 1),                           // no final newline
           note + "trailing\n",                                       // not a signature line
           note + note.substr(6),                                     // same key twice
           std::string("text\n\n\xE2\x80\x94 a.example\n"),           // no signature
           std::string("text\n\n\xE2\x80\x94 a.example AAAA\n"),      // too short
           std::string("text\n\n\xE2\x80\x94 a.example !!!!!!!!\n"),  // not base64
           std::string("te\txt\n") + note.substr(5),                  // control character
           std::string("\xFF") + note,                                // not UTF-8
       }) {
    EXPECT_THAT(open_note(bad, known), FailsWith(ErrorKind::invalid_input)) << bad;
  }
  const Ed25519Verifier duplicate = va;
  const NoteVerifier* ambiguous[] = {&va, &duplicate};
  EXPECT_THAT(open_note(note, ambiguous), FailsWith(ErrorKind::invalid_input, "keys"));
}

}  // namespace
}  // namespace echri::exchange
