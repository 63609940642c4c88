#include "cases/inquiries.hpp"

#include <set>

#include "cases/internal/case_records.hpp"
#include "core/country.hpp"
#include "core/enum_names.hpp"
#include "core/field_limits.hpp"
#include "core/file_io.hpp"
#include "screening/name_score.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

constexpr std::size_t kLinkScanPage = 200;

constexpr core::EnumNames<Advice, 4> kAdvice{{
    {Advice::no_objection, "no_objection"},
    {Advice::licence_required, "licence_required"},
    {Advice::likely_refusal, "likely_refusal"},
    {Advice::insufficient_information, "insufficient_information"},
}};

constexpr core::EnumNames<Priority, 3> kPriorities{{
    {Priority::low, "low"},
    {Priority::medium, "medium"},
    {Priority::high, "high"},
}};

void only_keys(const json& object, const std::string& path, const std::set<std::string>& allowed) {
  if (!object.is_object()) raise(ErrorKind::invalid_input, "expected an object", path);
  for (const auto& [key, value] : object.items())
    if (allowed.count(key) == 0) {
      std::string names;
      for (const auto& name : allowed) names.append(names.empty() ? "" : ", ").append(name);
      raise(ErrorKind::invalid_input, "unknown field (expected " + names + ")",
            std::string(path).append(".").append(key));
    }
}

std::string text_field(const json& object, const std::string& key, const std::string& path,
                       bool required) {
  const auto at = path + "." + key;
  if (!object.contains(key)) {
    if (required) raise(ErrorKind::invalid_input, "missing", at);
    return {};
  }
  const auto& value = object[key];
  if (!value.is_string()) raise(ErrorKind::invalid_input, "expected a string", at);
  auto text = value.get<std::string>();
  if (required && text.empty()) raise(ErrorKind::invalid_input, "empty", at);
  if (text.size() > core::kMaxFreeTextBytes)
    raise(ErrorKind::invalid_input,
          "longer than " + std::to_string(core::kMaxFreeTextBytes) + " bytes", at);
  return text;
}

std::string country_field(const json& object, const std::string& key, const std::string& path,
                          bool required) {
  auto code = text_field(object, key, path, required);
  if (!code.empty() && !core::country_by_code(code))
    raise(ErrorKind::invalid_input, "unknown country '" + code + "' (ISO 3166-1 alpha-2)",
          path + "." + key);
  return code;
}

json screen_end_user(const Evaluator& evaluator, const json& end_user) {
  core::Application probe;
  core::Party party;
  party.role = core::PartyRole::end_user;
  party.name = end_user.value("name", "");
  party.country = end_user.value("country", "");
  probe.parties.push_back(party);
  const auto evidence = evaluator.screen(probe);
  json hits = json::array();
  for (const auto& screened : evidence.parties)
    for (const auto& hit : screened.hits)
      hits.push_back(json{{"list", hit.list},
                          {"source_id", hit.source_id},
                          {"listed_name", hit.listed_name},
                          {"score", hit.score},
                          {"explanation", hit.explanation}});
  return json{{"performed", evidence.performed}, {"lists", evidence.lists}, {"hits", hits}};
}

store::Record new_record(std::string_view kind, std::string id, const Principal& actor,
                         std::string state, const json& body) {
  store::Record record;
  record.kind = std::string(kind);
  record.id = std::move(id);
  record.organisation = actor.organisation;
  record.state = std::move(state);
  record.body = body.dump();
  return record;
}

CasePage list_kind(store::Transaction& tx, const Principal& actor, std::string_view kind,
                   Paging paging) {
  store::RecordQuery query;
  query.kind = std::string(kind);
  if (!actor.sees_all_organisations()) query.organisation = actor.organisation;
  query.order = store::RecordOrder::newest;
  query.limit = paging.limit;
  query.offset = paging.offset;
  auto page = value_or_raise(tx.list(query));
  CasePage out;
  out.total = page.total;
  for (auto& record : page.records) out.items.push_back(view_of(actor, std::move(record)));
  return out;
}

// Open applications with a party whose name is like `name`: candidates for an officer to link.
json suggest_links(store::Transaction& tx, std::string_view name) {
  json links = json::array();
  store::RecordQuery query;
  query.kind = std::string(kApplication);
  for (const auto state : {CaseState::submitted, CaseState::information_requested,
                           CaseState::under_review, CaseState::recommended})
    query.states.emplace_back(to_string(state));
  query.limit = kLinkScanPage;
  for (std::size_t offset = 0;; offset += kLinkScanPage) {
    query.offset = offset;
    const auto page = value_or_raise(tx.list(query));
    for (const auto& record : page.records) {
      const auto body = body_of(record);
      const auto& parties = body["application"].value("parties", json::array());
      for (std::size_t i = 0; i < parties.size(); ++i) {
        const auto party_name = parties[i].value("name", "");
        const double score = screening::compare_names(name, party_name, std::nullopt).name.score;
        if (score >= kSuggestLinkScore)
          links.push_back(json{{"application", record.id},
                               {"party_index", i},
                               {"party", party_name},
                               {"score", score}});
      }
    }
    if (page.records.size() < kLinkScanPage) break;
  }
  return links;
}

}  // namespace

