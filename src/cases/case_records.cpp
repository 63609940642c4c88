#include "cases/case_records.hpp"

#include <algorithm>
#include <cstdio>

#include "cases/inquiries.hpp"
#include "core/digest.hpp"

namespace echri::cases::detail {
namespace {

std::chrono::sys_days day_of(std::string_view text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (text.size() < 10 ||
      std::sscanf(std::string(text.substr(0, 10)).c_str(), "%d-%u-%u", &year, &month, &day) != 3)
    refuse(ErrorKind::internal, "not a date: '" + std::string(text) + "'");
  const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                        std::chrono::day(day)};
  if (!ymd.ok()) refuse(ErrorKind::internal, "not a date: '" + std::string(text) + "'");
  return std::chrono::sys_days(ymd);
}

std::string digest_of(const std::string& body) {
  return body.empty() ? std::string() : core::sha256_hex(body);
}

// What an exporter must not see of the authority's work on its case.
void redact_for_exporter(std::string_view kind, nlohmann::json& body) {
  if (kind == kApplication) {
    for (const char* field : {"assessment", "flags", "screening", "recommendation", "risk",
                              "assigned_to", "previous_decisions"})
      body.erase(field);
    if (body.contains("decision") && body["decision"].is_object()) {
      body["decision"].erase("decided_by");
      body["decision"].erase("recommended_by");
    }
  } else if (kind == kSubmission) {
    for (const char* field : {"triage", "links", "suggested_links"}) body.erase(field);
  } else if (kind == kAdvisoryQuery) {
    body.erase("screening");
    if (body.contains("answer") && body["answer"].is_object()) body["answer"].erase("by");
  }
}

}  // namespace

void refuse(ErrorKind kind, std::string message, std::string where) {
  throw Refusal{Error{kind, std::move(message), std::move(where)}};
}

bool is_authority_staff(const Principal& actor) {
  return actor.sees_all_organisations();
}

store::Record load(store::Transaction& tx, const Principal& actor, std::string_view kind,
                   std::string_view id) {
  auto found = take(tx.find(kind, id));
  const auto missing = [&] {
    refuse(ErrorKind::not_found, "no " + std::string(kind) + " '" + std::string(id) + "'");
  };
  if (!found) missing();
  if (!actor.sees_all_organisations() && found->organisation != actor.organisation) missing();
  return std::move(*found);
}

void check_version(const store::Record& record, std::optional<std::int64_t> if_match) {
  if (if_match && *if_match != record.version)
    refuse(ErrorKind::stale, record.kind + " " + record.id + " is at version " +
                                 std::to_string(record.version) + ", not " +
                                 std::to_string(*if_match) + ": reload it and try again");
}

void require_role(const Principal& actor, std::initializer_list<Role> roles,
                  std::string_view what) {
  if (std::find(roles.begin(), roles.end(), actor.role) != roles.end()) return;
  std::string names;
  for (const auto role : roles) {
    if (!names.empty()) names += ", ";
    names += to_string(role);
  }
  refuse(ErrorKind::forbidden, "a " + std::string(to_string(actor.role)) + " may not " +
                                   std::string(what) + " (needs: " + names + ")");
}

store::Record save(store::Transaction& tx, const Principal& actor, std::string_view action,
                   const std::optional<store::Record>& before, store::Record after,
                   const nlohmann::json& detail) {
  store::AuditDraft audit;
  audit.actor = actor.user;
  audit.role = std::string(to_string(actor.role));
  audit.action = std::string(action);
  audit.subject_kind = after.kind;
  audit.subject_id = after.id;
  audit.before_digest = before ? digest_of(before->body) : std::string();
  audit.after_digest = digest_of(after.body);
  audit.detail = detail.dump();
  auto stored = before ? take(tx.update(std::move(after), before->version))
                       : take(tx.insert(std::move(after)));
  take(tx.append_audit(audit));
  return stored;
}

std::string next_id(store::Transaction& tx, std::string_view prefix, std::string_view now) {
  const std::string counter = std::string(prefix) + "-" + std::string(now.substr(0, 4));
  const auto number = take(tx.next_number(counter));
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(number));
  return counter + "-" + digits;
}

nlohmann::json body_of(const store::Record& record) {
  return nlohmann::json::parse(record.body);
}

CaseView view_of(const Principal& actor, store::Record record) {
  return CaseView(std::move(record), !actor.sees_all_organisations());
}

std::int64_t days_between(std::string_view from, std::string_view to) {
  const auto days = (day_of(to) - day_of(from)).count();
  return std::max<std::int64_t>(0, days);
}

std::string date_after(std::string_view timestamp, int days) {
  const std::chrono::year_month_day ymd{day_of(timestamp) + std::chrono::days(days)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

}  // namespace echri::cases::detail

namespace echri::cases {

CaseView::CaseView(store::Record stored, bool redact_for_exporter)
    : record(std::move(stored)), redact_(redact_for_exporter) {}

const nlohmann::json& CaseView::body() const {
  if (!parsed_) {
    parsed_ = record.body.empty() ? nlohmann::json::object() : detail::body_of(record);
    if (redact_) detail::redact_for_exporter(record.kind, *parsed_);
  }
  return *parsed_;
}

std::string CaseView::body_text() const {
  // Bodies are written by this module with nlohmann's compact dump, so the stored text is already
  // the object an unredacted caller may see.
  if (!redact_ && !parsed_ && !record.body.empty()) return record.body;
  return body().dump();
}

}  // namespace echri::cases
