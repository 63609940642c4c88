#include "cli/index_loader.hpp"

#include "screening/index_snapshot.hpp"

namespace echri::cli {

Result<screening::ScreeningIndex> load_screening_index(const std::filesystem::path& data_dir) {
  auto loaded = screening::load_list_index(data_dir);
  if (!loaded) return tl::unexpected(loaded.error());
  return std::move(loaded->index);
}

}  // namespace echri::cli