std::string_view to_string(Advice advice) {
  return core::name_of(kAdvice, advice);
}
std::optional<Advice> parse_advice(std::string_view text) {
  return core::value_of(kAdvice, text);
}
std::vector<std::string_view> all_advice() {
  return core::names_of(kAdvice);
}
std::optional<Priority> parse_priority(std::string_view text) {
  return core::value_of(kPriorities, text);
}

Inquiries::Inquiries(store::Store& store, const Evaluator& evaluator,
                     std::function<std::string()> now)
    : store_(store), evaluator_(evaluator), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<CaseView> Inquiries::ask(const Principal& actor, const json& query) {
  return catch_failure([&]() -> Result<CaseView> {
    require_role(actor, {Role::exporter}, "ask advisory queries");
    only_keys(query, "$", {"end_user", "items", "question"});
    const auto question = text_field(query, "question", "$", true);
    if (!query.contains("end_user")) raise(ErrorKind::invalid_input, "missing", "$.end_user");
    const auto& end_user = query["end_user"];
    only_keys(end_user, "$.end_user", {"name", "country", "type"});
    json user{{"name", text_field(end_user, "name", "$.end_user", true)},
              {"country", country_field(end_user, "country", "$.end_user", true)}};
    if (const auto type = text_field(end_user, "type", "$.end_user", false); !type.empty()) {
      if (!core::parse_party_type(type))
        raise(ErrorKind::invalid_input, "unknown party type '" + type + "'", "$.end_user.type");
      user["type"] = type;
    }
    json items = json::array();
    if (query.contains("items")) {
      if (!query["items"].is_array())
        raise(ErrorKind::invalid_input, "expected an array", "$.items");
      for (std::size_t i = 0; i < query["items"].size(); ++i) {
        const auto path = "$.items[" + std::to_string(i) + "]";
        const auto& item = query["items"][i];
        only_keys(item, path, {"description", "control_entry"});
        items.push_back(json{{"description", text_field(item, "description", path, true)},
                             {"control_entry", text_field(item, "control_entry", path, false)}});
      }
    }
    const auto screening = screen_end_user(evaluator_, user);
    const auto now = now_();
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return catch_failure([&]() -> Result<CaseView> {
        auto record = new_record(kAdvisoryQuery, next_id(tx, "ADV", now), actor, "open",
                                 json{{"question", question},
                                      {"end_user", user},
                                      {"items", items},
                                      {"screening", screening},
                                      {"asked_by", actor.user},
                                      {"asked_at", now}});
        record.risk = screening["hits"].empty() ? 0 : 1;
        return view_of(actor, save(tx, actor, "advisory_query.create", std::nullopt, record));
      });
    });
  });
}

Result<CaseView> Inquiries::answer(const Principal& actor, std::string_view id, Advice advice,
                                   std::string_view text, std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_role(actor, {Role::officer, Role::senior_officer}, "answer advisory queries");
      if (text.empty()) raise(ErrorKind::invalid_input, "empty", "$.text");
      const auto before = load(tx, actor, kAdvisoryQuery, id);
      check_version(before, if_match);
      if (before.state != "open")
        raise(ErrorKind::conflict, "advisory query " + before.id + " is already answered");
      auto after = before;
      auto body = body_of(before);
      body["answer"] = {{"advice", std::string(to_string(advice))},
                        {"text", std::string(text)},
                        {"by", actor.user},
                        {"at", now_()}};
      after.state = "answered";
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "advisory_query.answer", before, after,
                                 json{{"advice", std::string(to_string(advice))}}));
    });
  });
}

Result<CaseView> Inquiries::advisory_query(const Principal& actor, std::string_view id) {
  return read_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      if (!is_authority_staff(actor))
        require_role(actor, {Role::exporter}, "read advisory queries");
      return view_of(actor, load(tx, actor, kAdvisoryQuery, id));
    });
  });
}

Result<CasePage> Inquiries::advisory_queries(const Principal& actor, Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CasePage> {
      if (!is_authority_staff(actor))
        require_role(actor, {Role::exporter}, "list advisory queries");
      return list_kind(tx, actor, kAdvisoryQuery, paging);
    });
  });
}

