#include "cases/internal/audited_write.hpp"

#include <string>
#include <utility>

namespace echri::cases::detail {

store::Record write_audited(store::Transaction& tx, const Principal& actor, std::string_view action,
                            const std::optional<store::Record>& before, store::Record after,
                            const nlohmann::json& detail) {
  store::AuditDraft audit;
  audit.actor = actor.user;
  audit.role = std::string(to_string(actor.role));
  audit.token_id = actor.token_id;
  audit.action = std::string(action);
  audit.subject_kind = after.kind;
  audit.subject_id = after.id;
  audit.detail = detail.dump();
  auto stored = before ? value_or_raise(tx.update(std::move(after), before->version))
                       : value_or_raise(tx.insert(std::move(after)));
  value_or_raise(tx.append_audit(audit));
  return stored;
}

}  // namespace echri::cases::detail
