#pragma once
// The `echri` command line: builds the CLI11 app with every subcommand and runs it.

#include <iosfwd>

namespace echri::cli {

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the operation failed (bad input file, I/O)
inline constexpr int kExitUsage = 2;     // the command line itself is wrong
inline constexpr int kExitNotFound = 3;  // something named does not exist (no lists imported)

// Runs the command line; returns the process exit code. Output goes to the given streams so that
// tests can run commands in-process.
int run(int argc, char** argv);
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace echri::cli
