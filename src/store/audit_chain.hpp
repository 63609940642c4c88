#pragma once
// The audit log is a hash chain: each record's hash covers its own content and the previous
// record's hash, and the audit head (its own row, written in the same transaction) names the
// newest record. Altering, removing, inserting or reordering records breaks a link that
// verification names. What the chain cannot show on its own: somebody who can write the database
// rewriting every record from some point on and the head with them; signed checkpoints held
// outside the database (exchange/) detect that.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::store {

// The previous_hash of the first record, and the head of an empty chain.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 (lower-case hex) over the canonical encoding of the record: a version tag, then
// sequence, at, every draft field and previous_hash, each as "<byte length>:<bytes>;". `hash`
// itself is not covered. Pure; both stores call it on append.
std::string record_hash(const AuditRecord& record);

struct AuditVerification {
  bool intact = true;
  std::int64_t checked = 0;  // records found sound before the first problem (all when intact)
  std::optional<std::int64_t> first_bad_sequence;
  std::string problem;  // for a person: which record and what is wrong; "" when intact
};

// Checks records fed in sequence order against the chain rules, one at a time, so that a long
// chain is verified page by page. Stops at the first problem.
class ChainVerifier {
 public:
  // false once a problem was found (further records are ignored).
  bool add(const AuditRecord& record);
  // Checks the end of the chain against the head and returns the verdict.
  AuditVerification finish(const AuditHead& head);
  [[nodiscard]] bool ok() const { return result_.intact; }

 private:
  void problem(std::int64_t sequence, std::string text);

  AuditVerification result_;
  std::int64_t last_sequence_ = 0;
  std::string last_hash_{kGenesisHash};
};

// The whole chain at once: `records` from sequence 1 in order, and the head.
AuditVerification verify_records(const std::vector<AuditRecord>& records, const AuditHead& head);

// Walks the store's chain in pages up to the head read at the start (records appended meanwhile
// are left for the next verification). io when the store cannot be read.
Result<AuditVerification> verify_audit(Store& store);

}  // namespace echri::store
