#pragma once
// Runs `echri` in-process for the CLI tests and captures what it prints.

#include <sstream>
#include <string>
#include <vector>

#include "cli/app.hpp"

namespace echri::cli::testing {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

inline Outcome run_cli(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"echri"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  const int code = run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

}  // namespace echri::cli::testing