Result<CaseView> Inquiries::submit(const Principal& actor, const json& submission) {
  return catch_failure([&]() -> Result<CaseView> {
    require_role(actor, {Role::civil_society}, "make submissions");
    only_keys(submission, "$",
              {"subject", "name", "country", "control_entry", "summary", "evidence", "sources"});
    const auto subject = text_field(submission, "subject", "$", true);
    if (subject != "end_user" && subject != "technology")
      raise(ErrorKind::invalid_input, "expected end_user or technology", "$.subject");
    json body{{"subject", subject},
              {"name", text_field(submission, "name", "$", true)},
              {"country", country_field(submission, "country", "$", subject == "end_user")},
              {"control_entry", text_field(submission, "control_entry", "$", false)},
              {"summary", text_field(submission, "summary", "$", true)},
              {"evidence", text_field(submission, "evidence", "$", true)},
              {"sources", json::array()}};
    if (submission.contains("sources")) {
      if (!submission["sources"].is_array())
        raise(ErrorKind::invalid_input, "expected an array of URLs", "$.sources");
      for (std::size_t i = 0; i < submission["sources"].size(); ++i) {
        const auto& source = submission["sources"][i];
        const auto path = "$.sources[" + std::to_string(i) + "]";
        if (!source.is_string()) raise(ErrorKind::invalid_input, "expected a string", path);
        const auto url = source.get<std::string>();
        if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
          raise(ErrorKind::invalid_input, "expected an http(s) URL", path);
        body["sources"].push_back(url);
      }
    }
    const auto now = now_();
    body["submitted_by"] = actor.user;
    body["submitted_at"] = now;
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return catch_failure([&]() -> Result<CaseView> {
        auto record = new_record(kSubmission, next_id(tx, "SUB", now), actor, "received", body);
        return view_of(actor, save(tx, actor, "submission.create", std::nullopt, record));
      });
    });
  });
}

Result<CaseView> Inquiries::triage(const Principal& actor, std::string_view id, Priority priority,
                                   std::string_view note, std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_role(actor, {Role::officer, Role::senior_officer}, "triage submissions");
      const auto before = load(tx, actor, kSubmission, id);
      check_version(before, if_match);
      auto after = before;
      auto body = body_of(before);
      body["triage"] = {{"priority", std::string(core::name_of(kPriorities, priority))},
                        {"note", std::string(note)},
                        {"by", actor.user},
                        {"at", now_()}};
      if (body.value("subject", "") == "end_user")
        body["suggested_links"] = suggest_links(tx, body.value("name", ""));
      after.state = "triaged";
      after.risk = static_cast<double>(priority);
      after.body = body.dump();
      return view_of(actor, save(tx, actor, "submission.triage", before, after,
                                 json{{"priority", body["triage"]["priority"]}}));
    });
  });
}

Result<CaseView> Inquiries::link(const Principal& actor, std::string_view id,
                                 std::string_view application_id,
                                 std::optional<std::int64_t> if_match) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_role(actor, {Role::officer, Role::senior_officer}, "link submissions");
      const auto before = load(tx, actor, kSubmission, id);
      check_version(before, if_match);
      const auto case_before = load(tx, actor, kApplication, application_id);
      auto body = body_of(before);
      for (const auto& existing : body.value("links", json::array()))
        if (existing.value("application", "") == application_id)
          raise(ErrorKind::conflict,
                before.id + " is already linked to " + std::string(application_id));
      const auto now = now_();
      body["links"].push_back(
          json{{"application", case_before.id}, {"by", actor.user}, {"at", now}});
      auto after = before;
      after.state = "linked";
      after.body = body.dump();
      auto stored =
          save(tx, actor, "submission.link", before, after, json{{"application", case_before.id}});
      auto case_after = case_before;
      auto case_body = body_of(case_before);
      case_body["flags"].push_back(json{{"kind", "civil_society_submission"},
                                        {"detail", before.id + ": " + body.value("summary", "")},
                                        {"at", now}});
      case_after.body = case_body.dump();
      save(tx, actor, "application.flag", case_before, case_after, json{{"submission", before.id}});
      return view_of(actor, std::move(stored));
    });
  });
}

Result<CaseView> Inquiries::submission(const Principal& actor, std::string_view id) {
  return read_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      if (!is_authority_staff(actor))
        require_role(actor, {Role::civil_society}, "read submissions");
      return view_of(actor, load(tx, actor, kSubmission, id));
    });
  });
}

Result<CasePage> Inquiries::submissions(const Principal& actor, Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CasePage> {
      if (!is_authority_staff(actor))
        require_role(actor, {Role::civil_society}, "list submissions");
      return list_kind(tx, actor, kSubmission, paging);
    });
  });
}

}  // namespace echri::cases
