#include "cases/case_service.hpp"

#include <algorithm>
#include <set>

#include "assessment/application_json.hpp"
#include "assessment/country_data.hpp"
#include "cases/case_records.hpp"
#include "core/digest.hpp"
#include "core/file_io.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

constexpr int kInformationDueDays = 20;
constexpr int kLicenceValidityDays = 730;
constexpr std::size_t kRescreenPage = 200;

CaseState state_of(const store::Record& record) {
  const auto state = parse_case_state(record.state);
  if (!state) refuse(ErrorKind::internal, "application " + record.id + " has an unknown state");
  return *state;
}

void move(store::Record& record, json& body, CaseAction action, const Principal& actor,
          std::string_view now) {
  const auto to = take(next_state(state_of(record), action));
  record.state = std::string(to_string(to));
  body["history"].push_back(json{{"state", record.state},
                                 {"action", std::string(to_string(action))},
                                 {"by", actor.user},
                                 {"at", std::string(now)}});
}

json decision_json(const DecisionDraft& draft) {
  return json{{"outcome", std::string(to_string(draft.outcome))},
              {"reasons", draft.reasons},
              {"conditions", draft.conditions},
              {"explanation", draft.explanation}};
}

void check_decision(const DecisionDraft& draft) {
  for (std::size_t i = 0; i < draft.reasons.size(); ++i)
    if (!is_refusal_reason(draft.reasons[i]))
      refuse(ErrorKind::invalid_input,
             "unknown reason code '" + draft.reasons[i] + "' (GET /api/v1/reasons lists them)",
             "$.reasons[" + std::to_string(i) + "]");
  if (draft.outcome == Outcome::refused && draft.reasons.empty())
    refuse(ErrorKind::invalid_input, "a refusal cites at least one reason code", "$.reasons");
  if (draft.outcome == Outcome::approved_with_conditions && draft.conditions.empty())
    refuse(ErrorKind::invalid_input, "an approval with conditions names at least one condition",
           "$.conditions");
  if (draft.outcome != Outcome::refused && !draft.reasons.empty())
    refuse(ErrorKind::invalid_input, "reason codes are for refusals", "$.reasons");
}

assessment::RiskLevel level_of(const json& body) {
  if (!body.contains("risk")) return assessment::RiskLevel::low;
  const auto level = assessment::parse_risk_level(body["risk"].value("level", "low"));
  return level.value_or(assessment::RiskLevel::low);
}

void require_exporter_of(const Principal& actor, const store::Record& record,
                         std::string_view what) {
  require_role(actor, {Role::exporter}, what);
  if (actor.organisation != record.organisation)
    refuse(ErrorKind::not_found, "no " + record.kind + " '" + record.id + "'");
}

void require_officer(const Principal& actor, std::string_view what) {
  require_role(actor, {Role::officer, Role::senior_officer}, what);
}

// Parties screened and what they hit, as keys that survive re-screening: party, list, source id.
std::set<std::string> hit_keys(const json& hits) {
  std::set<std::string> keys;
  for (const auto& hit : hits)
    keys.insert(std::to_string(hit.value("party_index", 0)) + "|" + hit.value("list", "") + "|" +
                hit.value("source_id", ""));
  return keys;
}

json hits_json(const assessment::ScreeningEvidence& evidence,
               const core::Application& application) {
  json hits = json::array();
  for (const auto& party : evidence.parties)
    for (const auto& hit : party.hits)
      hits.push_back(json{{"party_index", party.party_index},
                          {"party", application.parties[party.party_index].name},
                          {"list", hit.list},
                          {"source_id", hit.source_id},
                          {"listed_name", hit.listed_name},
                          {"score", hit.score},
                          {"identifier_match", hit.identifier_match}});
  return hits;
}

