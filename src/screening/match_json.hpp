#pragma once
// JSON of screening results and explanations: the shape the CLI's --json and the HTTP API share.

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "screening/name_score.hpp"
#include "screening/screening_index.hpp"

namespace echri::screening {

nlohmann::json to_json(const NameScore& score);
nlohmann::json to_json(const MatchExplanation& explanation);
// The match with the entity's identity (list, source_id, type, name) and its explanation.
nlohmann::json to_json(const ScreeningMatch& match, const core::ListedEntity& entity);
// The same for the match's best listing, with every listing of the party in `sources` (the best
// first) and, when there are several, why they are one party in `merged_on`. Without `explain`
// (bulk screening), `explanation` gives way to `matched_name` and `matched_alias`.
nlohmann::json to_json(const ScreeningMatch& match, const ScreeningIndex& index,
                       bool explain = true);
nlohmann::json to_json(const ScreeningQuery& query);

}  // namespace echri::screening
