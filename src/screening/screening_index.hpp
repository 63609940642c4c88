#pragma once
// The in-memory screening index over every name and alias of the loaded lists, and the screening
// of one query against it: candidate retrieval by token, fuzzy token and phonetic key, then the
// full name score, the qualifiers and the explanation of each match.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/entity.hpp"
#include "screening/name_score.hpp"
#include "screening/qualifiers.hpp"

namespace echri::screening {
namespace internal {
struct IndexData;
}

// The operating threshold; docs/benchmarks.md shows how it was chosen.
inline constexpr double kDefaultThreshold = 0.80;

struct ScreeningOptions {
  double threshold = kDefaultThreshold;
  std::size_t limit = 10;
  // False for bulk screening: matches name the variant that matched but carry no token pairs,
  // whose alignment costs about as much again as finding the match.
  bool explain = true;
};

struct MatchExplanation {
  std::string matched_name;  // the name variant that matched, as listed
  bool alias = false;
  bool weak_alias = false;
  double name_score = 0;
  NameScore name;  // token pairs and left-over tokens
  std::vector<QualifierEffect> qualifiers;
};

// One party, however many lists carry it: the listings that matched and were recognised as the
// same party (same identifier, or same name with agreeing facts) are one match, so that an
// officer judges a party once and a cut-off list counts parties, not republications.
struct ScreeningMatch {
  std::uint32_t entity_index = 0;  // ScreeningIndex::entity(entity_index): the best-scoring listing
  double score = 0;                // that listing's score
  MatchExplanation explanation;    // that listing's explanation
  // Every listing of the party that matched, each with its own score, the best first
  // (entity_index among them). Empty only in matches not made by ScreeningIndex.
  std::vector<std::pair<std::uint32_t, double>> sources;
  // Why the listings are one party ("identifier IMO 9116412", "name and date of birth
  // 1961-05-02"); several reasons joined by "; ". Empty for a single listing.
  std::string merged_on;
};

struct ScreeningResult {
  std::vector<ScreeningMatch> matches;  // at most the limit
  std::size_t total = 0;                // matches at the threshold before the limit
};

struct IndexStats {
  std::size_t entities = 0;
  std::size_t names = 0;       // primary names and aliases
  std::size_t vocabulary = 0;  // distinct token keys, joined pairs included
  std::size_t fuzzy_keys = 0;  // single-deletion keys
};

class ScreeningIndex {
 public:
  // Builds the index: prepares every name and alias (the slow part: a second or more for all
  // real lists), then lays the tables out flat.
  explicit ScreeningIndex(std::vector<core::ListedEntity> entities);
  // An index over tables built before, as the snapshot (index_snapshot.hpp) restores them.
  explicit ScreeningIndex(internal::IndexData data);
  ~ScreeningIndex();
  ScreeningIndex(ScreeningIndex&&) noexcept;
  ScreeningIndex& operator=(ScreeningIndex&&) noexcept;
  ScreeningIndex(const ScreeningIndex&) = delete;
  ScreeningIndex& operator=(const ScreeningIndex&) = delete;

  // Matches at or above the threshold, best first (ties by list and source id), at most `limit`;
  // listings of one party on several lists are one match. Safe to call from several threads.
  [[nodiscard]] std::vector<ScreeningMatch> screen(const ScreeningQuery& query,
                                                   const ScreeningOptions& options) const;
  // The same, with the number of matches the limit cut.
  [[nodiscard]] ScreeningResult screen_counted(const ScreeningQuery& query,
                                               const ScreeningOptions& options) const;
  // The same, scoring every name in the index: the reference that retrieval recall is measured
  // against.
  [[nodiscard]] std::vector<ScreeningMatch> screen_exhaustive(
      const ScreeningQuery& query, const ScreeningOptions& options) const;

  // A listed entity by ScreeningMatch::entity_index (< entity_count()). Restored from a snapshot,
  // an entity is decoded when first asked for.
  [[nodiscard]] const core::ListedEntity& entity(std::uint32_t index) const;
  [[nodiscard]] std::size_t entity_count() const;
  [[nodiscard]] IndexStats stats() const;
  // The tables, for the snapshot to write.
  [[nodiscard]] const internal::IndexData& data() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace echri::screening