json flags_from(const assessment::Assessment& result, const json& hits, std::string_view now) {
  json flags = json::array();
  for (const auto& hit : hits)
    flags.push_back(json{{"kind", "screening_match"},
                         {"detail", hit.value("party", "") + " ~ " + hit.value("listed_name", "") +
                                        " (" + hit.value("list", "") + ")"},
                         {"at", std::string(now)}});
  for (const auto& flag : result.red_flags)
    flags.push_back(
        json{{"kind", "red_flag"}, {"detail", flag.question}, {"at", std::string(now)}});
  for (const auto& missing : result.missing_information)
    flags.push_back(json{{"kind", "missing_information"},
                         {"detail", missing.path + ": " + missing.what},
                         {"at", std::string(now)}});
  for (const auto& denial : result.peer_denials)
    flags.push_back(json{{"kind", "peer_denial"},
                         {"detail", denial.state + " " + denial.reference},
                         {"at", std::string(now)}});
  return flags;
}

CasePage page_of(const Principal& actor, store::RecordPage page) {
  CasePage out;
  out.total = page.total;
  for (auto& record : page.records) out.items.push_back(view_of(actor, std::move(record)));
  return out;
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

// What is legal to upload: the declared type must agree with the bytes' signature.
void check_document(const DocumentUpload& upload) {
  if (upload.content.empty()) refuse(ErrorKind::invalid_input, "the document is empty", "content");
  if (upload.content.size() > kMaxDocumentBytes)
    refuse(ErrorKind::invalid_input,
           "the document has " + std::to_string(upload.content.size()) + " bytes; at most " +
               std::to_string(kMaxDocumentBytes) + " are accepted",
           "content");
  if (upload.filename.empty() || upload.filename.size() > 255 ||
      upload.filename.find_first_of("/\\") != std::string::npos)
    refuse(ErrorKind::invalid_input, "a file name without path separators, 1-255 characters",
           "filename");
  const auto starts = [&](std::string_view magic) {
    return upload.content.compare(0, magic.size(), magic) == 0;
  };
  const auto& type = upload.content_type;
  bool agrees = false;
  if (type == "application/pdf")
    agrees = starts("%PDF-");
  else if (type == "image/png")
    agrees = starts("\x89PNG\r\n\x1a\n");
  else if (type == "image/jpeg")
    agrees = starts("\xff\xd8\xff");
  else if (type == "text/plain" || type == "text/csv" || type == "application/json")
    agrees = upload.content.find('\0') == std::string::npos;
  else
    refuse(ErrorKind::invalid_input,
           "content type '" + type +
               "' is not accepted (application/pdf, image/png, image/jpeg, text/plain, text/csv, "
               "application/json)",
           "content_type");
  if (!agrees)
    refuse(ErrorKind::invalid_input, "the bytes are not " + type + " as declared", "content_type");
}

}  // namespace

CaseService::CaseService(store::Store& store, const Evaluator& evaluator,
                         std::function<std::string()> now)
    : store_(store), evaluator_(evaluator), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<CaseView> CaseService::create_application(const Principal& actor, const json& application) {
  return guarded([&]() -> Result<CaseView> {
    require_role(actor, {Role::exporter}, "create applications");
    auto parsed = assessment::application_from_json(application, evaluator_.catalogue(), "");
    if (!parsed) return tl::unexpected(parsed.error());
    const auto now = now_();
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return guarded([&]() -> Result<CaseView> {
        store::Record record;
        record.kind = std::string(kApplication);
        record.id = next_id(tx, "APP", now);
        record.organisation = actor.organisation;
        record.state = std::string(to_string(CaseState::draft));
        json body{
            {"reference", record.id},
            {"application", assessment::to_json(*parsed)},
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

Result<CaseView> CaseService::update_application(const Principal& actor, std::string_view id,
                                                 const json& application,
                                                 std::optional<std::int64_t> if_match) {
  return guarded([&]() -> Result<CaseView> {
    auto parsed = assessment::application_from_json(application, evaluator_.catalogue(), "");
    if (!parsed) return tl::unexpected(parsed.error());
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return guarded([&]() -> Result<CaseView> {
        const auto before = load(tx, actor, kApplication, id);
        require_exporter_of(actor, before, "edit applications");
        check_version(before, if_match);
        if (state_of(before) != CaseState::draft)
          refuse(ErrorKind::conflict,
                 "only a draft can be edited; " + before.id + " is " + before.state);
        auto body = body_of(before);
        body["application"] = assessment::to_json(*parsed);
        auto after = before;
        after.body = body.dump();
        return view_of(actor, save(tx, actor, "application.update", before, after));
      });
    });
  });
}

Result<CaseView> CaseService::application(const Principal& actor, std::string_view id) {
  return read_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      if (!is_authority_staff(actor)) require_role(actor, {Role::exporter}, "read applications");
      return view_of(actor, load(tx, actor, kApplication, id));
    });
  });
}

