#include "assessment/assessment_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "assessment/country_json.hpp"

namespace echri::assessment {
namespace {

using nlohmann::ordered_json;

// Scores to four decimals: enough to tell matches apart, and the same text on every machine.
double round_score(double value) {
  return std::round(value * 10000.0) / 10000.0;
}

ordered_json factor_json(const Factor& factor) {
  ordered_json out;
  out["id"] = factor.id;
  out["points"] = factor.points;
  out["evidence"] = factor.evidence;
  out["citation"] = factor.citation;
  if (!factor.path.empty()) out["path"] = factor.path;
  return out;
}

ordered_json item_json(const ItemFinding& item) {
  ordered_json out;
  out["index"] = item.index;
  out["control_entry"] = item.control_entry;
  if (!item.entry_title.empty()) out["title"] = item.entry_title;
  if (!item.regime.empty()) out["regime"] = item.regime;
  out["sensitivity"] = to_string(item.sensitivity);
  out["capabilities"] = item.capabilities;
  out["basis"] = item.basis;
  return out;
}

ordered_json hit_json(const ScreeningHit& hit) {
  ordered_json out;
  out["list"] = hit.list;
  out["source_id"] = hit.source_id;
  out["listed_name"] = hit.listed_name;
  out["matched_name"] = hit.matched_name;
  out["score"] = round_score(hit.score);
  out["identifier_match"] = hit.identifier_match;
  out["programs"] = hit.programs;
  if (!hit.explanation.empty()) out["explanation"] = hit.explanation;
  return out;
}

// One entry per party, hits or not, so that "screened and clear" is visible.
ordered_json screening_json(const Assessment& assessment, const core::Application& application) {
  ordered_json out = ordered_json::array();
  for (std::size_t i = 0; i < application.parties.size(); ++i) {
    const auto& party = application.parties[i];
    ordered_json entry;
    entry["party"] = i;
    entry["path"] = "$.parties[" + std::to_string(i) + "]";
    entry["role"] = core::to_string(party.role);
    entry["name"] = party.name;
    if (!assessment.screening.performed) {
      entry["status"] = "not_screened";
      entry["hits"] = ordered_json::array();
      out.push_back(std::move(entry));
      continue;
    }
    ordered_json hits = ordered_json::array();
    for (const auto& screened : assessment.screening.parties)
      if (screened.party_index == i)
        for (const auto& hit : screened.hits) hits.push_back(hit_json(hit));
    entry["status"] = hits.empty() ? "clear" : "potential_match";
    entry["hits"] = std::move(hits);
    out.push_back(std::move(entry));
  }
  return out;
}

ordered_json denial_json(const PeerDenial& denial) {
  ordered_json out;
  out["state"] = denial.state;
  out["reference"] = denial.reference;
  out["date"] = denial.date;
  out["control_entry"] = denial.control_entry;
  out["end_user"] = denial.end_user;
  out["destination"] = denial.destination;
  out["reason"] = denial.reason;
  return out;
}

}  // namespace

ordered_json to_json(const Assessment& assessment, const core::Application& application) {
  ordered_json out;
  out["reference"] = assessment.reference;
  out["as_of"] = assessment.as_of;
  ordered_json risk;
  risk["level"] = to_string(assessment.level);
  risk["score"] = assessment.score;
  risk["exposure"] = {{"class", to_string(assessment.exposure_class)},
                      {"multiplier", assessment.exposure}};
  out["risk"] = std::move(risk);
  out["recommendation"] = to_string(assessment.recommendation);
  out["recommendation_basis"] = {{"trigger", assessment.decisive_rule.trigger},
                                 {"action", to_string(assessment.decisive_rule.action)},
                                 {"citation", assessment.decisive_rule.citation}};
  out["triggers"] = assessment.triggers;

  ordered_json conditions = ordered_json::array();
  for (const auto& condition : assessment.conditions)
    conditions.push_back(
        {{"id", condition.id}, {"text", condition.text}, {"citation", condition.citation}});
  out["conditions"] = std::move(conditions);

  ordered_json factors = ordered_json::array();
  for (const auto& factor : assessment.factors) factors.push_back(factor_json(factor));
  out["factors"] = std::move(factors);

  ordered_json missing = ordered_json::array();
  for (const auto& entry : assessment.missing_information)
    missing.push_back({{"path", entry.path}, {"what", entry.what}, {"citation", entry.citation}});
  out["missing_information"] = std::move(missing);

  ordered_json flags = ordered_json::array();
  for (const auto& flag : assessment.red_flags)
    flags.push_back({{"id", flag.id},
                     {"question", flag.question},
                     {"source", flag.source},
                     {"citation", flag.citation}});
  out["red_flags"] = std::move(flags);

  out["screening"] = screening_json(assessment, application);
  out["screening_status"] = {{"performed", assessment.screening.performed},
                             {"threshold", round_score(assessment.screening.threshold)},
                             {"lists", assessment.screening.lists}};

  ordered_json items = ordered_json::array();
  for (const auto& item : assessment.items) items.push_back(item_json(item));
  out["items"] = std::move(items);

  out["destination"] = assessment.destination ? to_json(*assessment.destination) : ordered_json();

  ordered_json denials = ordered_json::array();
  for (const auto& denial : assessment.peer_denials) denials.push_back(denial_json(denial));
  out["peer_denials"] = std::move(denials);
  out["data_warnings"] = assessment.data_warnings;
  out["policy"] = {{"name", assessment.policy_name}, {"version", assessment.policy_version}};
  out["catalogue"] = {{"version", assessment.catalogue_version}};
  return out;
}

}  // namespace echri::assessment
