#pragma once
// Internal to cases/: the one way this module changes a record. The record and the audit record
// that names who changed it (person, role, token) are written in the same transaction; the store
// fills in the digests from what was written, so the two cannot disagree.

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "cases/accounts.hpp"
#include "store/store.hpp"

namespace echri::cases::detail {

// Inserts (before is empty) or updates the record and appends the audit record for `action`.
// Throws echri::Failure when the store refuses either. Enrolment tokens are not refused here:
// exchanging one is itself an audited write (case_records.hpp refuses them for case work).
store::Record write_audited(store::Transaction& tx, const Principal& actor, std::string_view action,
                            const std::optional<store::Record>& before, store::Record after,
                            const nlohmann::json& detail);

}  // namespace echri::cases::detail
