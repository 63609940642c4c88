#include "http/case_routes.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cases/case_services.hpp"
#include "cases/inquiries.hpp"
#include "core/country.hpp"
#include "core/csv_writer.hpp"
#include "core/field_limits.hpp"
#include "core/text_util.hpp"
#include "http/content_disposition.hpp"
#include "http/fields.hpp"
#include "http/pagination.hpp"

namespace echri::http {
namespace {

using cases::Role;
using nlohmann::json;

const std::initializer_list<Role> kStaff{Role::officer, Role::senior_officer, Role::auditor,
                                         Role::admin};
const std::initializer_list<Role> kStaffAndExporters{
    Role::exporter, Role::officer, Role::senior_officer, Role::auditor, Role::admin};
const std::initializer_list<Role> kOfficers{Role::officer, Role::senior_officer};

// A record as the API shows it: the record's identity, then the workflow's body. The body's text
// is spliced in rather than re-serialised: reading cases is mostly copying stored JSON.
std::string view_text(const cases::CaseView& view) {
  json identity = json::object();
  identity["id"] = view.record.id;
  identity["state"] = view.record.state;
  identity["organisation"] = view.record.organisation;
  if (!view.record.parent.empty()) identity["parent"] = view.record.parent;
  identity["version"] = view.record.version;
  identity["created_at"] = view.record.created_at;
  identity["updated_at"] = view.record.updated_at;
  std::string text = identity.dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string body = view.body_text();
  if (body.size() > 2) {  // not "{}"
    text.back() = ',';
    text.append(body, 1, std::string::npos);
  }
  return text;
}

ApiResponse one(const cases::CaseView& view, int status = 200) {
  auto response = ApiResponse::text(view_text(view), std::string(kJsonContentType));
  response.status = status;
  response.with_version(view.record.version);
  return response;
}

Result<ApiResponse> one_of(Result<cases::CaseView> view, int status = 200) {
  if (!view) return tl::unexpected(view.error());
  return one(*view, status);
}

Result<ApiResponse> created(Result<cases::CaseView> view, std::string_view collection) {
  if (!view) return tl::unexpected(view.error());
  auto response = one(*view, 201);
  response.with_location("/api/v1/" + std::string(collection) + "/" + view->record.id);
  return response;
}

Result<ApiResponse> page_response(Result<cases::CasePage> page, const PageRequest& request) {
  if (!page) return tl::unexpected(page.error());
  const auto count = page->items.size();
  std::string items = "[";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) items += ',';
    items += view_text(page->items[i]);
  }
  items += ']';
  return ApiResponse::text(page_text(items, count, page->total, request),
                           std::string(kJsonContentType));
}

cases::Paging paging_of(const PageRequest& page) {
  return cases::Paging{page.limit, page.offset};
}

std::vector<std::string> string_list(fields::Object& object, std::string_view key) {
  std::vector<std::string> values;
  const auto* found = object.find(key);
  if (found == nullptr) return values;
  const auto path = object.child(key);
  if (!found->is_array()) fields::reject(path, "expected an array of strings");
  for (std::size_t i = 0; i < found->size(); ++i) {
    const auto& value = (*found)[i];
    if (!value.is_string() || value.get<std::string>().empty())
      fields::reject(path + "[" + std::to_string(i) + "]", "expected a non-empty string");
    values.push_back(value.get<std::string>());
  }
  return values;
}

cases::DecisionDraft read_decision(const json& body) {
  fields::Object object(body, "$");
  cases::DecisionDraft draft;
  const auto outcome_text = object.required_string("outcome", 40);
  const auto outcome = cases::parse_outcome(outcome_text);
  if (!outcome)
    fields::reject(object.child("outcome"), "unknown outcome '" + outcome_text +
                                                "' (approved, approved_with_conditions, refused)");
  draft.outcome = *outcome;
  draft.reasons = string_list(object, "reasons");
  draft.conditions = string_list(object, "conditions");
  draft.explanation = object.optional_string("explanation", core::kMaxFreeTextBytes).value_or("");
  object.no_other_fields();
  return draft;
}

// One required text field and nothing else: the bodies of the small workflow actions.
std::string only_text(const json& body, std::string_view key) {
  fields::Object object(body, "$");
  auto text = object.required_string(key, core::kMaxFreeTextBytes);
  object.no_other_fields();
  return text;
}

