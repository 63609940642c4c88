#include <string>

#include "store/internal/postgres_driver.hpp"
#include "store/internal/sql_store.hpp"
#include "store/internal/sqlite_driver.hpp"
#include "store/store.hpp"

namespace echri::store {

Result<std::unique_ptr<Store>> open_store(std::string_view url,
                                          const std::filesystem::path& data_dir,
                                          StoreOptions options) {
  Result<std::unique_ptr<internal::Driver>> driver;
  if (url.empty()) {
    driver = internal::open_sqlite_driver(data_dir / "echri.db", options.create_if_missing);
  } else if (url.starts_with("sqlite:")) {
    const auto path = url.substr(7);
    if (path.empty() || path == ":memory:" || path.starts_with("file:"))
      return fail(ErrorKind::invalid_input,
                  "a SQLite database needs a file path (sqlite:PATH): the server shares it "
                  "between connections",
                  std::string(url));
    driver = internal::open_sqlite_driver(std::filesystem::path(std::string(path)),
                                          options.create_if_missing);
  } else if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    driver = internal::open_postgres_driver(url);
  } else {
    return fail(ErrorKind::invalid_input,
                "unknown database URL (expected sqlite:PATH, postgres://... or postgresql://...)",
                "--db");
  }
  if (!driver) return tl::unexpected(driver.error());
  return internal::open_sql_store(std::move(*driver), std::move(options));
}

}  // namespace echri::store
