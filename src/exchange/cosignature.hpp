#pragma once
// C2SP tlog-cosignature (cosignature/v1) and the witness rule of C2SP tlog-witness.
//
// A cosigner signs, with Ed25519, the message
//   "cosignature/v1\ntime <unix seconds>\n" || checkpoint text
// and publishes a note signature (type 0x04) whose bytes are the timestamp as a big-endian uint64
// followed by the 64-byte signature. A witness cosigns a checkpoint only when it is consistent
// with the last checkpoint it cosigned for the same origin, so two witnesses never vouch for two
// different histories of one log.

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "exchange/checkpoint.hpp"
#include "exchange/merkle.hpp"
#include "exchange/note.hpp"

namespace echri::exchange {

std::string cosignature_message(std::uint64_t timestamp, std::string_view checkpoint_text);

// The timestamp inside a cosignature's bytes (after the key id); invalid_input when it is not
// 8 + 64 bytes long.
Result<std::uint64_t> cosignature_timestamp(std::span<const std::uint8_t> signature);

class CosignatureVerifier final : public NoteVerifier {
 public:
  CosignatureVerifier(std::string name, const PublicKey& key);
  // The verifier key text with signature type 0x04 (note.hpp's format).
  static Result<CosignatureVerifier> parse(std::string_view verifier_key);
  [[nodiscard]] std::string verifier_key() const;
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::uint32_t key_id() const override { return id_; }
  [[nodiscard]] bool verify(std::string_view text,
                            std::span<const std::uint8_t> signature) const override;

 private:
  Ed25519Verifier ed25519_;
  std::string name_;
  std::uint32_t id_ = 0;
};

using Clock = std::function<std::uint64_t()>;  // unix seconds
std::uint64_t system_unix_seconds();

class CosignatureSigner final : public NoteSigner {
 public:
  explicit CosignatureSigner(Ed25519Signer key, Clock clock = system_unix_seconds);
  [[nodiscard]] const std::string& name() const override { return key_.name(); }
  [[nodiscard]] std::uint32_t key_id() const override { return id_; }
  // Checks that `text` is a checkpoint; signs it with the clock's current time.
  [[nodiscard]] Result<std::vector<std::uint8_t>> sign(std::string_view text) const override;
  [[nodiscard]] CosignatureVerifier verifier() const { return {key_.name(), key_.public_key()}; }

 private:
  Ed25519Signer key_;
  Clock clock_;
  std::uint32_t id_ = 0;
};

// The witness rule for one step: `next` may be cosigned after (old_size, old_root) only if it is
// for the same tree or extends it, as `proof` shows. conflict when the tree shrank or the same
// size has another root; invalid_input when the proof does not verify.
Result<void> check_witness_step(std::uint64_t old_size, const Hash& old_root,
                                const Checkpoint& next, std::span<const Hash> proof);

// A witness' memory (in memory: the caller persists `latest()`), one tree head per origin.
class Witness {
 public:
  struct Known {
    std::uint64_t size = 0;
    Hash root{};
  };
  explicit Witness(CosignatureSigner signer);
  // tlog-witness add-checkpoint without the HTTP: `old_size` is the size the log believes the
  // witness knows (conflict, with the size known, when it is not), the note must be signed by
  // `log_key`, and the checkpoint must pass check_witness_step. Returns the cosignature line
  // ("— <name> <base64>\n") and remembers the new tree head.
  Result<std::string> add_checkpoint(std::string_view signed_checkpoint, std::uint64_t old_size,
                                     std::span<const Hash> proof, const NoteVerifier& log_key);
  [[nodiscard]] const std::map<std::string, Known, std::less<>>& latest() const { return latest_; }
  void restore(std::string origin, Known known) { latest_[std::move(origin)] = known; }

 private:
  CosignatureSigner signer_;
  std::map<std::string, Known, std::less<>> latest_;
};

}  // namespace echri::exchange
