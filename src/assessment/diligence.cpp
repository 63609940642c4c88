#include "assessment/diligence.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "assessment/application_json.hpp"
#include "assessment/assessment_json.hpp"
#include "assessment/internal/json_fields.hpp"
#include "assessment/report_render.hpp"

namespace echri::assessment {
namespace {

using nlohmann::ordered_json;

constexpr std::array<std::string_view, 11> kStepKeys{
    "human_rights_policy",  "item_classified",     "misuse_assessed",     "parties_screened",
    "destination_assessed", "end_user_verified",   "contract_safeguards", "remote_access_controls",
    "staff_trained",        "grievance_mechanism", "records_kept"};

constexpr std::string_view kUngp = "UN Guiding Principles on Business and Human Rights";
constexpr std::string_view kEuGuidance =
    "Commission Recommendation (EU) 2024/2659 (guidelines on cyber-surveillance items, Art. 5)";

// Builds the steps of one report from the questionnaire and the assessment.
class StepWriter {
 public:
  StepWriter(const DiligenceQuestionnaire& questionnaire, const Assessment& assessment)
      : questionnaire_(questionnaire), assessment_(assessment) {}

  DiligenceStep& begin(std::string id, std::string title, std::string citation) {
    steps_.push_back(
        {std::move(id), std::move(title), std::move(citation), StepStatus::done, {}, {}});
    return steps_.back();
  }

  // The exporter's own statement for a step: not stated or false both leave an action.
  void require_statement(DiligenceStep& step, std::string_view key, const std::string& action) {
    const auto it = questionnaire_.steps.find(std::string(key));
    if (it != questionnaire_.steps.end() && it->second) {
      step.findings.push_back("stated done: " + std::string(key));
      return;
    }
    step.actions.push_back(action);
  }

  std::vector<DiligenceStep> finish() {
    for (auto& step : steps_)
      step.status = step.actions.empty() ? StepStatus::done : StepStatus::action_required;
    return std::move(steps_);
  }

  [[nodiscard]] const Assessment& assessment() const { return assessment_; }
  [[nodiscard]] const core::Application& application() const { return questionnaire_.application; }

