#include "cases/desk.hpp"

#include <algorithm>
#include <array>

#include "cases/internal/case_records.hpp"
#include "cases/internal/case_steps.hpp"
#include "core/field_limits.hpp"
#include "core/file_io.hpp"
#include "core/text_util.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

constexpr std::size_t kChildPage = 200;

// The kinds of record that belong to an application (their `parent` is its id).
constexpr std::array kChildKinds{kInformationRequest, kNote, kDocument, kLicence, kAppeal};

store::Record load_open_case(store::Transaction& tx, const Principal& actor, std::string_view id,
                             std::optional<std::int64_t> if_match, std::string_view what) {
  auto record = load(tx, actor, kApplication, id);
  check_version(record, if_match);
  if (!is_open_for_review(state_of(record)))
    raise(ErrorKind::conflict, "only an open case's " + std::string(what) + " can change; " +
                                   record.id + " is " + record.state);
  return record;
}

// Why `user` cannot have cases of `actor`'s authority; "" when it can.
std::string unfit_assignee(const std::optional<User>& user, const Principal& actor) {
  if (!user) return "no such user";
  if (!user->active) return "the user is inactive";
  if (user->role != Role::officer && user->role != Role::senior_officer)
    return "the user is a " + std::string(to_string(user->role)) +
           "; cases go to an officer or a senior officer";
  if (user->organisation != actor.organisation) return "the user is not of your authority";
  return {};
}

json nullable(const json& body, std::string_view key) {
  const auto found = body.find(key);
  if (found == body.end() || (found->is_string() && found->get_ref<const std::string&>().empty()))
    return nullptr;
  return *found;
}

}  // namespace

Desk::Desk(store::Store& store, std::function<std::string()> now)
    : store_(store), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<CaseView> Desk::assign(const Principal& actor, std::string_view id, std::string_view user,
                              std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "assign cases");
      const auto before = load_open_case(tx, actor, id, if_match, "assignee");
      const auto assignee = value_or_raise(find_user_in(tx, user));
      if (const auto why = unfit_assignee(assignee, actor); !why.empty())
        raise(ErrorKind::invalid_input,
              "cannot assign " + before.id + " to '" + std::string(user) + "': " + why, "$.user");
      auto body = body_of(before);
      const auto previous = nullable(body, "assigned_to");
      if (previous == json(user)) return view_of(actor, before);
      // The field review writes: a case started by one officer and handed to another reads the
      // same as one started by the other.
      body["assigned_to"] = std::string(user);
      auto after = before;
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "application.assign", before, after,
                                 json{{"assignee_before", previous}, {"assignee", user}}));
    });
  });
}

Result<CaseView> Desk::dispose_hit(const Principal& actor, std::string_view id,
                                   std::string_view hit_id, HitDisposition disposition,
                                   std::string_view reason, std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "judge screening hits");
      if (disposition == HitDisposition::open)
        raise(ErrorKind::invalid_input, "a hit is confirmed or dismissed", "$.disposition");
      if (core::trim(reason).empty()) raise(ErrorKind::invalid_input, "is required", "$.reason");
      if (reason.size() > core::kMaxFreeTextBytes)
        raise(ErrorKind::invalid_input,
              "longer than " + std::to_string(core::kMaxFreeTextBytes) + " bytes", "$.reason");
      const auto before = load_open_case(tx, actor, id, if_match, "screening hits");
      auto body = body_of(before);
      auto& hits = body["screening"]["hits"];
      const auto hit = std::find_if(hits.begin(), hits.end(), [&](const json& candidate) {
        return candidate.is_object() && candidate.value("id", "") == hit_id;
      });
      if (!hits.is_array() || hit == hits.end())
        raise(ErrorKind::not_found, "no screening hit '" + std::string(hit_id) + "' in " +
                                        before.id + "'s current screening");
      const auto was = hit->value("disposition", std::string(to_string(HitDisposition::open)));
      const auto now = now_();
      auto& kept = body["hit_dispositions"][std::string(hit_id)];
      kept = json{{"disposition", to_string(disposition)},
                  {"reason", std::string(reason)},
                  {"by", actor.user},
                  {"at", now},
                  {"party_index", hit->value("party_index", 0)},
                  {"list", hit->value("list", "")},
                  {"source_id", hit->value("source_id", "")},
                  {"entity_digest", hit->value("entity_digest", "")}};
      show_dispositions(hits, body["hit_dispositions"]);
      auto after = before;
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "application.hit_disposition", before, after,
                                 json{{"hit", hit_id},
                                      {"disposition_before", was},
                                      {"disposition", to_string(disposition)},
                                      {"reason", reason},
                                      {"list", kept["list"]},
                                      {"source_id", kept["source_id"]},
                                      {"entity_digest", kept["entity_digest"]}}));
    });
  });
}

Result<std::vector<store::AuditRecord>> Desk::history(const Principal& actor, std::string_view id) {
  return read_returning<std::vector<store::AuditRecord>>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<std::vector<store::AuditRecord>> {
      if (!is_authority_staff(actor))
        raise(ErrorKind::forbidden, "a case's history is the authority's");
      const auto application = load(tx, actor, kApplication, id);
      auto records = value_or_raise(tx.audit_about(kApplication, application.id));
      for (const auto kind : kChildKinds) {
        store::RecordQuery query;
        query.kind = std::string(kind);
        query.parent = application.id;
        query.limit = kChildPage;
        for (std::size_t offset = 0;; offset += kChildPage) {
          query.offset = offset;
          const auto page = value_or_raise(tx.list(query));
          for (const auto& child : page.records) {
            auto about = value_or_raise(tx.audit_about(child.kind, child.id));
            records.insert(records.end(), std::make_move_iterator(about.begin()),
                           std::make_move_iterator(about.end()));
          }
          if (page.records.size() < kChildPage) break;
        }
      }
      std::sort(records.begin(), records.end(),
                [](const store::AuditRecord& a, const store::AuditRecord& b) {
                  return a.sequence < b.sequence;
                });
      return records;
    });
  });
}

}  // namespace echri::cases
