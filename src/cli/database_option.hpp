#pragma once
// The --db option of every command that works on the case database, worded once.

#include <CLI/CLI.hpp>
#include <string>

namespace echri::cli {

// Adds `--db URL` to the command, stored in `url`: store::open_store's URL, "" for SQLite under
// --data-dir.
void add_database_option(CLI::App* command, std::string& url);

}  // namespace echri::cli
