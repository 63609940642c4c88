#pragma once
// The --db option of every command that works on the case database, worded once, and how those
// commands open it.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/context.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cli {

// Adds `--db URL` to the command, stored in `url`: store::open_store's URL, "" for SQLite under
// --data-dir.
void add_database_option(CLI::App* command, std::string& url);

// What a command does with its database. A command that only reads it (or changes only what
// must exist already) never creates one: a missing database (a SQLite file, a PostgreSQL schema)
// is not_found naming it, which report_error turns into exit 3. Only commands that may start
// from nothing (db migrate, db restore, serve, organisations add, users add) create it.
enum class DatabaseUse { read, create };

// Opens the database `url` names for `use`; `migrate` applies pending migrations on the way.
Result<std::unique_ptr<store::Store>> open_database(const Context& context, const std::string& url,
                                                    DatabaseUse use, bool migrate = true);

}  // namespace echri::cli
