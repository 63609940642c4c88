#pragma once
// Screens every party of an application and hands the results to the assessment in its own
// terms (the assessment sees results, never the index); holds the loaded lists for a server.

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "assessment/assess.hpp"
#include "core/application.hpp"
#include "core/entity.hpp"
#include "screening/screening_index.hpp"
#include "screening/screening_jobs.hpp"

namespace echri::cases {

struct LoadedLists {
  screening::ScreeningIndex index;
  std::vector<std::string> versions;  // "list-id@sha256:..."
};

// nullopt when no list is imported (the assessment then reports screening as not performed);
// an error when the lists exist but cannot be read.
Result<std::optional<LoadedLists>> load_lists_if_any(const std::filesystem::path& data_dir);

screening::ScreeningQuery query_for(const core::Party& party);

// SHA-256 (hex) of a listed entity's snapshot JSON (core/entity_json.hpp): what officers' hit
// dispositions are keyed by, so that a re-imported entry whose content changed is a new hit.
std::string entity_digest(const core::ListedEntity& entity);

assessment::ScreeningEvidence screen_parties(const LoadedLists* lists,
                                             const core::Application& application,
                                             double threshold);

// The lists a long-running server screens against. Readers take a snapshot that stays valid
// while an update swaps in a new index, so a list update never blocks or tears a screening.
class ListHolder {
 public:
  ListHolder() = default;
  explicit ListHolder(std::optional<LoadedLists> lists);
  // nullptr when no list is loaded.
  [[nodiscard]] std::shared_ptr<const LoadedLists> current() const;
  void replace(std::optional<LoadedLists> lists);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const LoadedLists> current_;
};

// The holder's current index for bulk screening jobs; `holder` must outlive the jobs.
screening::JobIndexSource job_index_source(const ListHolder& holder);

}  // namespace echri::cases