Result<CasePage> CaseService::applications(const Principal& actor,
                                           const std::vector<std::string>& states, Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CasePage> {
      if (!is_authority_staff(actor)) require_role(actor, {Role::exporter}, "list applications");
      for (std::size_t i = 0; i < states.size(); ++i)
        if (!parse_case_state(states[i]))
          refuse(ErrorKind::invalid_input, "unknown state '" + states[i] + "'",
                 "state[" + std::to_string(i) + "]");
      store::RecordQuery query;
      query.kind = std::string(kApplication);
      if (!actor.sees_all_organisations()) query.organisation = actor.organisation;
      query.states = states;
      query.order = store::RecordOrder::newest;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return page_of(actor, take(tx.list(query)));
    });
  });
}

Result<CaseView> CaseService::submit(const Principal& actor, std::string_view id,
                                     std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      const auto before = load(tx, actor, kApplication, id);
      require_exporter_of(actor, before, "submit applications");
      check_version(before, if_match);
      const auto now = now_();
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::submit, actor, now);
      auto application = take(assessment::application_from_json(
          body["application"], evaluator_.catalogue(), "", "$.application"));
      const auto evaluation = evaluator_.evaluate(application, now.substr(0, 10));
      const auto& result = evaluation.assessment;
      const auto hits = hits_json(result.screening, application);
      body["submitted_at"] = now;
      body["assessment"] = evaluation.report;
      body["risk"] = {
          {"level", std::string(assessment::to_string(result.level))},
          {"score", result.score},
          {"recommendation", std::string(assessment::to_string(result.recommendation))}};
      body["screening"] = {{"performed", result.screening.performed},
                           {"lists", result.screening.lists},
                           {"hits", hits},
                           {"at", now}};
      body["flags"] = flags_from(result, hits, now);
      after.risk = result.score;
      std::optional<store::Record> request;
      if (!result.missing_information.empty()) {
        // The Code asks for sufficient information before a decision: the gaps go straight back
        // to the exporter instead of waiting for an officer to notice them.
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
                         json{{"risk", body["risk"]}, {"hits", hits.size()}});
      if (request)
        save(tx, system_principal(), "information_request.create", std::nullopt, *request);
      return view_of(actor, std::move(stored));
    });
  });
}

Result<CaseView> CaseService::start_review(const Principal& actor, std::string_view id,
                                           std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
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

Result<CaseView> CaseService::withdraw(const Principal& actor, std::string_view id,
                                       std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
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

Result<CaseView> CaseService::recommend(const Principal& actor, std::string_view id,
                                        const DecisionDraft& draft,
                                        std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_officer(actor, "recommend decisions");
      check_decision(draft);
      const auto before = load(tx, actor, kApplication, id);
      check_version(before, if_match);
      const auto now = now_();
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::recommend, actor, now);
      auto recommendation = decision_json(draft);
      recommendation["by"] = actor.user;
      recommendation["at"] = now;
      body["recommendation"] = recommendation;
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "application.recommend", before, after,
                                 json{{"outcome", recommendation["outcome"]}}));
    });
  });
}

Result<CaseView> CaseService::return_to_review(const Principal& actor, std::string_view id,
                                               std::string_view why,
                                               std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_officer(actor, "return recommendations");
      if (why.empty()) refuse(ErrorKind::invalid_input, "say why it goes back", "$.reason");
      const auto before = load(tx, actor, kApplication, id);
      check_version(before, if_match);
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::return_to_review, actor, now_());
      body["history"].back()["reason"] = std::string(why);
      body.erase("recommendation");
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "application.return_to_review", before, after,
                                 json{{"reason", std::string(why)}}));
    });
  });
}

