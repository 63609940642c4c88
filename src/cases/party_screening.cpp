#include "cases/party_screening.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/digest.hpp"
#include "core/entity_json.hpp"
#include "screening/index_snapshot.hpp"

namespace echri::cases {
namespace {

std::string one_line(const screening::MatchExplanation& explanation) {
  std::ostringstream out;
  out << "matched " << (explanation.alias ? "alias" : "name") << " \"" << explanation.matched_name
      << "\"";
  for (const auto& pair : explanation.name.pairs)
    out << "; " << pair.query << "~" << pair.candidate << " " << screening::to_string(pair.how);
  for (const auto& effect : explanation.qualifiers)
    out << "; " << effect.qualifier << " " << screening::to_string(effect.outcome);
  return out.str();
}

}  // namespace

std::string entity_digest(const core::ListedEntity& entity) {
  return core::sha256_hex(core::to_json(entity).dump());
}

Result<std::optional<LoadedLists>> load_lists_if_any(const std::filesystem::path& data_dir) {
  auto loaded = screening::load_list_index(data_dir);
  if (!loaded) {
    if (loaded.error().kind == ErrorKind::not_found) return std::optional<LoadedLists>();
    return tl::unexpected(loaded.error());
  }
  std::vector<std::string> versions;
  for (const auto& version : loaded->lists)
    versions.push_back(version.list_id + "@" + version.version);
  return std::optional<LoadedLists>(LoadedLists{std::move(loaded->index), std::move(versions)});
}

screening::ScreeningQuery query_for(const core::Party& party) {
  screening::ScreeningQuery query;
  query.name = party.name;
  if (party.type)
    query.type = *party.type == core::PartyType::individual ? core::EntityType::person
                                                            : core::EntityType::organization;
  query.country = party.country;
  query.date_of_birth = party.date_of_birth;
  query.identifier = party.identifier;
  return query;
}

assessment::ScreeningEvidence screen_parties(const LoadedLists* lists,
                                             const core::Application& application,
                                             double threshold) {
  assessment::ScreeningEvidence evidence;
  if (lists == nullptr) return evidence;
  evidence.performed = true;
  evidence.lists = lists->versions;
  evidence.threshold = threshold;
  const screening::ScreeningOptions options{threshold, 5};
  for (std::size_t i = 0; i < application.parties.size(); ++i) {
    assessment::PartyScreening party;
    party.party_index = i;
    for (const auto& match : lists->index.screen(query_for(application.parties[i]), options)) {
      const auto& entity = lists->index.entity(match.entity_index);
      assessment::ScreeningHit hit;
      hit.list = entity.list;
      hit.source_id = entity.source_id;
      hit.listed_name = entity.name;
      hit.matched_name = match.explanation.matched_name;
      hit.score = match.score;
      hit.identifier_match =
          std::any_of(match.explanation.qualifiers.begin(), match.explanation.qualifiers.end(),
                      [](const screening::QualifierEffect& effect) {
                        return effect.outcome == screening::QualifierOutcome::decisive;
                      });
      hit.programs = entity.programs;
      hit.explanation = one_line(match.explanation);
      // The party's other listings are part of the one hit an officer judges.
      for (std::size_t k = 1; k < match.sources.size(); ++k) {
        const auto& other = lists->index.entity(match.sources[k].first);
        hit.explanation += "; also listed as " + other.list + " " + other.source_id;
      }
      if (match.sources.size() > 1) hit.explanation += " (one party: " + match.merged_on + ")";
      hit.entity_digest = entity_digest(entity);
      party.hits.push_back(std::move(hit));
    }
    evidence.parties.push_back(std::move(party));
  }
  return evidence;
}

ListHolder::ListHolder(std::optional<LoadedLists> lists) {
  replace(std::move(lists));
}

std::shared_ptr<const LoadedLists> ListHolder::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

void ListHolder::replace(std::optional<LoadedLists> lists) {
  std::shared_ptr<const LoadedLists> next;
  if (lists) next = std::make_shared<const LoadedLists>(std::move(*lists));
  const std::lock_guard lock(mutex_);
  current_ = std::move(next);
}

screening::JobIndexSource job_index_source(const ListHolder& holder) {
  return [&holder]() -> screening::JobIndex {
    auto lists = holder.current();
    if (!lists) return {};
    // Shares ownership of the loaded lists: a job keeps its index even if the lists are replaced.
    std::shared_ptr<const screening::ScreeningIndex> index(lists, &lists->index);
    return {std::move(index), lists->versions};
  };
}

}  // namespace echri::cases
