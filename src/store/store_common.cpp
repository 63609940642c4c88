#include "store/store_common.hpp"

#include <algorithm>
#include <utility>

#include "core/digest.hpp"
#include "core/file_io.hpp"

namespace echri::store::detail {

Clock clock_of(StoreOptions options) {
  if (options.clock) return std::move(options.clock);
  return [] { return core::utc_timestamp(); };
}

Result<void> check_key(std::string_view kind, std::string_view id) {
  const bool kind_ok = !kind.empty() && std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
  if (!kind_ok)
    return fail(ErrorKind::invalid_input, "record kind '" + std::string(kind) + "' is not [a-z_]+",
                "kind");
  if (id.empty()) return fail(ErrorKind::invalid_input, "record id is empty", "id");
  return {};
}

Result<void> check_document(const Document& document) {
  if (core::sha256_hex(document.content) != document.sha256)
    return fail(ErrorKind::invalid_input,
                "document sha256 '" + document.sha256 + "' is not the SHA-256 of its content",
                "sha256");
  return {};
}

Error read_only_error() {
  return Error{ErrorKind::internal, "a write inside a read-only transaction", {}};
}

ListSql list_sql(const RecordQuery& query, const std::function<std::string(int)>& placeholder) {
  ListSql sql;
  auto bind = [&](const std::string& value) {
    sql.parameters.push_back(value);
    return placeholder(static_cast<int>(sql.parameters.size()));
  };
  sql.where = " WHERE kind = " + bind(query.kind);
  if (query.organisation) sql.where += " AND organisation = " + bind(*query.organisation);
  if (query.parent) sql.where += " AND parent = " + bind(*query.parent);
  if (!query.states.empty()) {
    sql.where += " AND state IN (";
    for (std::size_t i = 0; i < query.states.size(); ++i)
      sql.where += (i == 0 ? "" : ", ") + bind(query.states[i]);
    sql.where += ")";
  }
  switch (query.order) {
    case RecordOrder::created:
      sql.order_by = " ORDER BY created_at ASC, id ASC";
      break;
    case RecordOrder::newest:
      sql.order_by = " ORDER BY created_at DESC, id ASC";
      break;
    case RecordOrder::risk_then_age:
      sql.order_by = " ORDER BY risk DESC, created_at ASC, id ASC";
      break;
  }
  return sql;
}

}  // namespace echri::store::detail