 private:
  const DiligenceQuestionnaire& questionnaire_;
  const Assessment& assessment_;
  std::vector<DiligenceStep> steps_;
};

void commit_step(StepWriter& writer) {
  auto& step = writer.begin("commit", "Commit to respecting human rights",
                            std::string(kUngp) + ", principle 16");
  writer.require_statement(step, "human_rights_policy",
                           "Adopt a human-rights policy commitment that covers exports of "
                           "dual-use items, approved at the most senior level.");
}

void classify_step(StepWriter& writer) {
  auto& step = writer.begin("classify", "Classify the items",
                            "Regulation (EU) 2021/821 Annex I and Art. 5; 15 CFR 774");
  writer.require_statement(step, "item_classified",
                           "Classify every item against the control lists and record who did it "
                           "and on what basis.");
  for (const auto& item : writer.assessment().items) {
    std::string finding = "item " + std::to_string(item.index + 1) + ": " + item.control_entry +
                          " (" + std::string(to_string(item.sensitivity)) + ")";
    step.findings.push_back(finding);
    if (item.control_entry == "none" && item.sensitivity >= Sensitivity::high)
      step.actions.push_back("Item " + std::to_string(item.index + 1) +
                             " is unlisted but has cyber-surveillance capabilities: check whether "
                             "the Article 5 catch-all applies and ask the authority if in doubt.");
  }
  for (const auto& missing : writer.assessment().missing_information)
    if (missing.path.starts_with("$.items"))
      step.actions.push_back("Declare the capabilities of " + missing.path + ".");
}

void misuse_step(StepWriter& writer) {
  auto& step =
      writer.begin("assess_misuse", "Assess the potential for misuse",
                   std::string(kEuGuidance) + "; " + std::string(kUngp) + ", principles 17-18");
  writer.require_statement(step, "misuse_assessed",
                           "Assess how the items could be misused against people (surveillance of "
                           "journalists, activists, minorities) in this end user's hands.");
  const auto& assessment = writer.assessment();
  step.findings.push_back("most sensitive item class: " +
                          std::string(to_string(assessment.exposure_class)));
  for (const auto& missing : assessment.missing_information)
    if (missing.path.starts_with("$.answers"))
      step.actions.push_back("Answer " + missing.path + ": " + missing.what);
  for (const auto& flag : assessment.red_flags)
    if (flag.source == "eu-cyber-surveillance")
      step.actions.push_back("Resolve the concern raised by " + flag.id + ": " + flag.question);
}

void screen_step(StepWriter& writer) {
  auto& step = writer.begin("screen_parties", "Screen every party",
                            "15 CFR Part 732, Supplement No. 3; Regulation (EU) 2021/821 Art. "
                            "15(1)(b)");
  writer.require_statement(step, "parties_screened",
                           "Screen every party against the restricted-party lists and keep the "
                           "record.");
  const auto& assessment = writer.assessment();
  if (!assessment.screening.performed) {
    step.actions.push_back(
        "No restricted-party lists were loaded: screen the parties before going further.");
    return;
  }
  for (const auto& screened : assessment.screening.parties) {
    const auto& party = writer.application().parties.at(screened.party_index);
    if (screened.hits.empty()) {
      step.findings.push_back(party.name + ": clear");
      continue;
    }
    const auto& hit = screened.hits.front();
    step.findings.push_back(party.name + ": potential match with " + hit.listed_name + " on " +
                            hit.list);
    step.actions.push_back("Resolve the match of " + party.name + " with " + hit.listed_name +
                           " (" + hit.list + " " + hit.source_id +
                           "); do not proceed while it stands.");
  }
}

void destination_step(StepWriter& writer) {
  auto& step =
      writer.begin("assess_destination", "Assess the destination and the end user",
                   std::string(kEuGuidance) + "; EU Common Position 2008/944/CFSP criterion 2");
  writer.require_statement(step, "destination_assessed",
                           "Assess the human-rights situation in the destination from current "
                           "sources.");
  writer.require_statement(step, "end_user_verified",
                           "Verify the end user's identity, ownership and record (visit, "
                           "registry, public reports of involvement in abuses).");
  const auto& assessment = writer.assessment();
  for (const auto& factor : assessment.factors)
    if (factor.id.starts_with("destination_") || factor.id.starts_with("end_user_type") ||
        factor.id.starts_with("diversion"))
      step.findings.push_back(factor.evidence);
  for (const auto& warning : assessment.data_warnings)
    if (warning.find("country") != std::string::npos) step.actions.push_back(warning);
  for (const auto& missing : assessment.missing_information)
    if (missing.path.starts_with("$.parties") || missing.path.starts_with("$.end_use"))
      step.actions.push_back("Obtain " + missing.what + " (" + missing.path + ").");
  for (const auto& flag : assessment.red_flags)
    if (flag.source == "bis-kyc")
      step.actions.push_back("Resolve the red flag " + flag.id + ": " + flag.question);
}

void mitigate_step(StepWriter& writer) {
  auto& step = writer.begin("mitigate", "Prevent and mitigate",
                            std::string(kUngp) + ", principle 19; " + std::string(kEuGuidance));
  writer.require_statement(step, "contract_safeguards",
                           "Put end-use, no-re-export and human-rights clauses in the contract.");
  const auto& assessment = writer.assessment();
  if (assessment.exposure_class >= Sensitivity::high) {
    writer.require_statement(step, "remote_access_controls",
                             "Keep the means to stop updates, licences and support if the items "
                             "are misused.");
    writer.require_statement(step, "staff_trained",
                             "Train sales and support staff to recognise and escalate misuse.");
  }
  for (const auto& condition : assessment.conditions) step.actions.push_back(condition.text);
  for (const auto& factor : assessment.factors)
    if (factor.id.starts_with("assurance_refused")) step.findings.push_back(factor.evidence);
}

void notify_step(StepWriter& writer, const DiligenceReport& report) {
  auto& step = writer.begin("notify", "Notify the authority where the law requires it",
                            "Regulation (EU) 2021/821 Art. 5(2)");
  step.findings.push_back("licence: " + report.licence_indication + " (" + report.licence_basis +
                          ")");
  const auto& answers = writer.application().answers;
  const auto aware = answers.find("exporter_aware_of_misuse_intent");
  if (aware != answers.end() && aware->second)
    step.actions.push_back(
        "You are aware of an intended misuse: notify the competent authority before exporting "
        "(Art. 5(2)); the authority decides whether a licence is required.");
  if (report.licence_indication != "not_indicated")
    step.actions.push_back(
        "Apply for an export licence, or ask the authority for an advisory "
        "opinion, before shipping.");
}

void remedy_step(StepWriter& writer) {
  auto& step = writer.begin("remedy_and_record", "Enable remedy and keep records",
                            std::string(kUngp) +
                                ", principles 22 and 29; Regulation (EU) "
                                "2021/821 Art. 27");
  writer.require_statement(step, "grievance_mechanism",
                           "Provide a way for people harmed to raise grievances, and act on them.");
  writer.require_statement(step, "records_kept",
                           "Keep the records of this due diligence with the export records.");
}

std::pair<std::string, std::string> licence_indication(const Assessment& assessment) {
  for (const auto& item : assessment.items) {
    if (item.control_entry != "none" && item.control_entry != "EAR99" && !item.regime.empty())
      return {"required",
              "item " + std::to_string(item.index + 1) + " is listed under " + item.control_entry};
  }
  for (const auto& item : assessment.items) {
    if (item.control_entry == "none" && item.sensitivity >= Sensitivity::high &&
        assessment.level >= RiskLevel::medium)
      return {"possibly_required", "item " + std::to_string(item.index + 1) +
                                       " is an unlisted cyber-surveillance item at " +
                                       std::string(to_string(assessment.level)) +
                                       " risk: the Article 5 catch-all may apply"};
  }
  for (const auto& item : assessment.items)
    if (item.control_entry != "none" && item.control_entry != "EAR99")
      return {"possibly_required", "item " + std::to_string(item.index + 1) + " (" +
                                       item.control_entry +
                                       ") is listed but not in the human-rights catalogue"};
  return {"not_indicated", "no listed item and no catch-all indication"};
}

std::string_view to_string(StepStatus status) {
  return status == StepStatus::done ? "done" : "action_required";
}

}  // namespace

std::vector<std::string_view> diligence_step_keys() {
  return {kStepKeys.begin(), kStepKeys.end()};
}

Result<DiligenceQuestionnaire> parse_questionnaire(std::string_view text,
                                                   const Catalogue& catalogue,
                                                   const std::string& file) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    return fail(ErrorKind::invalid_input, std::string("not valid JSON: ") + error.what(), file);
  }
  return questionnaire_from_json(document, catalogue, file);
}

