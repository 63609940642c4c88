#include "cli/index_loader.hpp"

#include "screening/list_store.hpp"

namespace echri::cli {

Result<screening::ScreeningIndex> load_screening_index(const std::filesystem::path& data_dir) {
  const screening::ListStore store(data_dir);
  auto entities = store.load_all();
  if (!entities) return tl::unexpected(entities.error());
  if (entities->empty()) {
    return fail(ErrorKind::not_found,
                "no restricted-party lists imported under " + (data_dir / "lists").string() +
                    "; run `echri lists import PATH...` or `echri lists update` first");
  }
  return screening::ScreeningIndex(std::move(*entities));
}

}  // namespace echri::cli
