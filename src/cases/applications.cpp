#include "cases/applications.hpp"

#include <algorithm>

#include "assessment/application_json.hpp"
#include "cases/internal/case_assessment.hpp"
#include "cases/internal/case_records.hpp"
#include "cases/internal/case_steps.hpp"
#include "core/file_io.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

constexpr std::size_t kRescreenPage = 200;

core::Application parsed_application(const json& body, const Evaluator& evaluator) {
  return value_or_raise(assessment::application_from_json(
      body["application"], evaluator.catalogue(), "", "$.application"));
}

// Reads an application for an assessment that runs outside the write transaction.
store::Record read_for_assessment(store::Store& store, const Principal& actor, std::string_view id,
                                  const std::function<void(const store::Record&)>& check) {
  return value_or_raise(read_returning<store::Record>(store, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<store::Record> {
      auto record = load(tx, actor, kApplication, id);
      check(record);
      return record;
    });
  }));
}

// The application as read before the evaluation, unchanged since; stale otherwise.
store::Record reload_unchanged(store::Transaction& tx, const Principal& actor,
                               const store::Record& seen) {
  auto record = load(tx, actor, kApplication, seen.id);
  if (record.version != seen.version)
    raise(ErrorKind::stale, seen.id + " changed while it was being assessed (version " +
                                std::to_string(seen.version) + " -> " +
                                std::to_string(record.version) + "); try again");
  return record;
}

bool same_hits(const json& before, const json& after) {
  const auto keys = [](const json& body) {
    std::vector<std::string> out;
    if (body.contains("screening"))
      for (const auto& hit : body["screening"].value("hits", json::array()))
        out.push_back(std::to_string(hit.value("party_index", 0)) + "|" + hit.value("list", "") +
                      "|" + hit.value("source_id", ""));
    std::sort(out.begin(), out.end());
    return out;
  };
  return keys(before) == keys(after);
}

// Whether a re-assessment says something else than the assessment a recommendation relied on.
bool changed_materially(const json& before, const json& after) {
  return before.value("risk", json::object()) != after.value("risk", json::object()) ||
         !same_hits(before, after);
}

}  // namespace

Applications::Applications(store::Store& store, const Evaluator& evaluator,
                           std::function<std::string()> now)
    : store_(store), evaluator_(evaluator), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<CaseView> Applications::create(const Principal& actor, const json& application) {
  return catch_failure([&]() -> Result<CaseView> {
    require_role(actor, {Role::exporter}, "create applications");
    auto parsed =
        value_or_raise(assessment::application_from_json(application, evaluator_.catalogue(), ""));
    const auto now = now_();
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return catch_failure([&]() -> Result<CaseView> {
        store::Record record;
        record.kind = std::string(kApplication);
        record.id = next_id(tx, "APP", now);
        record.organisation = actor.organisation;
        record.state = std::string(to_string(CaseState::draft));
        json body{
            {"reference", record.id},
            {"application", assessment::to_json(parsed)},
            {"applicant", {{"organisation", actor.organisation}, {"created_by", actor.user}}},
            {"history",
             json::array({json{
                 {"state", "draft"}, {"action", "create"}, {"by", actor.user}, {"at", now}}})},
            {"open_requests", json::array()},
            {"flags", json::array()}};
        record.body = body.dump();
        return view_of(actor, save(tx, actor, "application.create", std::nullopt, record));
      });
    });
  });
}

Result<CaseView> Applications::update(const Principal& actor, std::string_view id,
                                      const json& application,
                                      std::optional<std::int64_t> if_match) {
  return catch_failure([&]() -> Result<CaseView> {
    auto parsed =
        value_or_raise(assessment::application_from_json(application, evaluator_.catalogue(), ""));
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return catch_failure([&]() -> Result<CaseView> {
        const auto before = load(tx, actor, kApplication, id);
        require_exporter_of(actor, before, "edit applications");
        check_version(before, if_match);
        if (state_of(before) != CaseState::draft)
          raise(ErrorKind::conflict,
                "only a draft can be edited; " + before.id + " is " + before.state);
        auto body = body_of(before);
        body["application"] = assessment::to_json(parsed);
        auto after = before;
        after.body = body.dump();
        return view_of(actor, save(tx, actor, "application.update", before, after));
      });
    });
  });
}

