#pragma once
// Screens every party of an application and hands the results to the assessment in its own
// terms (the assessment sees results, never the index). cases/ will take this over.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "assessment/assess.hpp"
#include "core/application.hpp"
#include "screening/screening_index.hpp"

namespace echri::cli {

struct LoadedLists {
  screening::ScreeningIndex index;
  std::vector<std::string> versions;  // "list-id@sha256:..."
};

// nullopt when no list is imported (the assessment then reports screening as not performed);
// an error when the lists exist but cannot be read.
Result<std::optional<LoadedLists>> load_lists_if_any(const std::filesystem::path& data_dir);

screening::ScreeningQuery query_for(const core::Party& party);

assessment::ScreeningEvidence screen_parties(const LoadedLists* lists,
                                             const core::Application& application,
                                             double threshold);

}  // namespace echri::cli
