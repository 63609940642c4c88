#include "exchange/cosignature.hpp"

#include <chrono>

#include "exchange/internal/encoding.hpp"

namespace echri::exchange {
namespace {

constexpr std::size_t kTimestampBytes = 8;
constexpr std::size_t kEd25519Bytes = 64;

}  // namespace

std::string cosignature_message(std::uint64_t timestamp, std::string_view checkpoint_text) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(checkpoint_text);
}

Result<std::uint64_t> cosignature_timestamp(std::span<const std::uint8_t> signature) {
  if (signature.size() != kTimestampBytes + kEd25519Bytes) {
    return fail(ErrorKind::invalid_input, "a cosignature is 72 bytes", "cosignature");
  }
  std::uint64_t timestamp = 0;
  for (std::size_t i = 0; i < kTimestampBytes; ++i) timestamp = timestamp << 8 | signature[i];
  return timestamp;
}

CosignatureVerifier::CosignatureVerifier(std::string name, const PublicKey& key)
    : ed25519_(name, key),
      name_(std::move(name)),
      id_(exchange::key_id(name_, kCosignatureV1SignatureType, key)) {}

Result<CosignatureVerifier> CosignatureVerifier::parse(std::string_view verifier_key) {
  ECHRI_ASSIGN_OR_RETURN(auto parsed,
                         parse_verifier_key(verifier_key, kCosignatureV1SignatureType));
  return CosignatureVerifier(std::move(parsed.first), parsed.second);
}

std::string CosignatureVerifier::verifier_key() const {
  return format_verifier_key(name_, kCosignatureV1SignatureType, ed25519_.public_key());
}

bool CosignatureVerifier::verify(std::string_view text,
                                 std::span<const std::uint8_t> signature) const {
  const auto timestamp = cosignature_timestamp(signature);
  if (!timestamp || !parse_checkpoint(text)) return false;
  return ed25519_.verify(cosignature_message(*timestamp, text), signature.subspan(kTimestampBytes));
}

std::uint64_t system_unix_seconds() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

CosignatureSigner::CosignatureSigner(Ed25519Signer key, Clock clock)
    : key_(std::move(key)),
      clock_(std::move(clock)),
      id_(exchange::key_id(key_.name(), kCosignatureV1SignatureType, key_.public_key())) {}

Result<std::vector<std::uint8_t>> CosignatureSigner::sign(std::string_view text) const {
  ECHRI_TRY(parse_checkpoint(text));
  const std::uint64_t timestamp = clock_();
  std::vector<std::uint8_t> out;
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<std::uint8_t>(timestamp >> shift));
  }
  const auto signature = key_.sign_message(cosignature_message(timestamp, text));
  out.insert(out.end(), signature.begin(), signature.end());
  return out;
}

Result<void> check_witness_step(std::uint64_t old_size, const Hash& old_root,
                                const Checkpoint& next, std::span<const Hash> proof) {
  if (next.size < old_size) {
    return fail(ErrorKind::conflict,
                "checkpoint of size " + std::to_string(next.size) + " after one of " +
                    std::to_string(old_size),
                "checkpoint");
  }
  if (next.size == old_size && old_size != 0 && next.root != old_root) {
    return fail(ErrorKind::conflict, "two different roots for one tree size: a forked log",
                "checkpoint");
  }
  return check_consistency(proof, old_size, old_root, next.size, next.root);
}

Witness::Witness(CosignatureSigner signer) : signer_(std::move(signer)) {}

Result<std::string> Witness::add_checkpoint(std::string_view signed_checkpoint,
                                            std::uint64_t old_size, std::span<const Hash> proof,
                                            const NoteVerifier& log_key) {
  const NoteVerifier* keys[] = {&log_key};
  ECHRI_ASSIGN_OR_RETURN(const OpenedNote note, open_note(signed_checkpoint, keys));
  ECHRI_ASSIGN_OR_RETURN(const Checkpoint checkpoint, parse_checkpoint(note.text));
  if (checkpoint.origin != log_key.name()) {
    return fail(ErrorKind::forbidden, "the checkpoint's origin is not the log key's name",
                "checkpoint");
  }
  Known known;
  if (const auto found = latest_.find(checkpoint.origin); found != latest_.end()) {
    known = found->second;
  } else {
    known.root = empty_tree_hash();
  }
  if (old_size != known.size) {
    return fail(ErrorKind::conflict,
                "the witness knows a tree of " + std::to_string(known.size) + ", not " +
                    std::to_string(old_size),
                "old");
  }
  ECHRI_TRY(check_witness_step(known.size, known.root, checkpoint, proof));
  const NoteSigner* signers[] = {&signer_};
  // sign_note writes "<text>\n<line>": the cosignature line is what follows the blank line.
  ECHRI_ASSIGN_OR_RETURN(const std::string cosigned, sign_note(note.text, signers));
  latest_[checkpoint.origin] = Known{checkpoint.size, checkpoint.root};
  return cosigned.substr(note.text.size() + 1);
}

}  // namespace echri::exchange
