#include "cases/internal/case_assessment.hpp"

#include <algorithm>
#include <set>

#include "cases/screening_hits.hpp"

namespace echri::cases::detail {
namespace {

using nlohmann::json;

json basis_json(std::string_view policy, std::string_view catalogue,
                std::vector<std::string> lists) {
  std::sort(lists.begin(), lists.end());
  return json{{"policy", std::string(policy)},
              {"catalogue", std::string(catalogue)},
              {"lists", std::move(lists)}};
}

json current_basis(const Evaluator& evaluator) {
  const auto lists = evaluator.lists().current();
  return basis_json(evaluator.policy_fingerprint(), evaluator.catalogue().version(),
                    lists ? lists->versions : std::vector<std::string>{});
}

// The list id of "list-id@sha256:...".
std::string list_id(const std::string& version) {
  return version.substr(0, version.find('@'));
}

void describe_list_changes(const json& was, const json& now, std::vector<std::string>& out) {
  std::set<std::string> before;
  std::set<std::string> after;
  for (const auto& version : was) before.insert(version.get<std::string>());
  for (const auto& version : now) after.insert(version.get<std::string>());
  if (before == after) return;
  std::set<std::string> changed;
  for (const auto& version : before)
    if (after.count(version) == 0) changed.insert(list_id(version));
  for (const auto& version : after)
    if (before.count(version) == 0) changed.insert(list_id(version));
  std::string names;
  for (const auto& id : changed) names += (names.empty() ? "" : ", ") + id;
  out.push_back("the restricted-party lists changed since it was made (" + names + ")");
}

std::string hit_key(const json& hit) {
  return std::to_string(hit.value("party_index", 0)) + "|" + hit.value("list", "") + "|" +
         hit.value("source_id", "");
}

json hits_json(const assessment::ScreeningEvidence& evidence,
               const core::Application& application) {
  json hits = json::array();
  for (const auto& party : evidence.parties)
    for (const auto& hit : party.hits)
      hits.push_back(
          json{{"id", hit_id(party.party_index, hit.list, hit.source_id, hit.entity_digest)},
               {"party_index", party.party_index},
               {"party", application.parties[party.party_index].name},
               {"list", hit.list},
               {"source_id", hit.source_id},
               {"listed_name", hit.listed_name},
               {"score", hit.score},
               {"identifier_match", hit.identifier_match},
               {"entity_digest", hit.entity_digest}});
  return hits;
}

json match_flag(std::string_view kind, const json& hit, std::string_view now) {
  return json{{"kind", std::string(kind)},
              {"detail", hit.value("party", "") + " ~ " + hit.value("listed_name", "") + " (" +
                             hit.value("list", "") + ")"},
              {"at", std::string(now)}};
}

// The flags an assessment raises; recomputed on every assessment.
json flags_from(const assessment::Assessment& result, const json& hits, std::string_view now) {
  json flags = json::array();
  for (const auto& hit : hits) flags.push_back(match_flag("screening_match", hit, now));
  for (const auto& flag : result.red_flags)
    flags.push_back(
        json{{"kind", "red_flag"}, {"detail", flag.question}, {"at", std::string(now)}});
  for (const auto& missing : result.missing_information)
    flags.push_back(json{{"kind", "missing_information"},
                         {"detail", missing.path + ": " + missing.what},
                         {"at", std::string(now)}});
  for (const auto& denial : result.peer_denials)
    flags.push_back(json{{"kind", "peer_denial"},
                         {"detail", denial.state + " " + denial.reference},
                         {"at", std::string(now)}});
  return flags;
}

bool is_history_flag(const json& flag) {
  const auto kind = flag.value("kind", "");
  return kind == "new_list_match" || kind == "risk_raised";
}

}  // namespace

assessment::RiskLevel level_of(const json& body) {
  if (!body.contains("risk")) return assessment::RiskLevel::low;
  const auto level = assessment::parse_risk_level(body["risk"].value("level", "low"));
  return level.value_or(assessment::RiskLevel::low);
}

std::vector<std::string> staleness(const json& body, const Evaluator& evaluator) {
  std::vector<std::string> reasons;
  if (!body.contains("assessment_basis")) {
    reasons.emplace_back("it was made before assessments recorded their basis");
    return reasons;
  }
  const auto& was = body["assessment_basis"];
  const auto now = current_basis(evaluator);
  if (was.value("policy", "") != now["policy"].get<std::string>())
    reasons.push_back("the policy changed since it was made (" + was.value("policy", "") + " -> " +
                      now["policy"].get<std::string>() + ")");
  if (was.value("catalogue", "") != now["catalogue"].get<std::string>())
    reasons.push_back("the control catalogue changed since it was made");
  describe_list_changes(was.value("lists", json::array()), now["lists"], reasons);
  for (const auto& mark : body.value("assessment_stale", json::array()))
    reasons.push_back(mark.value("reason", "") + " (" + mark.value("at", "") + ")");
  return reasons;
}

void mark_stale(json& body, std::string_view reason, std::string_view now) {
  if (!body.contains("assessment_version")) return;  // not assessed yet: nothing to invalidate
  body["assessment_stale"].push_back(
      json{{"reason", std::string(reason)}, {"at", std::string(now)}});
}

AppliedEvaluation apply_evaluation(store::Record& record, json& body, const Evaluation& evaluation,
                                   const core::Application& application, std::string_view now) {
  const auto& result = evaluation.assessment;
  AppliedEvaluation applied;
  applied.level_before = level_of(body);
  applied.level_after = result.level;
  const bool assessed_before = body.contains("assessment_version");

  auto hits = hits_json(result.screening, application);
  // Judgements are kept by hit id, which changes with the listed entity: an unchanged entry
  // keeps its disposition through re-screening, a changed one is open again.
  show_dispositions(hits, body.value("hit_dispositions", json::object()));
  applied.hits = hits.size();
  std::set<std::string> known;
  if (body.contains("screening"))
    for (const auto& hit : body["screening"].value("hits", json::array()))
      known.insert(hit_key(hit));
  if (assessed_before)
    for (const auto& hit : hits)
      if (known.count(hit_key(hit)) == 0) applied.fresh_hits.push_back(hit);

  json flags = json::array();
  for (const auto& flag : body.value("flags", json::array()))
    if (is_history_flag(flag)) flags.push_back(flag);
  for (const auto& hit : applied.fresh_hits)
    flags.push_back(match_flag("new_list_match", hit, now));
  if (assessed_before && applied.level_after > applied.level_before)
    flags.push_back(
        json{{"kind", "risk_raised"},
             {"detail", std::string(assessment::to_string(applied.level_before)) + " -> " +
                            std::string(assessment::to_string(applied.level_after))},
             {"at", std::string(now)}});
  for (auto& flag : flags_from(result, hits, now)) flags.push_back(std::move(flag));

  body["assessment"] = evaluation.report;
  body["risk"] = {{"level", std::string(assessment::to_string(result.level))},
                  {"score", result.score},
                  {"recommendation", std::string(assessment::to_string(result.recommendation))}};
  body["screening"] = {{"performed", result.screening.performed},
                       {"lists", result.screening.lists},
                       {"hits", hits},
                       {"at", std::string(now)}};
  body["flags"] = std::move(flags);
  body["assessment_version"] = body.value("assessment_version", 0) + 1;
  body["assessment_basis"] =
      basis_json(evaluation.policy_fingerprint, result.catalogue_version, result.screening.lists);
  body["assessed_at"] = std::string(now);
  body.erase("assessment_stale");
  record.risk = result.score;
  return applied;
}

std::string stale_objection(const store::Record& record, const json& body,
                            const Evaluator& evaluator) {
  const auto reasons = staleness(body, evaluator);
  if (reasons.empty()) return {};
  std::string text = "the assessment of " + record.id + " (version " +
                     std::to_string(body.value("assessment_version", 0)) + ") is out of date: ";
  for (std::size_t i = 0; i < reasons.size(); ++i) text += (i > 0 ? "; " : "") + reasons[i];
  return text + "; re-assess it first (POST /api/v1/applications/" + record.id + "/reassess)";
}

}  // namespace echri::cases::detail
