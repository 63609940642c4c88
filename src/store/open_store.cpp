#include <string>

#include "store/postgres_store.hpp"
#include "store/sqlite_store.hpp"
#include "store/store.hpp"

namespace echri::store {

Result<std::unique_ptr<Store>> open_store(std::string_view url,
                                          const std::filesystem::path& data_dir,
                                          StoreOptions options) {
  if (url.empty()) return open_sqlite_store(data_dir / "echri.db", std::move(options));
  if (url.starts_with("sqlite:")) {
    const auto path = url.substr(7);
    if (path.empty() || path == ":memory:" || path.starts_with("file:"))
      return fail(ErrorKind::invalid_input,
                  "a SQLite database needs a file path (sqlite:PATH): the server shares it "
                  "between connections",
                  std::string(url));
    return open_sqlite_store(std::filesystem::path(std::string(path)), std::move(options));
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
    return open_postgres_store(url, std::move(options));
  return fail(ErrorKind::invalid_input,
              "unknown database URL (expected sqlite:PATH, postgres://... or postgresql://...)",
              "--db");
}

}  // namespace echri::store