// A route that answers one page of a list: `list(request, paging)` gives the page.
template <class List>
Handler paged_list(List list) {
  return [list](const ApiRequest& request) -> Result<ApiResponse> {
    auto page = page_request(request);
    if (!page) return tl::unexpected(page.error());
    return page_response(list(request, paging_of(*page)), *page);
  };
}

// A comma-separated query parameter's values (empty pieces dropped); empty when absent.
std::vector<std::string> query_list(const ApiRequest& request, std::string_view name) {
  const auto value = request.query(name);
  return value ? core::split_trimmed(*value, ",") : std::vector<std::string>{};
}

[[noreturn]] void bad_parameter(std::string_view name, const std::string& message) {
  raise(ErrorKind::invalid_input, message, "query:" + std::string(name));
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string text;
  for (const auto name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

// The queue's tab, filters and sort from the query; a value it does not know is a 400 naming the
// parameter.
cases::QueueCriteria queue_criteria(const ApiRequest& request) {
  cases::QueueCriteria criteria;
  if (auto tab = request.query("tab")) {
    const auto parsed = cases::parse_queue_tab(*tab);
    if (!parsed) bad_parameter("tab", "unknown tab '" + *tab + "' (all, mine, waiting)");
    criteria.tab = *parsed;
  }
  for (const auto& state : query_list(request, "state")) {
    const auto parsed = cases::parse_case_state(state);
    const auto& open = cases::queue_states();
    if (!parsed || std::find(open.begin(), open.end(), *parsed) == open.end())
      bad_parameter("state", "'" + state +
                                 "' is not a state of the queue (submitted, "
                                 "information_requested, under_review, recommended)");
    criteria.states.push_back(*parsed);
  }
  for (const auto& risk : query_list(request, "risk")) {
    const auto parsed = assessment::parse_risk_level(risk);
    if (!parsed)
      bad_parameter("risk", "unknown risk level '" + risk + "' (low, medium, high, severe)");
    criteria.risks.push_back(*parsed);
  }
  for (const auto& destination : query_list(request, "destination")) {
    const auto country =
        destination.size() == 2 ? core::country_by_code(destination) : std::nullopt;
    if (!country)
      bad_parameter("destination", "'" + destination + "' is not an ISO 3166-1 alpha-2 code");
    criteria.destinations.push_back(country->alpha2);
  }
  if (auto entry = request.query("control_entry")) {
    if (core::trim(*entry).empty() || entry->size() > core::kMaxNameBytes)
      bad_parameter("control_entry", "expected a control entry such as 5A001.j");
    criteria.control_entry = std::string(core::trim(*entry));
  }
  if (auto flag = request.query("flag")) {
    const auto& kinds = cases::queue_flag_kinds();
    if (std::find(kinds.begin(), kinds.end(), *flag) == kinds.end())
      bad_parameter("flag", "unknown flag '" + *flag + "' (" + joined(kinds) + ")");
    criteria.flag = *flag;
  }
  if (auto assignee = request.query("assignee")) {
    if (assignee->empty() || assignee->size() > core::kMaxNameBytes)
      bad_parameter("assignee", "expected a user id, or none");
    criteria.assignee = *assignee == "none" ? std::string() : *assignee;
  }
  if (auto overdue = request.query("overdue")) {
    if (*overdue != "true" && *overdue != "false")
      bad_parameter("overdue", "expected true or false");
    criteria.overdue = *overdue == "true";
  }
  if (auto text = request.query("q")) {
    if (text->size() > core::kMaxNameBytes)
      bad_parameter("q", "longer than " + std::to_string(core::kMaxNameBytes) + " bytes");
    criteria.text = std::string(core::trim(*text));
  }
  if (auto sort = request.query("sort")) {
    const auto parsed = cases::parse_queue_sort(*sort);
    if (!parsed)
      bad_parameter("sort",
                    "unknown sort '" + *sort + "' (risk, age, destination, state, assignee)");
    criteria.sort = *parsed;
  }
  if (auto order = request.query("order")) {
    const auto parsed = cases::parse_sort_order(*order);
    if (!parsed) bad_parameter("order", "expected asc or desc");
    if (!criteria.sort) bad_parameter("order", "order needs sort");
    criteria.order = *parsed;
  }
  return criteria;
}

// What a queue table shows of a case, once for the JSON and the CSV.
struct QueueRow {
  std::string id;
  std::string state;
  std::string organisation;
  std::string reference;
  std::string exporter;
  std::string destination;
  std::vector<std::string> control_entries;  // each once, in item order
  json risk;
  std::string risk_level;
  std::size_t flag_count = 0;
  std::vector<std::string> flag_kinds;  // each once, in flag order
  std::string assignee;                 // "" when nobody
  const cases::QueueEntry* entry = nullptr;
};

void add_once(std::vector<std::string>& values, std::string value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end())
    values.push_back(std::move(value));
}

QueueRow queue_row(const cases::QueueEntry& entry) {
  static const json kNoApplication = json::object();
  const auto& body = entry.view.body();
  const auto found = body.find("application");
  const auto& application = found != body.end() ? *found : kNoApplication;
  QueueRow row;
  row.entry = &entry;
  row.id = entry.view.record.id;
  row.state = entry.view.record.state;
  row.organisation = entry.view.record.organisation;
  row.reference = application.value("reference", "");
  if (application.contains("exporter")) row.exporter = application["exporter"].value("name", "");
  row.destination = application.value("destination", "");
  for (const auto& item : application.value("items", json::array()))
    add_once(row.control_entries, item.value("control_entry", ""));
  row.risk = body.value("risk", json::object());
  row.risk_level = row.risk.value("level", "");
  const auto flags = body.value("flags", json::array());
  row.flag_count = flags.size();
  for (const auto& flag : flags) add_once(row.flag_kinds, flag.value("kind", ""));
  row.assignee = body.value("assigned_to", "");
  return row;
}

json queue_json(const QueueRow& row) {
  return json{{"id", row.id},
              {"state", row.state},
              {"organisation", row.organisation},
              {"reference", row.reference},
              {"exporter", row.exporter},
              {"destination", row.destination},
              {"control_entries", row.control_entries},
              {"risk", row.risk},
              {"risk_level", row.risk_level},
              {"flags", row.flag_count},
              {"flag_kinds", row.flag_kinds},
              {"assigned_to", row.assignee},
              {"assignee", row.assignee.empty() ? json(nullptr) : json(row.assignee)},
              {"days_in_state", row.entry->days_in_state},
              {"days_open", row.entry->days_open},
              {"overdue_requests", row.entry->overdue_requests}};
}

std::string join_values(const std::vector<std::string>& values) {
  std::string text;
  for (const auto& value : values) text += (text.empty() ? "" : "; ") + value;
  return text;
}

std::string queue_csv(const std::vector<cases::QueueEntry>& entries) {
  std::string csv = core::csv_row({"id", "reference", "exporter", "organisation", "destination",
                                   "control_entries", "risk_level", "risk_score", "state", "flags",
                                   "assignee", "days_in_state", "days_open", "overdue_requests"});
  for (const auto& entry : entries) {
    const auto row = queue_row(entry);
    std::string score;
    if (row.risk.contains("score")) score = row.risk["score"].dump();
    csv += core::csv_row({row.id, row.reference, row.exporter, row.organisation, row.destination,
                          join_values(row.control_entries), row.risk_level, score, row.state,
                          join_values(row.flag_kinds), row.assignee,
                          std::to_string(entry.days_in_state), std::to_string(entry.days_open),
                          std::to_string(entry.overdue_requests)});
  }
  return csv;
}

json history_json(const std::vector<store::AuditRecord>& records) {
  json items = json::array();
  for (const auto& record : records) {
    auto detail = json::parse(record.draft.detail, nullptr, false);
    if (detail.is_discarded()) detail = record.draft.detail;
    items.push_back(json{{"sequence", record.sequence},
                         {"at", record.at},
                         {"actor", record.draft.actor},
                         {"role", record.draft.role},
                         {"action", record.draft.action},
                         {"subject_kind", record.draft.subject_kind},
                         {"subject_id", record.draft.subject_id},
                         {"detail", std::move(detail)}});
  }
  return json{{"items", std::move(items)}};
}

void add_desk_routes(Router& router, cases::CaseServices& service) {
  router.route(
      Method::put, "/api/v1/applications/{id}/assignee", kOfficers,
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto user = object.required_string("user", core::kMaxNameBytes);
          object.no_other_fields();
          return one_of(
              service.desk.assign(request.principal, request.param("id"), user, request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
  router.route(
      Method::post, "/api/v1/applications/{id}/hits/{hit}/disposition", kOfficers,
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto named = object.required_string("disposition", 40);
          const auto disposition = cases::parse_decided_disposition(named);
          if (!disposition)
            fields::reject(object.child("disposition"),
                           "unknown disposition '" + named + "' (confirmed, dismissed)");
          const auto reason = object.required_string("reason", core::kMaxFreeTextBytes);
          object.no_other_fields();
          return one_of(service.desk.dispose_hit(request.principal, request.param("id"),
                                                 request.param("hit"), *disposition, reason,
                                                 request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
  router.route(Method::get, "/api/v1/applications/{id}/history", kStaff,
               [&service](const ApiRequest& request) -> Result<ApiResponse> {
                 auto history = service.desk.history(request.principal, request.param("id"));
                 if (!history) return tl::unexpected(history.error());
                 return ApiResponse::json(history_json(*history));
               });
}

void add_application_routes(Router& router, cases::CaseServices& service) {
  router.route(Method::get, "/api/v1/applications", kStaffAndExporters,
               [&service](const ApiRequest& request) -> Result<ApiResponse> {
                 auto page = page_request(request);
                 if (!page) return tl::unexpected(page.error());
                 std::vector<std::string> states;
                 if (auto state = request.query("state")) {
                   std::size_t start = 0;
                   while (start <= state->size()) {
                     const auto comma = state->find(',', start);
                     const auto end = comma == std::string::npos ? state->size() : comma;
                     if (end > start) states.push_back(state->substr(start, end - start));
                     start = end + 1;
                   }
                 }
                 auto listed =
                     service.applications.list(request.principal, states, paging_of(*page));
                 if (!listed && listed.error().kind == ErrorKind::invalid_input)
                   listed.error().where = "query:state";
                 return page_response(std::move(listed), *page);
               });
  router.route(
      Method::post, "/api/v1/applications", {Role::exporter},
      [&service](const ApiRequest& request) {
        return created(service.applications.create(request.principal, request.body),
                       "applications");
      },
      RouteOptions{BodyKind::json});
  router.route(Method::get, "/api/v1/applications/{id}", kStaffAndExporters,
               [&service](const ApiRequest& request) {
                 return one_of(service.applications.get(request.principal, request.param("id")));
               });
  router.route(
      Method::put, "/api/v1/applications/{id}", {Role::exporter},
      [&service](const ApiRequest& request) {
        return one_of(service.applications.update(request.principal, request.param("id"),
                                                  request.body, request.if_match));
      },
      RouteOptions{BodyKind::json});
  router.route(Method::post, "/api/v1/applications/{id}/submit", {Role::exporter},
               [&service](const ApiRequest& request) {
                 return one_of(service.applications.submit(request.principal, request.param("id"),
                                                           request.if_match));
               });
  router.route(Method::post, "/api/v1/applications/{id}/withdraw", {Role::exporter},
               [&service](const ApiRequest& request) {
                 return one_of(service.applications.withdraw(request.principal, request.param("id"),
                                                             request.if_match));
               });
  router.route(Method::post, "/api/v1/applications/{id}/review", kOfficers,
               [&service](const ApiRequest& request) {
                 return one_of(service.applications.start_review(
                     request.principal, request.param("id"), request.if_match));
               });
  router.route(Method::post, "/api/v1/applications/{id}/reassess", kOfficers,
               [&service](const ApiRequest& request) {
                 return one_of(service.applications.reassess(request.principal, request.param("id"),
                                                             request.if_match));
               });
  router.route(
      Method::post, "/api/v1/applications/{id}/recommendation", kOfficers,
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          return one_of(service.decisions.recommend(request.principal, request.param("id"),
                                                    read_decision(request.body), request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
  router.route(
      Method::post, "/api/v1/applications/{id}/return", kOfficers,
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          return one_of(service.decisions.return_to_review(request.principal, request.param("id"),
                                                           only_text(request.body, "reason"),
                                                           request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
  router.route(
      Method::post, "/api/v1/applications/{id}/decision", kOfficers,
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          return one_of(service.decisions.decide(request.principal, request.param("id"),
                                                 read_decision(request.body), request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
  // Nothing is stored: the officer edits the draft and publishes it through the exchange
  // (POST /api/v1/exchange/publish), so the case holds no second copy to drift from it.
  router.route(Method::get, "/api/v1/applications/{id}/denial-draft", kOfficers,
               [&service](const ApiRequest& request) -> Result<ApiResponse> {
                 auto draft = service.denial_drafts.draft(request.principal, request.param("id"));
                 if (!draft) return tl::unexpected(draft.error());
                 return ApiResponse::json(*draft);
               });
}

void add_child_routes(Router& router, cases::CaseServices& service) {
  router.route(Method::get, "/api/v1/applications/{id}/information-requests", kStaffAndExporters,
               paged_list([&service](const ApiRequest& request, cases::Paging paging) {
                 return service.files.information_requests(request.principal, request.param("id"),
                                                           paging);
               }));
  router.route(
      Method::post, "/api/v1/applications/{id}/information-requests", kOfficers,
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto question = object.required_string("question", core::kMaxFreeTextBytes);
          const auto due = object.optional_string("due", 10).value_or("");
          object.no_other_fields();
          return created(service.files.request_information(request.principal, request.param("id"),
                                                           question, due),
                         "information-requests");
        });
      },
      RouteOptions{BodyKind::json});
  router.route(
      Method::post, "/api/v1/information-requests/{id}/answer", {Role::exporter},
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          return one_of(service.files.answer_information(request.principal, request.param("id"),
                                                         only_text(request.body, "answer")));
        });
      },
      RouteOptions{BodyKind::json});

  router.route(Method::get, "/api/v1/applications/{id}/notes", kStaff,
               paged_list([&service](const ApiRequest& request, cases::Paging paging) {
                 return service.files.notes(request.principal, request.param("id"), paging);
               }));
  router.route(
      Method::post, "/api/v1/applications/{id}/notes", kOfficers,
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto text = object.required_string("text", core::kMaxFreeTextBytes);
          const auto type = object.optional_string("type", 10).value_or("note");
          if (type != "note" && type != "advice")
            fields::reject(object.child("type"), "expected note or advice");
          std::optional<cases::Outcome> outcome;
          if (auto named = object.optional_string("outcome", 40)) {
            outcome = cases::parse_outcome(*named);
            if (!outcome)
              fields::reject(object.child("outcome"), "unknown outcome '" + *named + "'");
          }
          object.no_other_fields();
          return created(service.files.add_note(request.principal, request.param("id"), text,
                                                type == "advice", outcome),
                         "notes");
        });
      },
      RouteOptions{BodyKind::json});

  router.route(Method::get, "/api/v1/applications/{id}/documents", kStaffAndExporters,
               paged_list([&service](const ApiRequest& request, cases::Paging paging) {
                 return service.files.documents(request.principal, request.param("id"), paging);
               }));
  router.route(
      Method::post, "/api/v1/applications/{id}/documents",
      {Role::exporter, Role::officer, Role::senior_officer},
      [&service](const ApiRequest& request) -> Result<ApiResponse> {
        cases::DocumentUpload upload;
        upload.filename = request.query("filename").value_or("");
        if (upload.filename.empty())
          return fail(ErrorKind::invalid_input, "name the file: ?filename=NAME", "query:filename");
        auto type = request.header("Content-Type").value_or("");
        if (const auto semicolon = type.find(';'); semicolon != std::string::npos)
          type.resize(semicolon);
        upload.content_type = type;
        upload.content = std::string(request.raw_body());
        return created(service.files.add_document(request.principal, request.param("id"), upload),
                       "documents");
      },
      RouteOptions{BodyKind::bytes});
  router.route(Method::get, "/api/v1/documents/{id}", kStaffAndExporters,
               [&service](const ApiRequest& request) -> Result<ApiResponse> {
                 auto found = service.files.document(request.principal, request.param("id"));
                 if (!found) return tl::unexpected(found.error());
                 return one(found->first);
               });
  router.route(
      Method::get, "/api/v1/documents/{id}/content", kStaffAndExporters,
      [&service](const ApiRequest& request) -> Result<ApiResponse> {
        auto found = service.files.document(request.principal, request.param("id"));
        if (!found) return tl::unexpected(found.error());
        auto response =
            ApiResponse::bytes(std::move(found->second.content), found->second.content_type);
        response.headers.emplace_back(
            "Content-Disposition",
            attachment_disposition(found->first.body().value("filename", std::string("document"))));
        return response;
      },
      // Up to 16 MiB read and copied: not on an I/O thread, whose other connections would wait.
      RouteOptions{.placement = Placement::worker});

  router.route(Method::get, "/api/v1/applications/{id}/appeals", kStaffAndExporters,
               paged_list([&service](const ApiRequest& request, cases::Paging paging) {
                 return service.decisions.appeals(request.principal, request.param("id"), paging);
               }));
  router.route(
      Method::post, "/api/v1/applications/{id}/appeals", {Role::exporter},
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          return created(service.decisions.lodge_appeal(request.principal, request.param("id"),
                                                        only_text(request.body, "grounds")),
                         "appeals");
        });
      },
      RouteOptions{BodyKind::json});
  router.route(
      Method::post, "/api/v1/appeals/{id}/decision", {Role::senior_officer},
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto upheld = object.optional_bool("upheld");
          if (!upheld) fields::reject(object.child("upheld"), "missing: true or false");
          const auto explanation = object.required_string("explanation", core::kMaxFreeTextBytes);
          object.no_other_fields();
          return one_of(service.decisions.decide_appeal(request.principal, request.param("id"),
                                                        *upheld, explanation));
        });
      },
      RouteOptions{BodyKind::json});
}

void add_licence_and_queue_routes(Router& router, cases::CaseServices& service,
                                  Services& services) {
  router.route(Method::get, "/api/v1/licences", kStaffAndExporters,
               paged_list([&service](const ApiRequest& request, cases::Paging paging) {
                 return service.licences.list(request.principal, paging);
               }));
  router.route(Method::get, "/api/v1/licences/{id}", kStaffAndExporters,
               [&service](const ApiRequest& request) {
                 return one_of(service.licences.get(request.principal, request.param("id")));
               });
  router.route(
      Method::post, "/api/v1/licences/{id}/amend", {Role::senior_officer},
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto conditions = string_list(object, "conditions");
          const auto reason = object.required_string("reason", core::kMaxFreeTextBytes);
          object.no_other_fields();
          return one_of(service.licences.amend(request.principal, request.param("id"), conditions,
                                               reason, request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
  router.route(
      Method::post, "/api/v1/licences/{id}/revoke", {Role::senior_officer},
      [&service](const ApiRequest& request) {
        return fields::guarded([&]() {
          return one_of(service.licences.revoke(request.principal, request.param("id"),
                                                only_text(request.body, "reason"),
                                                request.if_match));
        });
      },
      RouteOptions{BodyKind::json});

  router.route(
      Method::get, "/api/v1/queue", kStaff,
      [&service](const ApiRequest& request) -> Result<ApiResponse> {
        auto page = page_request(request);
        if (!page) return tl::unexpected(page.error());
        return catch_failure([&]() -> Result<ApiResponse> {
          const auto criteria = queue_criteria(request);
          std::size_t total = 0;
          auto entries = value_or_raise(
              service.queue.entries(request.principal, criteria, paging_of(*page), &total));
          json items = json::array();
          for (const auto& entry : entries) items.push_back(queue_json(queue_row(entry)));
          return ApiResponse::json(page_json(std::move(items), total, *page));
        });
      },
      // A filtered or sorted queue reads every open case (cases/queue.hpp): not on an I/O thread.
      RouteOptions{.placement = Placement::worker});
  router.route(
      Method::get, "/api/v1/queue.csv", kStaff,
      [&service](const ApiRequest& request) -> Result<ApiResponse> {
        return catch_failure([&]() -> Result<ApiResponse> {
          const auto criteria = queue_criteria(request);
          const auto entries =
              value_or_raise(service.queue.all_entries(request.principal, criteria));
          auto response = ApiResponse::text(queue_csv(entries), "text/csv; charset=utf-8");
          response.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=\"queue.csv\"");
          return response;
        });
      },
      // Every open case read and written out: not on an I/O thread.
      RouteOptions{.placement = Placement::worker});
  router.route(Method::post, "/api/v1/rescreen", {Role::officer, Role::senior_officer, Role::admin},
               [&service, &services](const ApiRequest& request) -> Result<ApiResponse> {
                 if (services.reload_lists) {
                   if (auto reloaded = services.reload_lists(); !reloaded)
                     return tl::unexpected(reloaded.error());
                 }
                 auto report = service.applications.rescreen(request.principal);
                 if (!report) return tl::unexpected(report.error());
                 return ApiResponse::json(json{{"cases_screened", report->cases_screened},
                                               {"parties_screened", report->parties_screened},
                                               {"flagged", report->flagged}});
               });
  router.route(Method::get, "/api/v1/reasons", Access::any_role(),
               [](const ApiRequest&) -> Result<ApiResponse> {
                 json reasons = json::array();
                 for (const auto& reason : cases::refusal_reasons())
                   reasons.push_back(json{{"code", reason.code}, {"title", reason.title}});
                 return ApiResponse::json(json{{"items", reasons}});
               });
}

void add_inquiry_routes(Router& router, cases::Inquiries& inquiries) {
  router.route(Method::get, "/api/v1/advisory-queries", kStaffAndExporters,
               paged_list([&inquiries](const ApiRequest& request, cases::Paging paging) {
                 return inquiries.advisory_queries(request.principal, paging);
               }));
  router.route(
      Method::post, "/api/v1/advisory-queries", {Role::exporter},
      [&inquiries](const ApiRequest& request) {
        return created(inquiries.ask(request.principal, request.body), "advisory-queries");
      },
      RouteOptions{BodyKind::json});
  router.route(Method::get, "/api/v1/advisory-queries/{id}", kStaffAndExporters,
               [&inquiries](const ApiRequest& request) {
                 return one_of(inquiries.advisory_query(request.principal, request.param("id")));
               });
  router.route(
      Method::post, "/api/v1/advisory-queries/{id}/answer", kOfficers,
      [&inquiries](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto advice_text = object.required_string("advice", 40);
          const auto advice = cases::parse_advice(advice_text);
          if (!advice)
            fields::reject(object.child("advice"),
                           "unknown advice '" + advice_text +
                               "' (no_objection, licence_required, likely_refusal, "
                               "insufficient_information)");
          const auto text = object.required_string("text", core::kMaxFreeTextBytes);
          object.no_other_fields();
          return one_of(inquiries.answer(request.principal, request.param("id"), *advice, text,
                                         request.if_match));
        });
      },
      RouteOptions{BodyKind::json});

  const std::initializer_list<Role> readers{Role::civil_society, Role::officer,
                                            Role::senior_officer, Role::auditor, Role::admin};
  router.route(Method::get, "/api/v1/submissions", readers,
               paged_list([&inquiries](const ApiRequest& request, cases::Paging paging) {
                 return inquiries.submissions(request.principal, paging);
               }));
  router.route(
      Method::post, "/api/v1/submissions", {Role::civil_society},
      [&inquiries](const ApiRequest& request) {
        return created(inquiries.submit(request.principal, request.body), "submissions");
      },
      RouteOptions{BodyKind::json});
  router.route(Method::get, "/api/v1/submissions/{id}", readers,
               [&inquiries](const ApiRequest& request) {
                 return one_of(inquiries.submission(request.principal, request.param("id")));
               });
  router.route(
      Method::post, "/api/v1/submissions/{id}/triage", kOfficers,
      [&inquiries](const ApiRequest& request) {
        return fields::guarded([&]() {
          fields::Object object(request.body, "$");
          const auto priority_text = object.required_string("priority", 10);
          const auto priority = cases::parse_priority(priority_text);
          if (!priority) fields::reject(object.child("priority"), "expected low, medium or high");
          const auto note = object.optional_string("note", core::kMaxFreeTextBytes).value_or("");
          object.no_other_fields();
          return one_of(inquiries.triage(request.principal, request.param("id"), *priority, note,
                                         request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
  router.route(
      Method::post, "/api/v1/submissions/{id}/links", kOfficers,
      [&inquiries](const ApiRequest& request) {
        return fields::guarded([&]() {
          return one_of(inquiries.link(request.principal, request.param("id"),
                                       only_text(request.body, "application"), request.if_match));
        });
      },
      RouteOptions{BodyKind::json});
}

}  // namespace

void add_case_routes(Router& router, Services& services) {
  if (services.cases != nullptr) {
    add_application_routes(router, *services.cases);
    add_desk_routes(router, *services.cases);
    add_child_routes(router, *services.cases);
    add_licence_and_queue_routes(router, *services.cases, services);
  }
  if (services.inquiries != nullptr) add_inquiry_routes(router, *services.inquiries);
}

}  // namespace echri::http