Result<CaseView> CaseService::decide(const Principal& actor, std::string_view id,
                                     const DecisionDraft& draft,
                                     std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_officer(actor, "decide applications");
      check_decision(draft);
      const auto before = load(tx, actor, kApplication, id);
      check_version(before, if_match);
      auto body = body_of(before);
      const auto level = level_of(body);
      const std::string recommender =
          body.contains("recommendation") ? body["recommendation"].value("by", "") : "";
      if (auto objection = four_eyes_objection(draft.outcome, level, actor, recommender))
        refuse(ErrorKind::forbidden, *objection);
      const auto now = now_();
      auto after = before;
      move(after, body, CaseAction::decide, actor, now);
      auto decision = decision_json(draft);
      decision["decided_by"] = actor.user;
      decision["recommended_by"] = recommender;
      decision["four_eyes"] = !recommender.empty() && recommender != actor.user;
      decision["risk_level"] = std::string(assessment::to_string(level));
      decision["at"] = now;
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
                         json{{"outcome", decision["outcome"]}, {"reasons", draft.reasons}});
      if (licence) save(tx, actor, "licence.issue", std::nullopt, *licence);
      return view_of(actor, std::move(stored));
    });
  });
}

Result<CaseView> CaseService::request_information(const Principal& actor,
                                                  std::string_view application_id,
                                                  std::string_view question,
                                                  std::string_view due_date) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_officer(actor, "request information");
      if (question.empty()) refuse(ErrorKind::invalid_input, "the question is empty", "$.question");
      const auto now = now_();
      const std::string due =
          due_date.empty() ? date_after(now, kInformationDueDays) : std::string(due_date);
      if (!assessment::is_iso_date(due))
        refuse(ErrorKind::invalid_input, "expected a date YYYY-MM-DD, found '" + due + "'",
               "$.due");
      if (due < now.substr(0, 10))
        refuse(ErrorKind::invalid_input, "the due date " + due + " has passed", "$.due");
      const auto before = load(tx, actor, kApplication, application_id);
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::request_information, actor, now);
      const auto request_id = next_id(tx, "IR", now);
      body["open_requests"].push_back(json{{"id", request_id}, {"due", due}});
      after.body = body.dump();
      save(tx, actor, "application.request_information", before, after,
           json{{"request", request_id}});
      auto request = child_record(kInformationRequest, request_id, after, "open",
                                  json{{"application", after.id},
                                       {"question", std::string(question)},
                                       {"due", due},
                                       {"asked_by", actor.user},
                                       {"asked_at", now}});
      return view_of(actor, save(tx, actor, "information_request.create", std::nullopt, request));
    });
  });
}

Result<CaseView> CaseService::answer_information(const Principal& actor,
                                                 std::string_view request_id,
                                                 std::string_view answer) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      if (answer.empty()) refuse(ErrorKind::invalid_input, "the answer is empty", "$.answer");
      const auto before = load(tx, actor, kInformationRequest, request_id);
      require_exporter_of(actor, before, "answer information requests");
      if (before.state != "open")
        refuse(ErrorKind::conflict, "information request " + before.id + " is " + before.state);
      const auto now = now_();
      auto after = before;
      auto body = body_of(before);
      body["answer"] = std::string(answer);
      body["answered_by"] = actor.user;
      body["answered_at"] = now;
      after.state = "answered";
      after.body = body.dump();
      auto stored = save(tx, actor, "information_request.answer", before, after);

      const auto case_before = load(tx, actor, kApplication, before.parent);
      auto case_after = case_before;
      auto case_body = body_of(case_before);
      auto& open = case_body["open_requests"];
      open.erase(
          std::remove_if(open.begin(), open.end(),
                         [&](const json& entry) { return entry.value("id", "") == request_id; }),
          open.end());
      if (open.empty() && state_of(case_before) == CaseState::information_requested)
        move(case_after, case_body, CaseAction::information_complete, actor, now);
      case_after.body = case_body.dump();
      save(tx, actor, "application.information_answered", case_before, case_after,
           json{{"request", std::string(request_id)}});
      return view_of(actor, std::move(stored));
    });
  });
}

