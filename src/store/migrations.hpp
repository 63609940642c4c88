#pragma once
// The database schema as a numbered list of migrations, each written once per SQL dialect. A
// database records what it has applied in schema_migrations(version, applied_at); opening a store
// applies what is missing, and a database written by a newer echri is refused rather than guessed
// at.

#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace echri::store {

enum class Dialect { sqlite, postgres };

struct Migration {
  int version;                // 1, 2, 3... in order; never renumbered once released
  std::string_view name;      // what it does, for `echri db migrate`
  std::string_view sqlite;    // statements separated by ';', run in one transaction
  std::string_view postgres;  // idem
};

std::span<const Migration> migrations();
// The schema version this binary writes: the last migration's.
int latest_schema_version();
std::string_view migration_sql(const Migration& migration, Dialect dialect);

// The migrations a database at `current` still needs, in order; io (it cannot be migrated) when the
// database is newer than this binary (`where` names it in the message).
Result<std::vector<const Migration*>> pending_migrations(int current, std::string_view where);

// The bookkeeping table, created before anything else.
std::string_view schema_migrations_ddl(Dialect dialect);

}  // namespace echri::store
