#pragma once
// The audit log is a hash chain: each record's hash covers its own content and the previous
// record's hash, and the audit head (its own row, written in the same transaction) names the
// newest record. Altering, removing, inserting or reordering records breaks a link that
// verification names. Every stored record is bound to the chain too: the newest audit record of
// each record names its digest, which verification recomputes. What the chain cannot show on its
// own: somebody who can write the database rewriting every record from some point on and the
// head with them; a copy of the head kept elsewhere (VerifyOptions::expect_head, and the signed
// checkpoints of exchange/) detects that.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::store {

// The previous_hash of the first record, and the head of an empty chain.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 (lower-case hex) over the canonical encoding of the record: a version tag, then
// sequence, at, the draft's fields and previous_hash, each as "<byte length>:<bytes>;". Format 2
// ("echri-audit-v2") covers token_id; format 1 ("echri-audit-v1", records written before token
// ids were kept) does not, and its records must have none. `hash` itself is not covered. Pure;
// the store calls it on append. "" for an unknown format.
std::string record_hash(const AuditRecord& record);

// What a format-2 audit record's digests name: SHA-256 (lower-case hex) over "echri-record-v1",
// kind, id, organisation, parent, state, risk (the shortest decimal that reads back as the same
// double), body, version, created_at and updated_at, each as "<byte length>:<bytes>;". It covers
// every column of the stored row, so no change made outside the store goes unnoticed: the
// timestamps and the version are the store's own (set in the same transaction as the audit
// record, so they cost nothing to bind), created_at orders the officers' queue and starts the
// case clocks, and version is what If-Match compares. Pure.
std::string record_digest(const Record& record);
// What a format-1 audit record's after_digest names: SHA-256 of the body alone (how cases/ wrote
// digests before the store computed them). Chains written then are checked by this weaker rule.
std::string legacy_record_digest(const Record& record);

// One thing verification found wrong.
struct AuditProblem {
  // The audit record concerned: the bad record of the chain, or the newest audit record of a
  // stored record that does not match it; 0 when there is none (a record nothing in the chain
  // describes, a document).
  std::int64_t sequence = 0;
  std::string kind;  // the record concerned (a chain problem names its audit record's subject)
  std::string id;    // ..., or a document's sha256 with kind "document"
  std::string text;  // for a person: which record, what is wrong, and what it suggests
};

struct AuditVerification {
  bool intact = true;
  std::int64_t checked = 0;            // chain records found sound before the first chain problem
  std::int64_t records_checked = 0;    // stored records compared with their audit records
  std::int64_t documents_checked = 0;  // documents whose bytes were hashed
  std::optional<std::int64_t> first_bad_sequence;  // the first chain problem's record
  std::string problem;                             // the first problem's text; "" when intact
  AuditHead head;                                  // the head the chain was verified against
  // Every problem found, the chain's first, at most kMaxAuditProblems; problem_count counts all.
  std::vector<AuditProblem> problems;
  std::size_t problem_count = 0;
};

inline constexpr std::size_t kMaxAuditProblems = 100;

// "SEQUENCE:HASH": a record number and its 64-character lower-case hex hash, as `echri audit
// verify` prints the head. invalid_input (`where` names the option) otherwise.
Result<AuditHead> parse_audit_head(std::string_view text, std::string where = "--expect-head");

// Checks records fed in sequence order against the chain rules, one at a time, so that a long
// chain is verified page by page. Stops at the first problem.
class ChainVerifier {
 public:
  // With `expected`, the chain must hold exactly that record at that sequence (and its head must
  // be at or after it): a chain rewritten up to or beyond it is caught.
  explicit ChainVerifier(std::optional<AuditHead> expected = std::nullopt);
  // false once a problem was found (further records are ignored).
  bool add(const AuditRecord& record);
  // Checks the end of the chain against the head and returns the verdict.
  AuditVerification finish(const AuditHead& head);
  [[nodiscard]] bool ok() const { return result_.intact; }
  [[nodiscard]] std::int64_t last_sequence() const { return last_sequence_; }
  // The last sequence of a format-1 record (0 when none): their digests follow the legacy rule.
  [[nodiscard]] std::int64_t last_legacy_sequence() const { return last_legacy_sequence_; }

 private:
  void problem(std::int64_t sequence, std::string text);

  AuditVerification result_;
  std::optional<AuditHead> expected_;
  std::int64_t last_sequence_ = 0;
  std::string last_hash_{kGenesisHash};
  std::int64_t last_legacy_sequence_ = 0;
  int last_format_ = 1;
};

// The whole chain at once: `records` from sequence 1 in order, and the head.
AuditVerification verify_records(const std::vector<AuditRecord>& records, const AuditHead& head);

struct VerifyOptions {
  std::optional<AuditHead> expect_head;  // a head kept elsewhere (parse_audit_head)
};

// Verifies, in one read snapshot: the chain from its first record to the last one stored (one
// after the head is "not covered by the head"), the head, `expect_head`; every stored record
// against the newest audit record of its kind and id up to the head (changed, missing, or never
// audited); and every document's bytes against its SHA-256. Streams page by page: memory does not
// grow with the chain. Chain problems come first; the verdict is intact only when nothing was
// found. io when the store cannot be read.
Result<AuditVerification> verify_audit(Store& store, const VerifyOptions& options = {});

}  // namespace echri::store
