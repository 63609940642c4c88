#include "exchange/cosignature.hpp"

#include <gtest/gtest.h>

#include "support/result_matchers.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

Ed25519Signer key(std::string_view name, std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return *Ed25519Signer::from_seed(name, seed);
}

constexpr std::string_view kOrigin = "echri.example/log";

struct Log {
  MemoryHashes hashes;
  Ed25519Signer signer = key(kOrigin, 1);
  void grow(std::uint64_t size) {
    while (hashes.size() < size) hashes.append("entry " + std::to_string(hashes.size()));
  }
  [[nodiscard]] Checkpoint checkpoint(std::uint64_t size) const {
    return {std::string(kOrigin), size, *tree_hash(size, hashes.reader()), {}};
  }
  [[nodiscard]] std::string signed_checkpoint(std::uint64_t size) const {
    const NoteSigner* signers[] = {&signer};
    return *sign_note(*format_checkpoint(checkpoint(size)), signers);
  }
};

TEST(Cosignature, MessageAndKeyIdFollowTheSpec) {
  EXPECT_EQ(cosignature_message(1700000000, "o\n1\nroot\n"),
            "cosignature/v1\ntime 1700000000\no\n1\nroot\n");
  const Ed25519Signer witness = key("witness.example/w1", 5);
  const CosignatureSigner cosigner(witness, [] { return std::uint64_t{1700000000}; });
  // Same name and key, another signature type: another key id.
  EXPECT_NE(cosigner.key_id(), witness.key_id());
  EXPECT_EQ(cosigner.key_id(), key_id("witness.example/w1", 0x04, witness.public_key()));
  EXPECT_EQ(cosigner.verifier().key_id(), cosigner.key_id());
}

TEST(Cosignature, SignsAndVerifiesWithTheTimestamp) {
  Log log;
  log.grow(10);
  const std::string text = *format_checkpoint(log.checkpoint(10));
  const CosignatureSigner cosigner(key("witness.example/w1", 5),
                                   [] { return std::uint64_t{0x0102030405060708}; });
  const auto signature = cosigner.sign(text);
  ASSERT_THAT(signature, IsOk());
  ASSERT_EQ(signature->size(), 72u);
  EXPECT_EQ((*signature)[0], 0x01);
  EXPECT_EQ(*cosignature_timestamp(*signature), 0x0102030405060708u);
  const CosignatureVerifier verifier = cosigner.verifier();
  EXPECT_TRUE(verifier.verify(text, *signature));
  // Another timestamp, another checkpoint, a plain Ed25519 signature: all refused.
  auto retimed = *signature;
  retimed[7] ^= 1;
  EXPECT_FALSE(verifier.verify(text, retimed));
  EXPECT_FALSE(verifier.verify(*format_checkpoint(log.checkpoint(9)), *signature));
  EXPECT_FALSE(verifier.verify(text, std::span(*signature).subspan(8)));
  EXPECT_THAT(cosignature_timestamp(std::span(*signature).subspan(1)),
              FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(cosigner.sign("not a checkpoint\n"), FailsWith(ErrorKind::invalid_input));

  // In a note next to the log's own signature; a plain Ed25519 verifier of the witness key
  // does not accept the cosignature (different key id, so it is ignored).
  const NoteSigner* signers[] = {&log.signer, &cosigner};
  const auto note = sign_note(text, signers);
  ASSERT_THAT(note, IsOk());
  const NoteVerifier* with_witness[] = {&verifier};
  const auto opened = open_note(*note, with_witness);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->verified.size(), 1u);
  const Ed25519Verifier plain = key("witness.example/w1", 5).verifier();
  const NoteVerifier* plain_only[] = {&plain};
  EXPECT_THAT(open_note(*note, plain_only), FailsWith(ErrorKind::forbidden));
}