Result<DiligenceQuestionnaire> questionnaire_from_json(const nlohmann::json& document,
                                                       const Catalogue& catalogue,
                                                       const std::string& file) {
  DiligenceQuestionnaire questionnaire;
  try {
    const detail::ObjectReader root(document, "$", {"application", "steps"});
    if (const auto* steps = root.find("steps")) {
      const detail::ObjectReader reader(*steps, root.child("steps"),
                                        {kStepKeys.begin(), kStepKeys.end()});
      for (const auto key : kStepKeys)
        if (const auto value = reader.optional_bool(key))
          questionnaire.steps.emplace(std::string(key), *value);
    }
    auto application =
        application_from_json(root.required("application"), catalogue, file, "$.application");
    if (!application) return tl::unexpected(application.error());
    questionnaire.application = std::move(*application);
  } catch (Failure& failure) {
    if (!file.empty()) failure.error.where = file + ": " + failure.error.where;
    return tl::unexpected(std::move(failure.error));
  }
  return questionnaire;
}

DiligenceReport run_diligence(const DiligenceQuestionnaire& questionnaire, AssessmentInput input,
                              const Catalogue& catalogue, const Policy& policy) {
  input.application = &questionnaire.application;
  DiligenceReport report;
  report.reference = questionnaire.application.reference;
  report.assessment = assess(input, catalogue, policy);
  std::tie(report.licence_indication, report.licence_basis) = licence_indication(report.assessment);
  StepWriter writer(questionnaire, report.assessment);
  commit_step(writer);
  classify_step(writer);
  misuse_step(writer);
  screen_step(writer);
  destination_step(writer);
  mitigate_step(writer);
  notify_step(writer, report);
  remedy_step(writer);
  report.steps = writer.finish();
  return report;
}

