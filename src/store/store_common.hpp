#pragma once
// What the two store implementations share: argument checks, the clock, messages and the SQL of
// list queries that differs only in placeholders. Private to store/.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::store::detail {

using Clock = std::function<std::string()>;
// The options' clock, or core::utc_timestamp.
Clock clock_of(StoreOptions options);

// invalid_input unless kind is [a-z_]+ and id is not empty.
Result<void> check_key(std::string_view kind, std::string_view id);
// invalid_input unless the document's sha256 is the SHA-256 of its content.
Result<void> check_document(const Document& document);

Error read_only_error();

// The WHERE ... ORDER BY ... part of a list query and its parameters in order; `placeholder`
// writes the n-th (1-based) parameter ("?1" for SQLite, "$1" for PostgreSQL). LIMIT and OFFSET
// come after as the next two parameters.
struct ListSql {
  std::string where;     // " WHERE kind = ?1 AND ..."
  std::string order_by;  // " ORDER BY ..."
  std::vector<std::string> parameters;
};
ListSql list_sql(const RecordQuery& query, const std::function<std::string(int)>& placeholder);

}  // namespace echri::store::detail
