#pragma once
// The server database: PostgreSQL through libpqxx, a pool of connections (one per concurrent
// caller), each with its prepared statements and its search_path set to the URL's schema.
// Writers lock the audit head row first (Statements::head_for_write), so they are serialised and
// the audit chain stays linear however many processes write; readers use REPEATABLE READ
// snapshots. Serialisation failures, deadlocks and connections lost before commit are retried.
// Private to store/.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/internal/driver.hpp"

namespace echri::store::internal {

// The libpq URL with echri's own "schema=NAME" query parameter taken out, and the schema.
struct PostgresTarget {
  std::string libpq_url;
  std::string schema;   // "" when the URL names none: the server's default search_path
  std::string display;  // the URL without its password, for messages
};
// invalid_input when the schema name is not [A-Za-z0-9_]+.
Result<PostgresTarget> parse_postgres_url(std::string_view url);

// Connects lazily: the first transaction opens the first connection. Access::schema creates the
// URL's schema when it is absent; nothing else creates anything.
Result<std::unique_ptr<Driver>> open_postgres_driver(std::string_view url);

}  // namespace echri::store::internal
