#pragma once
// The exporter's human-rights due diligence (Regulation 2021/821 Art. 5, Commission
// Recommendation (EU) 2024/2659, the UN Guiding Principles): the assessment engine behind a
// questionnaire, and a report that says, step by step, what is done and what is still to do.
// docs/diligence.md documents the questionnaire.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assessment/assess.hpp"
#include "assessment/catalogue.hpp"
#include "core/application.hpp"
#include "core/result.hpp"

namespace echri::assessment {

// What the exporter says it has done; a step not stated counts as not done.
struct DiligenceQuestionnaire {
  core::Application application;
  std::map<std::string, bool> steps;  // keys: diligence_step_keys()
};

// "human_rights_policy", "item_classified", "misuse_assessed", "parties_screened",
// "destination_assessed", "end_user_verified", "contract_safeguards", "remote_access_controls",
// "staff_trained", "grievance_mechanism", "records_kept".
std::vector<std::string_view> diligence_step_keys();

// {"application": {...application...}, "steps": {"item_classified": true, ...}}; strict, errors
// name the JSON path.
Result<DiligenceQuestionnaire> parse_questionnaire(std::string_view text,
                                                   const Catalogue& catalogue,
                                                   const std::string& file);
// The same from a parsed document (the API's body); `file` may be empty.
Result<DiligenceQuestionnaire> questionnaire_from_json(const nlohmann::json& document,
                                                       const Catalogue& catalogue,
                                                       const std::string& file);

enum class StepStatus { done, action_required };

struct DiligenceStep {
  std::string id;  // "classify", "assess_misuse", ...
  std::string title;
  std::string citation;
  StepStatus status = StepStatus::done;
  std::vector<std::string> findings;
  std::vector<std::string> actions;
};

struct DiligenceReport {
  std::string reference;
  Assessment assessment;
  std::string licence_indication;  // "required", "possibly_required", "not_indicated"
  std::string licence_basis;
  std::vector<DiligenceStep> steps;
};

// Runs the assessment on the questionnaire's application (with the caller's screening, country
// data and date in `input`) and derives the steps.
DiligenceReport run_diligence(const DiligenceQuestionnaire& questionnaire, AssessmentInput input,
                              const Catalogue& catalogue, const Policy& policy);

nlohmann::ordered_json to_json(const DiligenceReport& report, const core::Application& application);
std::string render_markdown(const DiligenceReport& report);
std::string render_html(const DiligenceReport& report);

}  // namespace echri::assessment
