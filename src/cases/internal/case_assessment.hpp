#pragma once
// Internal to cases/: how an application's screening and assessment live in its body, and when
// they may no longer be relied on.
//
// An application carries `assessment_version` (1 at submission, +1 per re-assessment) and
// `assessment_basis`: the policy, catalogue and list versions the assessment was computed from.
// The assessment is out of date when any of those differs from what the server holds now, or when
// something was marked since (`assessment_stale`: an exporter's answer or document). An
// out-of-date assessment can be neither recommended on nor decided on until it is re-assessed.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/risk.hpp"
#include "cases/evaluator.hpp"
#include "core/application.hpp"
#include "store/store.hpp"

namespace echri::cases::detail {

// The risk level stored in an application's body (low before any assessment).
assessment::RiskLevel level_of(const nlohmann::json& body);

// Why the stored assessment may not be relied on now, for a person; empty when it may.
std::vector<std::string> staleness(const nlohmann::json& body, const Evaluator& evaluator);

// Records that something the assessment did not see has arrived.
void mark_stale(nlohmann::json& body, std::string_view reason, std::string_view now);

struct AppliedEvaluation {
  assessment::RiskLevel level_before = assessment::RiskLevel::low;
  assessment::RiskLevel level_after = assessment::RiskLevel::low;
  nlohmann::json fresh_hits = nlohmann::json::array();  // hits the previous screening lacked
  std::size_t hits = 0;
};

// Stores `evaluation` in the application (`record` and its parsed `body`): report, risk, screening
// hits, flags, a new assessment version and its basis; clears the stale marks. Flags that record
// history (new list matches, raised risk) are kept and added to.
AppliedEvaluation apply_evaluation(store::Record& record, nlohmann::json& body,
                                   const Evaluation& evaluation,
                                   const core::Application& application, std::string_view now);

// "the assessment (version N) is out of date: ...; re-assess ..." when stale, else "".
std::string stale_objection(const store::Record& record, const nlohmann::json& body,
                            const Evaluator& evaluator);

}  // namespace echri::cases::detail
