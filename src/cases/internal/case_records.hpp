#pragma once
// Internal to cases/: what every service in this module does with records: load and check access,
// check the caller's version, store a change together with its audit record, number new records,
// read the clock, and show a record to its reader (through the reader's view, views.hpp).

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "store/store.hpp"

namespace echri::cases::detail {

// The record, or not_found; records of other organisations are not_found for callers who see only
// their own (so ids do not leak whether they exist).
store::Record load(store::Transaction& tx, const Principal& actor, std::string_view kind,
                   std::string_view id);
void check_version(const store::Record& record, std::optional<std::int64_t> if_match);
void require_role(const Principal& actor, std::initializer_list<Role> roles, std::string_view what);
bool is_authority_staff(const Principal& actor);

// Inserts (before is empty) or updates the record, and appends the audit record for `action`.
store::Record save(store::Transaction& tx, const Principal& actor, std::string_view action,
                   const std::optional<store::Record>& before, store::Record after,
                   const nlohmann::json& detail = nlohmann::json::object());

// "APP-2026-000042" from the counter "APP-2026".
std::string next_id(store::Transaction& tx, std::string_view prefix, std::string_view now);

nlohmann::json body_of(const store::Record& record);
// The record as `actor` may see it (CaseView; views.hpp).
CaseView view_of(const Principal& actor, store::Record record);

// Days between two timestamps or dates (their first ten characters), whole days, never negative.
std::int64_t days_between(std::string_view from, std::string_view to);
// The date `days` after the timestamp's date, "YYYY-MM-DD".
std::string date_after(std::string_view timestamp, int days);

}  // namespace echri::cases::detail
