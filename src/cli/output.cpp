#include "cli/output.hpp"

#include <algorithm>

namespace echri::cli {

int report_error(Context& context, const Error& error) {
  return report_error(context, error,
                      error.kind == ErrorKind::not_found ? kExitNotFound : kExitFailure);
}

int report_error(Context& context, const Error& error, int exit_code) {
  *context.err << "echri: " << error.describe() << "\n";
  return exit_code;
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

}  // namespace echri::cli