Result<CaseView> Applications::get(const Principal& actor, std::string_view id) {
  return read_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      if (!is_authority_staff(actor)) require_role(actor, {Role::exporter}, "read applications");
      return view_of(actor, load(tx, actor, kApplication, id));
    });
  });
}

Result<CasePage> Applications::list(const Principal& actor, const std::vector<std::string>& states,
                                    Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CasePage> {
      if (!is_authority_staff(actor)) require_role(actor, {Role::exporter}, "list applications");
      for (std::size_t i = 0; i < states.size(); ++i)
        if (!parse_case_state(states[i]))
          raise(ErrorKind::invalid_input, "unknown state '" + states[i] + "'",
                "state[" + std::to_string(i) + "]");
      store::RecordQuery query;
      query.kind = std::string(kApplication);
      if (!actor.sees_all_organisations()) query.organisation = actor.organisation;
      query.states = states;
      query.order = store::RecordOrder::newest;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return page_of(actor, value_or_raise(tx.list(query)));
    });
  });
}

Result<CaseView> Applications::submit(const Principal& actor, std::string_view id,
                                      std::optional<std::int64_t> if_match) {
  return catch_failure([&]() -> Result<CaseView> {
    const auto seen = read_for_assessment(store_, actor, id, [&](const store::Record& record) {
      require_exporter_of(actor, record, "submit applications");
      check_version(record, if_match);
      value_or_raise(next_state(state_of(record), CaseAction::submit));
    });
    const auto application = parsed_application(body_of(seen), evaluator_);
    const auto now = now_();
    const auto evaluation = evaluator_.evaluate(application, now.substr(0, 10));
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return catch_failure([&]() -> Result<CaseView> {
        const auto before = reload_unchanged(tx, actor, seen);
        auto after = before;
        auto body = body_of(before);
        move(after, body, CaseAction::submit, actor, now);
        body["submitted_at"] = now;
        const auto applied = apply_evaluation(after, body, evaluation, application, now);
        const auto& result = evaluation.assessment;
        std::optional<store::Record> request;
        if (!result.missing_information.empty()) {
          // The Code asks for sufficient information before a decision: the gaps go straight
          // back to the exporter instead of waiting for an officer to notice them.
          std::string question = "The application lacks information the assessment needs:";
          for (const auto& missing : result.missing_information)
            question += "\n- " + missing.path + ": " + missing.what;
          const auto due = date_after(now, kInformationDueDays);
          const auto request_id = next_id(tx, "IR", now);
          move(after, body, CaseAction::request_information, system_principal(), now);
          body["open_requests"].push_back(json{{"id", request_id}, {"due", due}});
          request = child_record(kInformationRequest, request_id, after, "open",
                                 json{{"application", after.id},
                                      {"question", question},
                                      {"due", due},
                                      {"asked_by", "system"},
                                      {"asked_at", now}});
        }
        after.body = body.dump();
        auto stored = save(tx, actor, "application.submit", before, after,
                           json{{"risk", body["risk"]},
                                {"hits", applied.hits},
                                {"assessment_version", body["assessment_version"]}});
        if (request)
          save(tx, system_principal(), "information_request.create", std::nullopt, *request);
        return view_of(actor, std::move(stored));
      });
    });
  });
}

Result<CaseView> Applications::start_review(const Principal& actor, std::string_view id,
                                            std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "review applications");
      const auto before = load(tx, actor, kApplication, id);
      check_version(before, if_match);
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::start_review, actor, now_());
      body["assigned_to"] = actor.user;
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "application.start_review", before, after));
    });
  });
}

Result<CaseView> Applications::withdraw(const Principal& actor, std::string_view id,
                                        std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      const auto before = load(tx, actor, kApplication, id);
      require_exporter_of(actor, before, "withdraw applications");
      check_version(before, if_match);
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::withdraw, actor, now_());
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "application.withdraw", before, after));
    });
  });
}

Result<CaseView> Applications::reassess(const Principal& actor, std::string_view id,
                                        std::optional<std::int64_t> if_match) {
  return catch_failure([&]() -> Result<CaseView> {
    require_officer(actor, "re-assess applications");
    return std::move(value_or_raise(reassess_one(actor, id, if_match, false)).view);
  });
}

