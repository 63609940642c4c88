#pragma once
// How every command reports errors and prints tables.

#include <ostream>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "core/result.hpp"

namespace echri::cli {

// Prints "echri: <where>: <message>" to stderr; returns kExitNotFound for not_found errors and
// kExitFailure for the rest, or the given exit code.
int report_error(Context& context, const Error& error);
int report_error(Context& context, const Error& error, int exit_code);

// Left-aligned columns two spaces apart; the first row is usually the heading.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

}  // namespace echri::cli
