#include "cases/internal/case_steps.hpp"

#include "cases/internal/case_records.hpp"

namespace echri::cases::detail {

using nlohmann::json;

CaseState state_of(const store::Record& record) {
  const auto state = parse_case_state(record.state);
  if (!state) raise(ErrorKind::internal, "application " + record.id + " has an unknown state");
  return *state;
}

void move(store::Record& record, json& body, CaseAction action, const Principal& actor,
          std::string_view now) {
  const auto to = value_or_raise(next_state(state_of(record), action));
  record.state = std::string(to_string(to));
  body["history"].push_back(json{{"state", record.state},
                                 {"action", std::string(to_string(action))},
                                 {"by", actor.user},
                                 {"at", std::string(now)}});
}

void require_exporter_of(const Principal& actor, const store::Record& record,
                         std::string_view what) {
  require_role(actor, {Role::exporter}, what);
  if (actor.organisation != record.organisation)
    raise(ErrorKind::not_found, "no " + record.kind + " '" + record.id + "'");
}

void require_officer(const Principal& actor, std::string_view what) {
  require_role(actor, {Role::officer, Role::senior_officer}, what);
}

store::Record child_record(std::string_view kind, std::string id, const store::Record& parent,
                           std::string state, const json& body) {
  store::Record record;
  record.kind = std::string(kind);
  record.id = std::move(id);
  record.organisation = parent.organisation;
  record.parent = parent.id;
  record.state = std::move(state);
  record.body = body.dump();
  return record;
}

CasePage page_of(const Principal& actor, store::RecordPage page) {
  CasePage out;
  out.total = page.total;
  for (auto& record : page.records) out.items.push_back(view_of(actor, std::move(record)));
  return out;
}

CasePage children(store::Transaction& tx, const Principal& actor, std::string_view kind,
                  std::string_view application_id, Paging paging) {
  const auto parent = load(tx, actor, kApplication, application_id);
  store::RecordQuery query;
  query.kind = std::string(kind);
  query.parent = parent.id;
  query.limit = paging.limit;
  query.offset = paging.offset;
  return page_of(actor, value_or_raise(tx.list(query)));
}

}  // namespace echri::cases::detail
