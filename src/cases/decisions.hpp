#pragma once
// Decisions on licence applications, and appeals against refusals.
//
// Four-eyes means agreement between two persons: where policy demands it (every refusal, and
// approvals at high or severe risk, judged on the case's current risk level), an officer
// recommends and a senior officer who is another person decides. The decider confirms the
// recommended outcome (an approval with conditions keeps at least the recommended conditions);
// deciding otherwise does not decide: the case goes back to review with the decider's outcome and
// reasons for a new recommendation. Where a recommendation exists it binds whatever the risk, so
// that nobody "countersigns" a refusal by approving. A decision records the assessment version it
// relied on; an out-of-date assessment (new list, policy or catalogue version, new information
// from the exporter) can be neither recommended on nor decided on until it is re-assessed.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "cases/evaluator.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

class Decisions {
 public:
  Decisions(store::Store& store, const Evaluator& evaluator, std::function<std::string()> now);

  Result<CaseView> recommend(const Principal& actor, std::string_view id,
                             const DecisionDraft& draft, std::optional<std::int64_t> if_match);
  // The second officer sends the recommendation back without deciding.
  Result<CaseView> return_to_review(const Principal& actor, std::string_view id,
                                    std::string_view why, std::optional<std::int64_t> if_match);
  // Records the decision (an approval issues a licence), or — when the decider disagrees with the
  // recommendation — returns the case to review with the decider's reasons: the answer's state
  // tells which happened.
  Result<CaseView> decide(const Principal& actor, std::string_view id, const DecisionDraft& draft,
                          std::optional<std::int64_t> if_match);

  // The exporter lodges, a senior officer other than the one who refused decides; an upheld appeal
  // reopens the case for review.
  Result<CaseView> lodge_appeal(const Principal& actor, std::string_view application_id,
                                std::string_view grounds);
  Result<CaseView> decide_appeal(const Principal& actor, std::string_view appeal_id, bool upheld,
                                 std::string_view explanation);
  Result<CasePage> appeals(const Principal& actor, std::string_view application_id, Paging paging);

 private:
  store::Store& store_;
  const Evaluator& evaluator_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