ordered_json to_json(const DiligenceReport& report, const core::Application& application) {
  ordered_json out;
  out["reference"] = report.reference;
  out["as_of"] = report.assessment.as_of;
  out["risk"] = {{"level", to_string(report.assessment.level)}, {"score", report.assessment.score}};
  out["outlook"] = to_string(report.assessment.recommendation);
  out["licence"] = {{"indication", report.licence_indication}, {"basis", report.licence_basis}};
  ordered_json steps = ordered_json::array();
  std::size_t open_actions = 0;
  for (const auto& step : report.steps) {
    steps.push_back({{"id", step.id},
                     {"title", step.title},
                     {"status", to_string(step.status)},
                     {"citation", step.citation},
                     {"findings", step.findings},
                     {"actions", step.actions}});
    open_actions += step.actions.size();
  }
  out["open_actions"] = open_actions;
  out["steps"] = std::move(steps);
  out["assessment"] = to_json(report.assessment, application);
  return out;
}

std::string render_markdown(const DiligenceReport& report) {
  std::ostringstream out;
  out << "# Human-rights due diligence: " << report.reference << "\n\n";
  out << "- **Risk:** " << to_string(report.assessment.level) << " (" << report.assessment.score
      << " of 100); an authority would likely: " << to_string(report.assessment.recommendation)
      << "\n";
  out << "- **Licence:** " << report.licence_indication << " (" << report.licence_basis << ")\n";
  out << "- **As of:** " << report.assessment.as_of << "\n\n";
  for (const auto& step : report.steps) {
    out << "## " << (step.status == StepStatus::done ? "[done] " : "[to do] ") << step.title
        << "\n\n_" << step.citation << "_\n\n";
    for (const auto& finding : step.findings) out << "- " << finding << "\n";
    for (const auto& action : step.actions) out << "- [ ] " << action << "\n";
    out << "\n";
  }
  return out.str();
}

std::string render_html(const DiligenceReport& report) {
  const auto e = [](std::string_view text) { return html_escape(text); };
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Due "
         "diligence "
      << e(report.reference) << "</title>\n<style>\n"
      << "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 "
         "1rem;line-height:1.45}\n"
      << ".done{color:#1d6b1d}.todo{color:#9a3b00}small{color:#555}\n"
      << "@media print{body{margin:0;max-width:none}}\n</style>\n</head>\n<body>\n";
  out << "<h1>Human-rights due diligence: " << e(report.reference) << "</h1>\n";
  out << "<p>Risk <strong>" << to_string(report.assessment.level) << "</strong> ("
      << report.assessment.score << "/100); an authority would likely: <strong>"
      << to_string(report.assessment.recommendation)
      << "</strong>. Licence: " << e(report.licence_indication) << " (" << e(report.licence_basis)
      << "). As of " << e(report.assessment.as_of) << ".</p>\n";
  for (const auto& step : report.steps) {
    const bool done = step.status == StepStatus::done;
    out << "<h2 class=\"" << (done ? "done" : "todo") << "\">" << (done ? "Done: " : "To do: ")
        << e(step.title) << "</h2>\n<p><small>" << e(step.citation) << "</small></p>\n<ul>\n";
    for (const auto& finding : step.findings) out << "<li>" << e(finding) << "</li>\n";
    for (const auto& action : step.actions)
      out << "<li><strong>Action:</strong> " << e(action) << "</li>\n";
    out << "</ul>\n";
  }
  out << "</body>\n</html>\n";
  return out.str();
}

}  // namespace echri::assessment
