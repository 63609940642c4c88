#include "screening/match_json.hpp"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace echri::screening {
namespace {

// Scores are shown to four decimals everywhere so that output is stable across platforms.
double rounded(double value) {
  return std::round(value * 10000.0) / 10000.0;
}

}  // namespace

nlohmann::json to_json(const NameScore& score) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& pair : score.pairs) {
    pairs.push_back({{"query", pair.query},
                     {"candidate", pair.candidate},
                     {"similarity", rounded(pair.similarity)},
                     {"how", std::string(to_string(pair.how))}});
  }
  return {{"score", rounded(score.score)},
          {"token_pairs", std::move(pairs)},
          {"unmatched_query", score.unmatched_query},
          {"unmatched_candidate", score.unmatched_candidate}};
}

nlohmann::json to_json(const MatchExplanation& explanation) {
  nlohmann::json qualifiers = nlohmann::json::array();
  for (const auto& effect : explanation.qualifiers) {
    qualifiers.push_back({{"qualifier", effect.qualifier},
                          {"outcome", std::string(to_string(effect.outcome))},
                          {"factor", rounded(effect.factor)},
                          {"detail", effect.detail}});
  }
  nlohmann::json name = to_json(explanation.name);
  return {{"matched_name", explanation.matched_name},
          {"matched_alias", explanation.alias},
          {"weak_alias", explanation.weak_alias},
          {"name_score", rounded(explanation.name_score)},
          {"token_pairs", std::move(name["token_pairs"])},
          {"unmatched_query", std::move(name["unmatched_query"])},
          {"unmatched_candidate", std::move(name["unmatched_candidate"])},
          {"qualifiers", std::move(qualifiers)}};
}

namespace {

// The match without its explanation.
nlohmann::json match_head(const ScreeningMatch& match, const core::ListedEntity& entity) {
  nlohmann::json out = {
      {"score", rounded(match.score)}, {"list", entity.list},
      {"source_id", entity.source_id}, {"type", std::string(core::to_string(entity.type))},
      {"name", entity.name},           {"programs", entity.programs},
      {"countries", entity.countries}};
  if (!entity.list_section.empty()) out["list_section"] = entity.list_section;
  if (!entity.source_url.empty()) out["source_url"] = entity.source_url;
  return out;
}

}  // namespace

nlohmann::json to_json(const ScreeningMatch& match, const core::ListedEntity& entity) {
  nlohmann::json out = match_head(match, entity);
  out["explanation"] = to_json(match.explanation);
  return out;
}

nlohmann::json to_json(const ScreeningMatch& match, const ScreeningIndex& index, bool explain) {
  const auto& best = index.entity(match.entity_index);
  nlohmann::json out = match_head(match, best);
  if (explain) {
    out["explanation"] = to_json(match.explanation);
  } else {
    out["matched_name"] = match.explanation.matched_name;
    out["matched_alias"] = match.explanation.alias;
  }
  nlohmann::json sources = nlohmann::json::array();
  const auto add = [&](std::uint32_t listing, double score) {
    const auto& entity = index.entity(listing);
    nlohmann::json source = {{"list", entity.list},
                             {"source_id", entity.source_id},
                             {"name", entity.name},
                             {"score", rounded(score)}};
    if (!entity.list_section.empty()) source["list_section"] = entity.list_section;
    sources.push_back(std::move(source));
  };
  if (match.sources.empty()) add(match.entity_index, match.score);
  for (const auto& [listing, score] : match.sources) add(listing, score);
  out["sources"] = std::move(sources);
  if (!match.merged_on.empty()) out["merged_on"] = match.merged_on;
  return out;
}

nlohmann::json to_json(const ScreeningQuery& query) {
  nlohmann::json out = {{"name", query.name}};
  if (query.type) out["type"] = std::string(core::to_string(*query.type));
  if (!query.country.empty()) out["country"] = query.country;
  if (!query.date_of_birth.empty()) out["date_of_birth"] = query.date_of_birth;
  if (!query.identifier.empty()) out["identifier"] = query.identifier;
  return out;
}

}  // namespace echri::screening
