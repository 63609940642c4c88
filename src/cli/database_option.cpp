#include "cli/database_option.hpp"

namespace echri::cli {

void add_database_option(CLI::App* command, std::string& url) {
  command->add_option("--db", url,
                      "Database URL: sqlite:PATH or postgres://... (default: SQLite under "
                      "--data-dir)");
}

Result<std::unique_ptr<store::Store>> open_database(const Context& context, const std::string& url,
                                                    DatabaseUse use, bool migrate) {
  store::StoreOptions options;
  options.migrate = migrate;
  options.create_if_missing = use == DatabaseUse::create;
  return store::open_store(url, context.data_dir(), std::move(options));
}

}  // namespace echri::cli
