#include "store/audit_chain.hpp"

#include <algorithm>

#include "core/digest.hpp"

namespace echri::store {
namespace {

// Changing the encoding means a new tag, so old chains stay verifiable by their own rules.
constexpr std::string_view kEncodingTag = "echri-audit-v1";
constexpr std::size_t kVerifyPage = 1000;

void field(core::Sha256& hash, std::string_view bytes) {
  hash.update(std::to_string(bytes.size())).update(":").update(bytes).update(";");
}

std::string seq(std::int64_t sequence) {
  return "record " + std::to_string(sequence);
}

}  // namespace

std::string record_hash(const AuditRecord& record) {
  core::Sha256 hash;
  field(hash, kEncodingTag);
  field(hash, std::to_string(record.sequence));
  field(hash, record.at);
  field(hash, record.draft.actor);
  field(hash, record.draft.role);
  field(hash, record.draft.action);
  field(hash, record.draft.subject_kind);
  field(hash, record.draft.subject_id);
  field(hash, record.draft.before_digest);
  field(hash, record.draft.after_digest);
  field(hash, record.draft.detail);
  field(hash, record.previous_hash);
  return hash.hex_digest();
}

void ChainVerifier::problem(std::int64_t sequence, std::string text) {
  result_.intact = false;
  result_.first_bad_sequence = sequence;
  result_.problem = std::move(text);
}

bool ChainVerifier::add(const AuditRecord& record) {
  if (!result_.intact) return false;
  const std::int64_t expected = last_sequence_ + 1;
  if (record.sequence > expected) {
    problem(expected, seq(expected) + " is missing: the chain jumps from " +
                          std::to_string(last_sequence_) + " to " +
                          std::to_string(record.sequence) + " (records removed)");
    return false;
  }
  if (record.sequence < expected) {
    problem(record.sequence, seq(record.sequence) + " appears out of order after " +
                                 seq(last_sequence_) + " (records reordered or duplicated)");
    return false;
  }
  if (record.previous_hash != last_hash_) {
    problem(
        record.sequence,
        seq(record.sequence) + " does not follow " +
            (last_sequence_ == 0 ? std::string("the start of the chain") : seq(last_sequence_)) +
            ": its previous_hash is not that record's hash (records removed, reordered or "
            "swapped)");
    return false;
  }
  if (record_hash(record) != record.hash) {
    problem(record.sequence,
            seq(record.sequence) + " was altered: its hash does not match its content");
    return false;
  }
  last_sequence_ = record.sequence;
  last_hash_ = record.hash;
  ++result_.checked;
  return true;
}

AuditVerification ChainVerifier::finish(const AuditHead& head) {
  if (!result_.intact) return result_;
  if (head.sequence > last_sequence_) {
    problem(last_sequence_ + 1, seq(last_sequence_ + 1) + " is missing: the head names " +
                                    seq(head.sequence) + " but the chain ends at " +
                                    std::to_string(last_sequence_) + " (records removed)");
  } else if (head.sequence < last_sequence_) {
    problem(head.sequence + 1, seq(head.sequence + 1) +
                                   " is not covered by the head, which names " +
                                   seq(head.sequence) + " (records added outside the store)");
  } else if (head.hash != last_hash_) {
    problem(head.sequence,
            "the head's hash does not match " +
                (head.sequence == 0 ? std::string("the empty chain") : seq(head.sequence)) +
                " (the head or the last record was altered)");
  }
  return result_;
}

AuditVerification verify_records(const std::vector<AuditRecord>& records, const AuditHead& head) {
  ChainVerifier verifier;
  for (const auto& record : records)
    if (!verifier.add(record)) break;
  return verifier.finish(head);
}

Result<AuditVerification> verify_audit(Store& store) {
  auto head = store.audit_head();
  if (!head) return tl::unexpected(head.error());
  ChainVerifier verifier;
  std::int64_t next = 1;
  while (next <= head->sequence && verifier.ok()) {
    const auto want =
        std::min<std::int64_t>(static_cast<std::int64_t>(kVerifyPage), head->sequence - next + 1);
    auto page = store.audit_records(next, static_cast<std::size_t>(want));
    if (!page) return tl::unexpected(page.error());
    for (const auto& record : *page)
      if (!verifier.add(record)) break;
    if (page->empty()) break;
    next = page->back().sequence + 1;
  }
  return verifier.finish(*head);
}

}  // namespace echri::store
