#include "cli/context.hpp"

namespace echri::cli {

void add_screen_commands(CLI::App& app, Context& context) {
  app.add_subcommand("screen", "Screen names against the imported lists");
  app.add_subcommand("compare", "Score two names against each other, with the explanation");
  (void)context;
}

}  // namespace echri::cli
