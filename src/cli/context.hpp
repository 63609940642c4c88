#pragma once
// What every subcommand gets: where the data lives and where to write.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace echri::cli {

struct Context {
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  std::string data_dir_option;  // --data-dir as given, "" when absent
  int exit_code = 0;

  // --data-dir, else $ECHRI_DATA_DIR, else $XDG_DATA_HOME/echri, else ~/.local/share/echri.
  [[nodiscard]] std::filesystem::path data_dir() const;
};

// A subcommand's action runs after parsing; it returns the exit code.
using Action = std::function<int(Context&)>;

// Each command file registers its subcommands on the app.
void add_lists_commands(CLI::App& app, Context& context);
void add_screen_commands(CLI::App& app, Context& context);

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the operation failed (bad input file, I/O)
inline constexpr int kExitUsage = 2;     // the command line itself is wrong
inline constexpr int kExitNotFound = 3;  // something named does not exist (no lists imported)

}  // namespace echri::cli
