#pragma once
// An officer's desk work on an open case that is not a step of the workflow: who has the case
// (assignment), what each screening hit is judged to be (confirmed or dismissed, with a reason;
// screening_hits.hpp), and what happened to the case and its records (its history, read from
// the audit chain, for staff who may not read the whole chain).
//
// Assignment and dispositions change the application's body only, never its state: the case
// waits where it was, and a submitted case assigned to someone is still waiting for review.
// Both are audited in the transaction that writes them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "cases/screening_hits.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

class Desk {
 public:
  Desk(store::Store& store, std::function<std::string()> now);

  // Assigns the open case `id` to `user`: an active officer or senior officer of the actor's
  // organisation (invalid_input at "$.user" otherwise); conflict when the case is not open
  // (submitted, information_requested, under_review, recommended). Assigning the case to whom it
  // is assigned already changes and audits nothing.
  Result<CaseView> assign(const Principal& actor, std::string_view id, std::string_view user,
                          std::optional<std::int64_t> if_match);

  // Records an officer's judgement of the hit `hit_id` of the open case `id`'s current screening:
  // confirmed or dismissed, with a reason (invalid_input at "$.reason" when empty). not_found for
  // a hit the current screening does not hold; conflict when the case is not open.
  Result<CaseView> dispose_hit(const Principal& actor, std::string_view id, std::string_view hit_id,
                               HitDisposition disposition, std::string_view reason,
                               std::optional<std::int64_t> if_match);

  // The audit records about the application and every record that belongs to it (information
  // requests, notes and advice, documents, licences, appeals), in sequence order. For the
  // authority's staff.
  Result<std::vector<store::AuditRecord>> history(const Principal& actor, std::string_view id);

 private:
  store::Store& store_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
