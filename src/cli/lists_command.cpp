#include "cli/context.hpp"

namespace echri::cli {

void add_lists_commands(CLI::App& app, Context& context) {
  auto* lists = app.add_subcommand("lists", "Import, update and inspect restricted-party lists");
  lists->require_subcommand(1);
  (void)context;
}

}  // namespace echri::cli
