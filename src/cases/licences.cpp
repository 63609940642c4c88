#include "cases/licences.hpp"

#include "cases/internal/case_records.hpp"
#include "cases/internal/case_steps.hpp"
#include "core/file_io.hpp"

namespace echri::cases {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

Licences::Licences(store::Store& store, std::function<std::string()> now)
    : store_(store), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<CaseView> Licences::get(const Principal& actor, std::string_view licence_id) {
  return read_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      return view_of(actor, load(tx, actor, kLicence, licence_id));
    });
  });
}

Result<CasePage> Licences::list(const Principal& actor, Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CasePage> {
      store::RecordQuery query;
      query.kind = std::string(kLicence);
      if (!actor.sees_all_organisations()) query.organisation = actor.organisation;
      query.order = store::RecordOrder::newest;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return detail::page_of(actor, value_or_raise(tx.list(query)));
    });
  });
}

Result<CaseView> Licences::amend(const Principal& actor, std::string_view licence_id,
                                 const std::vector<std::string>& conditions, std::string_view why,
                                 std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_role(actor, {Role::senior_officer}, "amend licences");
      if (why.empty()) raise(ErrorKind::invalid_input, "say why the licence changes", "$.reason");
      const auto before = load(tx, actor, kLicence, licence_id);
      check_version(before, if_match);
      if (before.state == "revoked")
        raise(ErrorKind::conflict, "licence " + before.id + " is revoked");
      const auto now = now_();
      auto after = before;
      auto body = body_of(before);
      body["amendments"].push_back(json{{"at", now},
                                        {"by", actor.user},
                                        {"reason", std::string(why)},
                                        {"conditions_before", body["conditions"]}});
      body["conditions"] = conditions;
      after.state = "amended";
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "licence.amend", before, after,
                                 json{{"reason", std::string(why)}}));
    });
  });
}

Result<CaseView> Licences::revoke(const Principal& actor, std::string_view licence_id,
                                  std::string_view why, std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_role(actor, {Role::senior_officer}, "revoke licences");
      if (why.empty())
        raise(ErrorKind::invalid_input, "say why the licence is revoked", "$.reason");
      const auto before = load(tx, actor, kLicence, licence_id);
      check_version(before, if_match);
      if (before.state == "revoked")
        raise(ErrorKind::conflict, "licence " + before.id + " is already revoked");
      auto after = before;
      auto body = body_of(before);
      body["revoked"] = {{"at", now_()}, {"by", actor.user}, {"reason", std::string(why)}};
      after.state = "revoked";
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "licence.revoke", before, after,
                                 json{{"reason", std::string(why)}}));
    });
  });
}

}  // namespace echri::cases
