#include "cases/internal/case_records.hpp"

#include <algorithm>
#include <cstdio>

#include "cases/internal/audited_write.hpp"

namespace echri::cases::detail {
namespace {

std::chrono::sys_days day_of(std::string_view text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (text.size() < 10 ||
      std::sscanf(std::string(text.substr(0, 10)).c_str(), "%d-%u-%u", &year, &month, &day) != 3)
    raise(ErrorKind::internal, "not a date: '" + std::string(text) + "'");
  const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                        std::chrono::day(day)};
  if (!ymd.ok()) raise(ErrorKind::internal, "not a date: '" + std::string(text) + "'");
  return std::chrono::sys_days(ymd);
}

}  // namespace

bool is_authority_staff(const Principal& actor) {
  return actor.sees_all_organisations();
}

store::Record load(store::Transaction& tx, const Principal& actor, std::string_view kind,
                   std::string_view id) {
  auto found = value_or_raise(tx.find(kind, id));
  const auto missing = [&] {
    raise(ErrorKind::not_found, "no " + std::string(kind) + " '" + std::string(id) + "'");
  };
  if (!found) missing();
  if (!actor.sees_all_organisations() && found->organisation != actor.organisation) missing();
  return std::move(*found);
}

void check_version(const store::Record& record, std::optional<std::int64_t> if_match) {
  if (if_match && *if_match != record.version)
    raise(ErrorKind::stale, record.kind + " " + record.id + " is at version " +
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
  raise(ErrorKind::forbidden, "a " + std::string(to_string(actor.role)) + " may not " +
                                  std::string(what) + " (needs: " + names + ")");
}

store::Record save(store::Transaction& tx, const Principal& actor, std::string_view action,
                   const std::optional<store::Record>& before, store::Record after,
                   const nlohmann::json& detail) {
  // An enrolment token stands for nobody until its owner exchanged it (docs/api.md); the router
  // refuses it first, and the workflow does not rely on that alone.
  if (actor.enrolment)
    raise(ErrorKind::forbidden, "exchange the enrolment token for your own token first");
  return write_audited(tx, actor, action, before, std::move(after), detail);
}

std::string next_id(store::Transaction& tx, std::string_view prefix, std::string_view now) {
  const std::string counter = std::string(prefix) + "-" + std::string(now.substr(0, 4));
  const auto number = value_or_raise(tx.next_number(counter));
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(number));
  return counter + "-" + digits;
}

nlohmann::json body_of(const store::Record& record) {
  return nlohmann::json::parse(record.body);
}

CaseView view_of(const Principal& actor, store::Record record) {
  return CaseView(std::move(record), actor);
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

CaseView::CaseView(store::Record stored, const Principal& reader)
    : record(std::move(stored)), audience_(audience_of(reader.role)), reader_(reader.user) {}

const nlohmann::json& CaseView::body() const {
  if (!parsed_) {
    auto stored = record.body.empty() ? nlohmann::json::object() : detail::body_of(record);
    parsed_ = audience_ == Audience::staff ? std::move(stored)
                                           : visible_body(record.kind, stored, audience_, reader_);
  }
  return *parsed_;
}

std::string CaseView::body_text() const {
  // Bodies are written by this module with nlohmann's compact dump, so the stored text is already
  // the object staff may see.
  if (audience_ == Audience::staff && !parsed_ && !record.body.empty()) return record.body;
  return body().dump();
}

}  // namespace echri::cases