Result<CasePage> CaseService::information_requests(const Principal& actor,
                                                   std::string_view application_id, Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CasePage> {
      const auto parent = load(tx, actor, kApplication, application_id);
      store::RecordQuery query;
      query.kind = std::string(kInformationRequest);
      query.parent = parent.id;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return page_of(actor, take(tx.list(query)));
    });
  });
}

Result<CaseView> CaseService::add_note(const Principal& actor, std::string_view application_id,
                                       std::string_view text, bool advice,
                                       std::optional<Outcome> advised_outcome) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_officer(actor, "write case notes or advice");
      if (text.empty()) refuse(ErrorKind::invalid_input, "the note is empty", "$.text");
      if (advised_outcome && !advice)
        refuse(ErrorKind::invalid_input, "only advice proposes an outcome", "$.outcome");
      const auto parent = load(tx, actor, kApplication, application_id);
      const auto now = now_();
      json body{{"application", parent.id},
                {"type", advice ? "advice" : "note"},
                {"text", std::string(text)},
                {"by", actor.user},
                {"at", now}};
      if (advised_outcome) body["outcome"] = std::string(to_string(*advised_outcome));
      auto note = child_record(kNote, next_id(tx, "NOTE", now), parent, "", body);
      return view_of(actor,
                     save(tx, actor, advice ? "advice.create" : "note.create", std::nullopt, note));
    });
  });
}

Result<CasePage> CaseService::notes(const Principal& actor, std::string_view application_id,
                                    Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CasePage> {
      if (!is_authority_staff(actor))
        refuse(ErrorKind::forbidden, "case notes and advice are internal to the authority");
      const auto parent = load(tx, actor, kApplication, application_id);
      store::RecordQuery query;
      query.kind = std::string(kNote);
      query.parent = parent.id;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return page_of(actor, take(tx.list(query)));
    });
  });
}

Result<CaseView> CaseService::add_document(const Principal& actor, std::string_view application_id,
                                           const DocumentUpload& upload) {
  return guarded([&]() -> Result<CaseView> {
    require_role(actor, {Role::exporter, Role::officer, Role::senior_officer}, "upload documents");
    check_document(upload);
    const auto sha = core::sha256_hex(upload.content);
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return guarded([&]() -> Result<CaseView> {
        const auto parent = load(tx, actor, kApplication, application_id);
        take(tx.put_document(store::Document{sha, upload.content_type, upload.content}));
        const auto now = now_();
        auto record = child_record(kDocument, next_id(tx, "DOC", now), parent, "",
                                   json{{"application", parent.id},
                                        {"sha256", sha},
                                        {"filename", upload.filename},
                                        {"content_type", upload.content_type},
                                        {"size", upload.content.size()},
                                        {"uploaded_by", actor.user},
                                        {"uploaded_at", now}});
        return view_of(actor, save(tx, actor, "document.upload", std::nullopt, record));
      });
    });
  });
}

Result<CasePage> CaseService::documents(const Principal& actor, std::string_view application_id,
                                        Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CasePage> {
      const auto parent = load(tx, actor, kApplication, application_id);
      store::RecordQuery query;
      query.kind = std::string(kDocument);
      query.parent = parent.id;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return page_of(actor, take(tx.list(query)));
    });
  });
}

Result<std::pair<CaseView, store::Document>> CaseService::document(const Principal& actor,
                                                                   std::string_view document_id) {
  using Found = std::pair<CaseView, store::Document>;
  return read_returning<Found>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<Found> {
      auto record = load(tx, actor, kDocument, document_id);
      const auto body = body_of(record);
      auto bytes = take(tx.document(body.value("sha256", "")));
      if (!bytes) refuse(ErrorKind::internal, "document " + record.id + " has no stored bytes");
      return Found{view_of(actor, std::move(record)), std::move(*bytes)};
    });
  });
}

