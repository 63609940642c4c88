#pragma once
// The `echri` command line: builds the CLI11 app with every subcommand and runs it.

#include <iosfwd>

namespace echri::cli {

// Runs the command line; returns the process exit code. Output goes to the given streams so that
// tests can run commands in-process.
int run(int argc, char** argv);
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace echri::cli
