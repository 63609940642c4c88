#include "cli/database_option.hpp"

namespace echri::cli {

void add_database_option(CLI::App* command, std::string& url) {
  command->add_option("--db", url,
                      "Database URL: sqlite:PATH or postgres://... (default: SQLite under "
                      "--data-dir)");
}

}  // namespace echri::cli