TEST(Cosignature, WitnessStepRule) {
  Log log;
  log.grow(50);
  const auto c10 = log.checkpoint(10);
  const auto c50 = log.checkpoint(50);
  const auto proof = *prove_consistency(10, 50, log.hashes.reader());
  EXPECT_THAT(check_witness_step(10, c10.root, c50, proof), IsOk());
  EXPECT_THAT(check_witness_step(0, empty_tree_hash(), c50, {}), IsOk());
  EXPECT_THAT(check_witness_step(50, c50.root, c50, {}), IsOk());
  EXPECT_THAT(check_witness_step(50, c50.root, c10, {}), FailsWith(ErrorKind::conflict));
  Checkpoint fork = c50;
  fork.root[0] ^= 1;
  EXPECT_THAT(check_witness_step(50, c50.root, fork, {}), FailsWith(ErrorKind::conflict));
  EXPECT_THAT(check_witness_step(10, c10.root, fork, proof),
              FailsWith(ErrorKind::invalid_input, "proof"));
  EXPECT_THAT(check_witness_step(10, c10.root, c50, {}), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(check_witness_step(11, c10.root, c50, proof), FailsWith(ErrorKind::invalid_input));
}

TEST(Cosignature, WitnessCosignsOnlyConsistentCheckpoints) {
  Log log;
  log.grow(40);
  Witness witness(CosignatureSigner(key("witness.example/w1", 5), [] { return std::uint64_t{7}; }));
  const Ed25519Verifier log_key = log.signer.verifier();

  const auto first = witness.add_checkpoint(log.signed_checkpoint(20), 0, {}, log_key);
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->starts_with("\xE2\x80\x94 witness.example/w1 "));
  EXPECT_EQ(witness.latest().at(std::string(kOrigin)).size, 20u);
  // The cosignature line appended to the log's note verifies as a cosignature.
  const CosignatureVerifier cosignature_key("witness.example/w1",
                                            key("witness.example/w1", 5).public_key());
  const NoteVerifier* both[] = {&log_key, &cosignature_key};
  const auto opened = open_note(log.signed_checkpoint(20) + *first, both);
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->verified.size(), 2u);

  // The log thinks the witness knows another size.
  EXPECT_THAT(witness.add_checkpoint(log.signed_checkpoint(40), 10, {}, log_key),
              FailsWith(ErrorKind::conflict, "old"));
  // A bad proof, then a good one.
  const auto proof = *prove_consistency(20, 40, log.hashes.reader());
  EXPECT_THAT(witness.add_checkpoint(log.signed_checkpoint(40), 20, {}, log_key),
              FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(witness.add_checkpoint(log.signed_checkpoint(40), 20, proof, log_key), IsOk());
  EXPECT_EQ(witness.latest().at(std::string(kOrigin)).size, 40u);
  // A fork of the same size, properly signed by the log, is refused.
  Checkpoint fork = log.checkpoint(40);
  fork.root[3] ^= 1;
  const NoteSigner* log_signer[] = {&log.signer};
  const std::string forked = *sign_note(*format_checkpoint(fork), log_signer);
  EXPECT_THAT(witness.add_checkpoint(forked, 40, {}, log_key), FailsWith(ErrorKind::conflict));
  // A note not signed by the log key, or for another origin.
  const Ed25519Signer stranger = key(kOrigin, 9);
  const NoteSigner* stranger_signer[] = {&stranger};
  EXPECT_THAT(
      witness.add_checkpoint(*sign_note(*format_checkpoint(log.checkpoint(40)), stranger_signer),
                             40, {}, log_key),
      FailsWith(ErrorKind::forbidden));
  const Ed25519Signer other_log = key("other.example/log", 1);
  const NoteSigner* other_signer[] = {&other_log};
  Checkpoint mislabelled = log.checkpoint(40);
  const Ed25519Verifier other_key = other_log.verifier();
  EXPECT_THAT(witness.add_checkpoint(*sign_note(*format_checkpoint(mislabelled), other_signer), 0,
                                     {}, other_key),
              FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(witness.add_checkpoint(log.signed_checkpoint(40), 40, {}, log_key), IsOk());
}

}  // namespace
}  // namespace echri::exchange