Result<CaseView> CaseService::licence(const Principal& actor, std::string_view licence_id) {
  return read_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      return view_of(actor, load(tx, actor, kLicence, licence_id));
    });
  });
}

Result<CasePage> CaseService::licences(const Principal& actor, Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CasePage> {
      store::RecordQuery query;
      query.kind = std::string(kLicence);
      if (!actor.sees_all_organisations()) query.organisation = actor.organisation;
      query.order = store::RecordOrder::newest;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return page_of(actor, take(tx.list(query)));
    });
  });
}

Result<CaseView> CaseService::amend_licence(const Principal& actor, std::string_view licence_id,
                                            const std::vector<std::string>& conditions,
                                            std::string_view why,
                                            std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_role(actor, {Role::senior_officer}, "amend licences");
      if (why.empty()) refuse(ErrorKind::invalid_input, "say why the licence changes", "$.reason");
      const auto before = load(tx, actor, kLicence, licence_id);
      check_version(before, if_match);
      if (before.state == "revoked")
        refuse(ErrorKind::conflict, "licence " + before.id + " is revoked");
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

Result<CaseView> CaseService::revoke_licence(const Principal& actor, std::string_view licence_id,
                                             std::string_view why,
                                             std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_role(actor, {Role::senior_officer}, "revoke licences");
      if (why.empty())
        refuse(ErrorKind::invalid_input, "say why the licence is revoked", "$.reason");
      const auto before = load(tx, actor, kLicence, licence_id);
      check_version(before, if_match);
      if (before.state == "revoked")
        refuse(ErrorKind::conflict, "licence " + before.id + " is already revoked");
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

Result<CaseView> CaseService::lodge_appeal(const Principal& actor, std::string_view application_id,
                                           std::string_view grounds) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      if (grounds.empty()) refuse(ErrorKind::invalid_input, "state the grounds", "$.grounds");
      const auto parent = load(tx, actor, kApplication, application_id);
      require_exporter_of(actor, parent, "appeal decisions");
      const auto body = body_of(parent);
      if (state_of(parent) != CaseState::decided ||
          body["decision"].value("outcome", "") != to_string(Outcome::refused))
        refuse(ErrorKind::conflict,
               "only a refused application can be appealed; " + parent.id + " is " + parent.state);
      store::RecordQuery open;
      open.kind = std::string(kAppeal);
      open.parent = parent.id;
      open.states = {"lodged"};
      if (take(tx.list(open)).total > 0)
        refuse(ErrorKind::conflict, "an appeal against " + parent.id + " is already lodged");
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

Result<CaseView> CaseService::decide_appeal(const Principal& actor, std::string_view appeal_id,
                                            bool upheld, std::string_view explanation) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CaseView> {
      require_role(actor, {Role::senior_officer}, "decide appeals");
      if (explanation.empty())
        refuse(ErrorKind::invalid_input, "explain the decision", "$.explanation");
      const auto before = load(tx, actor, kAppeal, appeal_id);
      if (before.state != "lodged")
        refuse(ErrorKind::conflict, "appeal " + before.id + " is already " + before.state);
      auto body = body_of(before);
      if (body.value("refused_by", "") == actor.user)
        refuse(ErrorKind::forbidden,
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

Result<CasePage> CaseService::appeals(const Principal& actor, std::string_view application_id,
                                      Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<CasePage> {
      const auto parent = load(tx, actor, kApplication, application_id);
      store::RecordQuery query;
      query.kind = std::string(kAppeal);
      query.parent = parent.id;
      query.limit = paging.limit;
      query.offset = paging.offset;
      return page_of(actor, take(tx.list(query)));
    });
  });
}

Result<std::vector<QueueEntry>> CaseService::queue(const Principal& actor, Paging paging,
                                                   std::size_t* total) {
  return read_returning<std::vector<QueueEntry>>(store_, [&](store::Transaction& tx) {
    return guarded([&]() -> Result<std::vector<QueueEntry>> {
      if (!is_authority_staff(actor)) refuse(ErrorKind::forbidden, "the queue is the authority's");
      store::RecordQuery query;
      query.kind = std::string(kApplication);
      for (const auto state : {CaseState::submitted, CaseState::information_requested,
                               CaseState::under_review, CaseState::recommended})
        query.states.emplace_back(to_string(state));
      query.order = store::RecordOrder::risk_then_age;
      query.limit = paging.limit;
      query.offset = paging.offset;
      auto page = take(tx.list(query));
      if (total != nullptr) *total = page.total;
      const auto now = now_();
      std::vector<QueueEntry> entries;
      for (auto& record : page.records) {
        QueueEntry entry;
        entry.view = view_of(actor, std::move(record));
        const auto& body = entry.view.body();
        const auto& history = body["history"];
        if (!history.empty())
          entry.days_in_state = days_between(history.back().value("at", now), now);
        entry.days_open = days_between(body.value("submitted_at", now), now);
        for (const auto& open : body["open_requests"])
          if (open.value("due", "9999-12-31") < now.substr(0, 10)) ++entry.overdue_requests;
        entries.push_back(std::move(entry));
      }
      return entries;
    });
  });
}

Result<RescreenReport> CaseService::rescreen(const Principal& actor) {
  return guarded([&]() -> Result<RescreenReport> {
    if (actor.user != system_principal().user)
      require_role(actor, {Role::admin, Role::senior_officer, Role::officer}, "re-screen cases");
    RescreenReport report;
    // Ids first, then one short transaction per case, so that officers are not blocked for the
    // length of the whole run.
    std::vector<std::string> ids;
    take(store_.read([&](store::Transaction& tx) -> Result<void> {
      return guarded([&]() -> Result<void> {
        store::RecordQuery query;
        query.kind = std::string(kApplication);
        for (const auto state : {CaseState::submitted, CaseState::information_requested,
                                 CaseState::under_review, CaseState::recommended})
          query.states.emplace_back(to_string(state));
        query.limit = kRescreenPage;
        for (std::size_t offset = 0;; offset += kRescreenPage) {
          query.offset = offset;
          const auto page = take(tx.list(query));
          for (const auto& record : page.records) ids.push_back(record.id);
          if (page.records.size() < kRescreenPage) break;
        }
        return {};
      });
    }));
    for (const auto& id : ids) {
      take(store_.write([&](store::Transaction& tx) -> Result<void> {
        return guarded([&]() -> Result<void> {
          const auto before = load(tx, actor, kApplication, id);
          if (!is_open_for_review(state_of(before))) return {};
          auto body = body_of(before);
          const auto application = take(assessment::application_from_json(
              body["application"], evaluator_.catalogue(), "", "$.application"));
          const auto evidence = evaluator_.screen(application);
          ++report.cases_screened;
          report.parties_screened += application.parties.size();
          const auto hits = hits_json(evidence, application);
          const auto known = hit_keys(body["screening"].value("hits", json::array()));
          const auto now = now_();
          json fresh = json::array();
          for (const auto& hit : hits)
            if (known.count(*hit_keys(json::array({hit})).begin()) == 0) fresh.push_back(hit);
          body["screening"] = {{"performed", evidence.performed},
                               {"lists", evidence.lists},
                               {"hits", hits},
                               {"at", now}};
          for (const auto& hit : fresh)
            body["flags"].push_back(
                json{{"kind", "new_list_match"},
                     {"detail", hit.value("party", "") + " ~ " + hit.value("listed_name", "") +
                                    " (" + hit.value("list", "") + ")"},
                     {"at", now}});
          if (fresh.empty() && known.size() == hits.size()) return {};
          auto after = before;
          after.body = body.dump();
          save(tx, actor, "application.rescreen", before, after,
               json{{"new_hits", fresh.size()}, {"lists", evidence.lists}});
          if (!fresh.empty()) report.flagged.push_back(id);
          return {};
        });
      }));
    }
    return report;
  });
}

}  // namespace echri::cases
