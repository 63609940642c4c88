#include "cli/context.hpp"

namespace echri::cli {

void add_assess_commands(CLI::App& /*app*/, Context& /*context*/) {}

}  // namespace echri::cli
