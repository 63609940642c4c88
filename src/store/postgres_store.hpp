#pragma once
// The server store: PostgreSQL through libpqxx, a pool of connections (one per concurrent
// caller). Every writer locks the audit head row first, so writers are serialised and the audit
// chain stays linear however many processes write; readers use REPEATABLE READ snapshots.
// Serialisation failures and deadlocks are retried.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::store {

// The libpq URL with echri's own "schema=NAME" query parameter taken out, and the schema.
struct PostgresTarget {
  std::string libpq_url;
  std::string schema;   // "" when the URL names none: the server's default search_path
  std::string display;  // the URL without its password, for messages
};
// invalid_input when the schema name is not [A-Za-z0-9_]+.
Result<PostgresTarget> parse_postgres_url(std::string_view url);

// Connects, creates the schema when named and absent, applies migrations when options.migrate.
// The returned store also implements dump.hpp's Dumpable.
Result<std::unique_ptr<Store>> open_postgres_store(std::string_view url, StoreOptions options);

}  // namespace echri::store
