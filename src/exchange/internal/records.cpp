#include "exchange/internal/records.hpp"

#include <utility>

namespace echri::exchange::internal {

std::optional<nlohmann::json> read_body(store::Transaction& tx, std::string_view kind,
                                        std::string_view id) {
  auto found = value_or_raise(tx.find(kind, id));
  if (!found) return std::nullopt;
  try {
    return nlohmann::json::parse(found->body);
  } catch (const nlohmann::json::parse_error&) {
    raise(ErrorKind::internal,
          "stored " + std::string(kind) + " '" + std::string(id) + "' is not JSON");
  }
}

void write_body(store::Transaction& tx, const Actor& actor, std::string_view action,
                std::string_view kind, std::string_view id, const nlohmann::json& body,
                const nlohmann::json& detail, std::string_view state) {
  auto before = value_or_raise(tx.find(kind, id));
  store::Record record;
  record.kind = std::string(kind);
  record.id = std::string(id);
  record.state = std::string(state);
  record.body = body.dump();
  if (before) {
    value_or_raise(tx.update(std::move(record), before->version));
  } else {
    value_or_raise(tx.insert(std::move(record)));
  }
  store::AuditDraft audit;
  audit.actor = actor.user;
  audit.role = actor.role;
  audit.token_id = actor.token_id;
  audit.action = std::string(action);
  audit.subject_kind = std::string(kind);
  audit.subject_id = std::string(id);
  audit.detail = detail.dump();
  value_or_raise(tx.append_audit(audit));
}

}  // namespace echri::exchange::internal