Result<Applications::Reassessed> Applications::reassess_one(const Principal& actor,
                                                            std::string_view id,
                                                            std::optional<std::int64_t> if_match,
                                                            bool only_if_changed) {
  return catch_failure([&]() -> Result<Reassessed> {
    const auto seen = read_for_assessment(store_, actor, id, [&](const store::Record& record) {
      check_version(record, if_match);
      if (!is_open_for_review(state_of(record)))
        raise(ErrorKind::conflict,
              "only an open case is re-assessed; " + record.id + " is " + record.state);
    });
    const auto application = parsed_application(body_of(seen), evaluator_);
    const auto now = now_();
    const auto evaluation = evaluator_.evaluate(application, now.substr(0, 10));
    return write_returning<Reassessed>(store_, [&](store::Transaction& tx) {
      return catch_failure([&]() -> Result<Reassessed> {
        const auto before = reload_unchanged(tx, actor, seen);
        const auto was = body_of(before);
        if (only_if_changed) {
          auto basis_only = was;
          basis_only.erase("assessment_stale");
          // Same lists, policy and catalogue: the screening and the assessment still hold.
          if (staleness(basis_only, evaluator_).empty())
            return Reassessed{view_of(actor, before), false, false, application.parties.size()};
        }
        auto after = before;
        auto body = was;
        const auto applied = apply_evaluation(after, body, evaluation, application, now);
        // Re-screening is no officer's look at new information: its marks stay for the officer.
        if (only_if_changed && was.contains("assessment_stale"))
          body["assessment_stale"] = was["assessment_stale"];
        const auto version = body["assessment_version"].get<std::int64_t>();
        body["history"].push_back(json{{"state", after.state},
                                       {"action", "reassess"},
                                       {"by", actor.user},
                                       {"at", now},
                                       {"assessment_version", version}});
        if (state_of(before) == CaseState::recommended) {
          if (changed_materially(was, body)) {
            move(after, body, CaseAction::return_to_review, actor, now);
            body["history"].back()["reason"] =
                "re-assessed (version " + std::to_string(version) +
                "): the recommendation relied on an assessment that changed";
            body["previous_recommendations"].push_back(body["recommendation"]);
            body.erase("recommendation");
          } else {
            body["recommendation"]["assessment_version"] = version;
          }
        }
        after.body = body.dump();
        auto stored =
            save(tx, actor, "application.reassess", before, after,
                 json{{"assessment_version", version},
                      {"level_before", std::string(assessment::to_string(applied.level_before))},
                      {"level_after", std::string(assessment::to_string(applied.level_after))},
                      {"new_hits", applied.fresh_hits.size()}});
        return Reassessed{view_of(actor, std::move(stored)), true, !applied.fresh_hits.empty(),
                          application.parties.size()};
      });
    });
  });
}

Result<RescreenReport> Applications::rescreen(const Principal& actor) {
  return catch_failure([&]() -> Result<RescreenReport> {
    if (actor.user != system_principal().user)
      require_role(actor, {Role::admin, Role::senior_officer, Role::officer}, "re-screen cases");
    RescreenReport report;
    // Ids first, then each case on its own (evaluated outside any write transaction), so that
    // officers are not blocked for the length of the whole run.
    std::vector<std::string> ids;
    value_or_raise(store_.read([&](store::Transaction& tx) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        store::RecordQuery query;
        query.kind = std::string(kApplication);
        for (const auto state : {CaseState::submitted, CaseState::information_requested,
                                 CaseState::under_review, CaseState::recommended})
          query.states.emplace_back(to_string(state));
        query.limit = kRescreenPage;
        for (std::size_t offset = 0;; offset += kRescreenPage) {
          query.offset = offset;
          const auto page = value_or_raise(tx.list(query));
          for (const auto& record : page.records) ids.push_back(record.id);
          if (page.records.size() < kRescreenPage) break;
        }
        return {};
      });
    }));
    for (const auto& id : ids) {
      auto done = reassess_one(actor, id, std::nullopt, true);
      if (!done) {
        // Closed or changed by an officer meanwhile: the next run sees it again.
        if (done.error().kind == ErrorKind::conflict || done.error().kind == ErrorKind::stale)
          continue;
        return tl::unexpected(done.error());
      }
      ++report.cases_screened;
      report.parties_screened += done->parties;
      if (done->new_hits) report.flagged.push_back(id);
    }
    return report;
  });
}

}  // namespace echri::cases
