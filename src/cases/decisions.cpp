#include "cases/decisions.hpp"

#include "cases/internal/case_assessment.hpp"
#include "cases/internal/case_records.hpp"
#include "cases/internal/case_steps.hpp"
#include "core/file_io.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

constexpr int kLicenceValidityDays = 730;

json decision_json(const DecisionDraft& draft) {
  return json{{"outcome", std::string(to_string(draft.outcome))},
              {"reasons", draft.reasons},
              {"conditions", draft.conditions},
              {"explanation", draft.explanation}};
}

void check_decision(const DecisionDraft& draft) {
  for (std::size_t i = 0; i < draft.reasons.size(); ++i)
    if (!is_refusal_reason(draft.reasons[i]))
      raise(ErrorKind::invalid_input,
            "unknown reason code '" + draft.reasons[i] + "' (GET /api/v1/reasons lists them)",
            "$.reasons[" + std::to_string(i) + "]");
  if (draft.outcome == Outcome::refused && draft.reasons.empty())
    raise(ErrorKind::invalid_input, "a refusal cites at least one reason code", "$.reasons");
  if (draft.outcome == Outcome::approved_with_conditions && draft.conditions.empty())
    raise(ErrorKind::invalid_input, "an approval with conditions names at least one condition",
          "$.conditions");
  if (draft.outcome != Outcome::refused && !draft.reasons.empty())
    raise(ErrorKind::invalid_input, "reason codes are for refusals", "$.reasons");
}

void require_current_assessment(const store::Record& record, const json& body,
                                const Evaluator& evaluator) {
  const auto objection = stale_objection(record, body, evaluator);
  if (!objection.empty()) raise(ErrorKind::conflict, objection);
}

std::optional<Recommendation> recommendation_of(const store::Record& record, const json& body) {
  if (!body.contains("recommendation")) return std::nullopt;
  const auto& stored = body["recommendation"];
  const auto outcome = parse_outcome(stored.value("outcome", ""));
  if (!outcome) raise(ErrorKind::internal, record.id + " has a recommendation without outcome");
  return Recommendation{stored.value("by", ""), *outcome,
                        stored.value("conditions", std::vector<std::string>{})};
}

}  // namespace

Decisions::Decisions(store::Store& store, const Evaluator& evaluator,
                     std::function<std::string()> now)
    : store_(store), evaluator_(evaluator), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<CaseView> Decisions::recommend(const Principal& actor, std::string_view id,
                                      const DecisionDraft& draft,
                                      std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "recommend decisions");
      check_decision(draft);
      const auto before = load(tx, actor, kApplication, id);
      check_version(before, if_match);
      const auto now = now_();
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::recommend, actor, now);
      require_current_assessment(before, body, evaluator_);
      auto recommendation = decision_json(draft);
      recommendation["by"] = actor.user;
      recommendation["at"] = now;
      recommendation["assessment_version"] = body.value("assessment_version", 0);
      body["recommendation"] = recommendation;
      after.body = body.dump();
      return view_of(actor,
                     save(tx, actor, "application.recommend", before, after,
                          json{{"outcome", recommendation["outcome"]},
                               {"assessment_version", body.value("assessment_version", 0)}}));
    });
  });
}

Result<CaseView> Decisions::return_to_review(const Principal& actor, std::string_view id,
                                             std::string_view why,
                                             std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "return recommendations");
      if (why.empty()) raise(ErrorKind::invalid_input, "say why it goes back", "$.reason");
      const auto before = load(tx, actor, kApplication, id);
      check_version(before, if_match);
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::return_to_review, actor, now_());
      body["history"].back()["reason"] = std::string(why);
      body["previous_recommendations"].push_back(body["recommendation"]);
      body.erase("recommendation");
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "application.return_to_review", before, after,
                                 json{{"reason", std::string(why)}}));
    });
  });
}

