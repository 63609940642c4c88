#pragma once
// CSV as RFC 4180 writes it (the writing half of csv_reader.hpp), for tables that people open in a
// spreadsheet (the queue export, `echri screen --batch`): every row ends in CRLF,
// a cell holding a comma, a double quote, CR or LF is quoted with its quotes doubled, and a cell
// that a spreadsheet would run as a formula (it begins with = + - @, a tab or CR) is prefixed with
// a single quote (OWASP's advice against CSV injection), so that a name an exporter typed cannot
// run anything in an officer's spreadsheet.

#include <string>
#include <string_view>
#include <vector>

namespace echri::core {

std::string csv_cell(std::string_view value);
// The cells, each through csv_cell, separated by commas, with no line ending.
std::string csv_line(const std::vector<std::string>& cells);
// csv_line with RFC 4180's closing CRLF.
std::string csv_row(const std::vector<std::string>& cells);

}  // namespace echri::core
