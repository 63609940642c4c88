#pragma once
// The screening index of the lists imported under the data directory: mapped from its snapshot
// when current, else built (and the snapshot written).

#include <filesystem>

#include "core/result.hpp"
#include "screening/screening_index.hpp"

namespace echri::cli {

// Fails with not_found when no list has been imported yet, naming the folder and the command.
Result<screening::ScreeningIndex> load_screening_index(const std::filesystem::path& data_dir);

}  // namespace echri::cli
