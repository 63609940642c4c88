#include "cli/app.hpp"

#include <cstdlib>
#include <iostream>

#include "cli/context.hpp"

namespace echri::cli {

std::filesystem::path Context::data_dir() const {
  if (!data_dir_option.empty()) return data_dir_option;
  if (const char* env = std::getenv("ECHRI_DATA_DIR"); env != nullptr && *env != '\0') return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0')
    return std::filesystem::path(xdg) / "echri";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".local" / "share" / "echri";
  return std::filesystem::current_path() / "echri-data";
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Context context;
  context.out = &out;
  context.err = &err;
  CLI::App app{
      "echri: export controls and human rights. Screens parties against restricted-party lists and "
      "assesses licence applications for human-rights risk."};
  app.set_version_flag("--version", "echri 0.1.0");
  app.add_option("--data-dir", context.data_dir_option,
                 "Where imported lists and the database live (env ECHRI_DATA_DIR; default the XDG "
                 "data directory)");
  app.require_subcommand(1);
  add_lists_commands(app, context);
  add_screen_commands(app, context);
  add_countries_commands(app, context);
  add_assess_commands(app, context);
  add_serve_commands(app, context);
  add_users_commands(app, context);
  add_db_commands(app, context);
  add_cases_commands(app, context);
  add_exchange_commands(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    out << "echri 0.1.0\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "echri: " << e.what() << "\n";
    return kExitUsage;
  }
  return context.exit_code;
}

int run(int argc, char** argv) {
  return run(argc, argv, std::cout, std::cerr);
}

}  // namespace echri::cli
