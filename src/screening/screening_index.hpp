#pragma once
// The in-memory screening index over every name and alias of the loaded lists, and the screening
// of one query against it: candidate retrieval by token, fuzzy token and phonetic key, then the
// full name score, the qualifiers and the explanation of each match.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/entity.hpp"
#include "screening/name_score.hpp"
#include "screening/qualifiers.hpp"

namespace echri::screening {

// The operating threshold; docs/benchmarks.md shows how it was chosen.
inline constexpr double kDefaultThreshold = 0.80;

struct ScreeningOptions {
  double threshold = kDefaultThreshold;
  std::size_t limit = 10;
};

struct MatchExplanation {
  std::string matched_name;  // the name variant that matched, as listed
  bool alias = false;
  bool weak_alias = false;
  double name_score = 0;
  NameScore name;  // token pairs and left-over tokens
  std::vector<QualifierEffect> qualifiers;
};

struct ScreeningMatch {
  std::uint32_t entity_index = 0;  // into ScreeningIndex::entities()
  double score = 0;
  MatchExplanation explanation;
};

struct IndexStats {
  std::size_t entities = 0;
  std::size_t names = 0;       // primary names and aliases
  std::size_t vocabulary = 0;  // distinct token keys, joined pairs included
  std::size_t fuzzy_keys = 0;  // single-deletion keys
};

class ScreeningIndex {
 public:
  explicit ScreeningIndex(std::vector<core::ListedEntity> entities);
  ~ScreeningIndex();
  ScreeningIndex(ScreeningIndex&&) noexcept;
  ScreeningIndex& operator=(ScreeningIndex&&) noexcept;
  ScreeningIndex(const ScreeningIndex&) = delete;
  ScreeningIndex& operator=(const ScreeningIndex&) = delete;

  // Matches at or above the threshold, best first (ties by list and source id), at most `limit`.
  // Safe to call from several threads at once.
  [[nodiscard]] std::vector<ScreeningMatch> screen(const ScreeningQuery& query,
                                                   const ScreeningOptions& options) const;
  // The same, scoring every name in the index: the reference that retrieval recall is measured
  // against.
  [[nodiscard]] std::vector<ScreeningMatch> screen_exhaustive(
      const ScreeningQuery& query, const ScreeningOptions& options) const;

  [[nodiscard]] const std::vector<core::ListedEntity>& entities() const;
  [[nodiscard]] IndexStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace echri::screening