Result<CaseView> Decisions::decide(const Principal& actor, std::string_view id,
                                   const DecisionDraft& draft,
                                   std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "decide applications");
      check_decision(draft);
      const auto before = load(tx, actor, kApplication, id);
      check_version(before, if_match);
      auto body = body_of(before);
      value_or_raise(next_state(state_of(before), CaseAction::decide));
      require_current_assessment(before, body, evaluator_);
      const auto level = level_of(body);
      const auto recommendation = recommendation_of(before, body);
      const auto version = body.value("assessment_version", 0);
      if (recommendation &&
          body["recommendation"].value("assessment_version", std::int64_t{-1}) != version)
        raise(ErrorKind::conflict, "the recommendation on " + before.id +
                                       " relied on another assessment version; recommend again");
      const bool hits =
          body.contains("screening") && !body["screening"].value("hits", json::array()).empty();
      if (auto objection = four_eyes_objection(draft.outcome, level, actor, recommendation, hits))
        raise(ErrorKind::forbidden, *objection);
      const auto now = now_();
      auto after = before;

      if (recommendation && !confirms(*recommendation, draft.outcome, draft.conditions)) {
        // Four eyes means agreement: a decider who would decide otherwise sends the case back
        // with their reasons, for a new recommendation, instead of overruling alone.
        move(after, body, CaseAction::return_to_review, actor, now);
        auto wanted = decision_json(draft);
        wanted["by"] = actor.user;
        wanted["at"] = now;
        body["history"].back()["reason"] =
            "the decider would decide '" + std::string(to_string(draft.outcome)) +
            "' against the recommended '" + std::string(to_string(recommendation->outcome)) + "'" +
            (draft.explanation.empty() ? std::string() : ": " + draft.explanation);
        body["returned_by_decider"] = wanted;
        body["previous_recommendations"].push_back(body["recommendation"]);
        body.erase("recommendation");
        after.body = body.dump();
        return view_of(actor,
                       save(tx, actor, "application.return_to_review", before, after,
                            json{{"decider_disagreed", true},
                                 {"recommended", std::string(to_string(recommendation->outcome))},
                                 {"wanted", std::string(to_string(draft.outcome))}}));
      }

      move(after, body, CaseAction::decide, actor, now);
      auto decision = decision_json(draft);
      const std::string recommender = recommendation ? recommendation->by : "";
      decision["decided_by"] = actor.user;
      decision["recommended_by"] = recommender;
      decision["four_eyes"] = !recommender.empty() && recommender != actor.user;
      decision["risk_level"] = std::string(assessment::to_string(level));
      decision["assessment_version"] = version;
      decision["assessment_basis"] = body.value("assessment_basis", json::object());
      decision["at"] = now;
      body.erase("returned_by_decider");
      std::optional<store::Record> licence;
      if (draft.outcome != Outcome::refused) {
        const auto licence_id = next_id(tx, "LIC", now);
        decision["licence"] = licence_id;
        body["licence"] = licence_id;
        const auto& application = body["application"];
        licence = child_record(kLicence, licence_id, after, "issued",
                               json{{"application", after.id},
                                    {"items", application.value("items", json::array())},
                                    {"parties", application.value("parties", json::array())},
                                    {"destination", application.value("destination", "")},
                                    {"conditions", draft.conditions},
                                    {"issued_at", now},
                                    {"issued_by", actor.user},
                                    {"valid_until", date_after(now, kLicenceValidityDays)},
                                    {"amendments", json::array()}});
      }
      body["decision"] = decision;
      after.body = body.dump();
      auto stored = save(tx, actor, "application.decide", before, after,
                         json{{"outcome", decision["outcome"]},
                              {"reasons", draft.reasons},
                              {"four_eyes", decision["four_eyes"]},
                              {"assessment_version", version}});
      if (licence) save(tx, actor, "licence.issue", std::nullopt, *licence);
      return view_of(actor, std::move(stored));
    });
  });
}

Result<CaseView> Decisions::lodge_appeal(const Principal& actor, std::string_view application_id,
                                         std::string_view grounds) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      if (grounds.empty()) raise(ErrorKind::invalid_input, "state the grounds", "$.grounds");
      const auto parent = load(tx, actor, kApplication, application_id);
      require_exporter_of(actor, parent, "appeal decisions");
      const auto body = body_of(parent);
      if (state_of(parent) != CaseState::decided ||
          body["decision"].value("outcome", "") != to_string(Outcome::refused))
        raise(ErrorKind::conflict,
              "only a refused application can be appealed; " + parent.id + " is " + parent.state);
      store::RecordQuery open;
      open.kind = std::string(kAppeal);
      open.parent = parent.id;
      open.states = {"lodged"};
      if (value_or_raise(tx.list(open)).total > 0)
        raise(ErrorKind::conflict, "an appeal against " + parent.id + " is already lodged");
      const auto now = now_();
      auto appeal = child_record(kAppeal, next_id(tx, "APL", now), parent, "lodged",
                                 json{{"application", parent.id},
                                      {"grounds", std::string(grounds)},
                                      {"lodged_by", actor.user},
                                      {"lodged_at", now},
                                      {"refused_by", body["decision"].value("decided_by", "")}});
      return view_of(actor, save(tx, actor, "appeal.lodge", std::nullopt, appeal));
    });
  });
}

Result<CaseView> Decisions::decide_appeal(const Principal& actor, std::string_view appeal_id,
                                          bool upheld, std::string_view explanation) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_role(actor, {Role::senior_officer}, "decide appeals");
      if (explanation.empty())
        raise(ErrorKind::invalid_input, "explain the decision", "$.explanation");
      const auto before = load(tx, actor, kAppeal, appeal_id);
      if (before.state != "lodged")
        raise(ErrorKind::conflict, "appeal " + before.id + " is already " + before.state);
      auto body = body_of(before);
      if (body.value("refused_by", "") == actor.user)
        raise(ErrorKind::forbidden,
              "an appeal is decided by a senior officer other than the one who refused");
      const auto now = now_();
      auto after = before;
      after.state = upheld ? "upheld" : "dismissed";
      body["decided_by"] = actor.user;
      body["decided_at"] = now;
      body["explanation"] = std::string(explanation);
      after.body = body.dump();
      auto stored = save(tx, actor, "appeal.decide", before, after, json{{"upheld", upheld}});
      if (upheld) {
        const auto case_before = load(tx, actor, kApplication, before.parent);
        auto case_after = case_before;
        auto case_body = body_of(case_before);
        move(case_after, case_body, CaseAction::reopen, actor, now);
        case_body["previous_decisions"].push_back(case_body["decision"]);
        case_body.erase("decision");
        case_body.erase("recommendation");
        case_after.body = case_body.dump();
        save(tx, actor, "application.reopen", case_before, case_after, json{{"appeal", before.id}});
      }
      return view_of(actor, std::move(stored));
    });
  });
}

Result<CasePage> Decisions::appeals(const Principal& actor, std::string_view application_id,
                                    Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure(
        [&]() -> Result<CasePage> { return children(tx, actor, kAppeal, application_id, paging); });
  });
}

}  // namespace echri::cases
