#pragma once
// What every subcommand gets: where the data lives and where to write.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include "cli/app.hpp"

namespace echri::cli {

struct Context {
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  std::string data_dir_option;  // --data-dir as given, "" when absent
  int exit_code = 0;

  // --data-dir, else $ECHRI_DATA_DIR, else $XDG_DATA_HOME/echri, else ~/.local/share/echri.
  [[nodiscard]] std::filesystem::path data_dir() const;
};

// Each command file registers its subcommands on the app.
void add_lists_commands(CLI::App& app, Context& context);
void add_screen_commands(CLI::App& app, Context& context);
void add_countries_commands(CLI::App& app, Context& context);
void add_assess_commands(CLI::App& app, Context& context);
void add_serve_commands(CLI::App& app, Context& context);
void add_users_commands(CLI::App& app, Context& context);
void add_db_commands(CLI::App& app, Context& context);
void add_cases_commands(CLI::App& app, Context& context);
void add_exchange_commands(CLI::App& app, Context& context);

}  // namespace echri::cli
