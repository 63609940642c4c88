// Exporters, civil society and peer nodes see an allow-list (issue 10, point 5): after a workflow
// that produced data of every kind for two exporters and two civil-society bodies, every route of
// the router is walked as each of them, with real ids of every organisation, and no answer they
// get may carry a staff member's id or name, an internal note or reason, a risk, score, level,
// four-eyes, flag, screening, hit or assessment field, or another organisation's data. Every
// answer they got during the workflow itself is held to the same rules.

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "cases/case_services.hpp"
#include "cases/inquiries.hpp"
#include "http/api.hpp"
#include "http/api_fixture.hpp"
#include "http/case_api_fixture.hpp"
#include "http/case_routes.hpp"
#include "http/server.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::http {
namespace {

using cases::Role;
using nlohmann::json;

// Written only into what must never reach an exporter or civil society: notes, advice, the
// reasons and explanations officers record for each other.
constexpr std::string_view kInternal = "INTERNALMARK";

struct Person {
  std::string id;
  std::string name;
  Role role;
  std::string organisation;
};

struct Organisation {
  std::string id;
  cases::OrganisationKind kind;
  std::string marker;  // in every text this organisation writes; "" for the authority
};

const std::vector<Organisation> kOrganisations{
    {"authority-hq", cases::OrganisationKind::authority, ""},
    {"northwind", cases::OrganisationKind::exporter, "NWMARK"},
    {"bluebird", cases::OrganisationKind::exporter, "BBMARK"},
    {"open-watch", cases::OrganisationKind::civil_society, "OWMARK"},
    {"fair-watch", cases::OrganisationKind::civil_society, "FWMARK"},
    {"peer-fr", cases::OrganisationKind::peer_state, "PEERMARK"},
};

// Staff names are distinctive, so that finding one in an answer is never a coincidence.
const std::vector<Person> kPeople{
    {"ofc.quillonneau", "Olga Quillonneau", Role::officer, "authority-hq"},
    {"ofc.brandvoldsen", "Oscar Brandvoldsen", Role::officer, "authority-hq"},
    {"snr.kettleworth", "Samira Kettleworth", Role::senior_officer, "authority-hq"},
    {"snr.farthingale", "Sidonie Farthingale", Role::senior_officer, "authority-hq"},
    {"aud.marchettini", "Aude Marchettini", Role::auditor, "authority-hq"},
    {"adm.pennywhistle", "Adalbert Pennywhistle", Role::admin, "authority-hq"},
    {"erik.exporter", "Erik NWMARK", Role::exporter, "northwind"},
    {"nils.exporter", "Nils NWMARK", Role::exporter, "northwind"},
    {"britt.exporter", "Britt BBMARK", Role::exporter, "bluebird"},
    {"cora.watch", "Cora OWMARK", Role::civil_society, "open-watch"},
    {"dana.fairwatch", "Dana FWMARK", Role::civil_society, "fair-watch"},
    {"pierre.peer", "Pierre PEERMARK", Role::peer_node, "peer-fr"},
};

bool is_staff(Role role) {
  return cases::audience_of(role) == cases::Audience::staff;
}

// Keys that name the authority's assessment of a case in any of its forms.
const std::regex kForbiddenKey(
    "(^|_)(risk|risks|score|scores|level|levels|four_eyes|flag|flags|screening|hit|hits|"
    "assessment|assessments|assessed|recommendation|recommendations|recommended_by|assigned_to)"
    "(_|$)",
    std::regex::icase);

// What a non-staff caller sent and got back.
struct Exchange {
  std::string user;
  Role role = Role::exporter;
  std::string method;
  std::string path;  // with the query
  int status = 0;
  std::string content_type;
  std::string body;
};

json full_application(const std::string& marker, const std::string& end_user,
                      const std::string& consignee, const std::string& control_entry,
                      const std::string& destination) {
  return json{
      {"reference", marker + "-REF"},
      {"exporter", {{"name", marker + " Exports"}, {"country", "DE"}}},
      {"destination", destination},
      {"items", json::array({json{{"description", marker + " probes with deep packet inspection"},
                                  {"control_entry", control_entry},
                                  {"quantity", 6},
                                  {"value", 900000},
                                  {"currency", "EUR"}}})},
      {"parties", json::array({json{{"role", "consignee"},
                                    {"name", consignee},
                                    {"country", "AE"},
                                    {"address", marker + " Marina"}},
                               json{{"role", "end_user"},
                                    {"name", end_user},
                                    {"country", destination},
                                    {"type", "company"},
                                    {"address", "1 Imaginary Road"}}})},
      {"end_use",
       {{"description", marker + " city-wide monitoring"}, {"category", "public_order"}}},
      {"assurances",
       {{"end_use_statement", true}, {"no_reexport", true}, {"post_shipment_checks", true}}},
      {"answers",
       {{"payment_in_cash", false},
        {"integration_with_monitoring_centre", true},
        {"end_user_linked_to_abuses", false},
        {"targets_protected_groups", false},
        {"exporter_aware_of_misuse_intent", false}}}};
}

json research_application(const std::string& marker) {
  auto body = json::parse(echri::testing::read_file(echri::testing::fixtures_dir() /
                                                    "cases/harmless_application.json"));
  body["reference"] = marker + "-RESEARCH";
  body["exporter"]["name"] = marker + " Exports";
  body["items"][0]["description"] = marker + " network test set";
  return body;
}

class RoleViewsTest : public testing::CaseApiFixture,
                      public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    ECHRI_STORE_URL_OR_SKIP(url, GetParam(), dir_.path(), "views");
    serve_case_api(url);
    if (HasFatalFailure()) return;

    const auto system = cases::system_principal();
    for (const auto& organisation : kOrganisations) {
      auto added = accounts_->add_organisation(
          system, cases::Organisation{organisation.id, organisation.id + " (fictional)",
                                      organisation.kind, "DE"});
      ASSERT_TRUE(added) << added.error().describe();
    }
    for (const auto& person : kPeople) {
      auto added = accounts_->add_user(
          system, cases::User{person.id, person.name, person.role, person.organisation, true});
      ASSERT_TRUE(added) << added.error().describe();
      roles_[person.id] = person.role;
      organisation_of_[person.id] = person.organisation;
      tokens_[person.id] = own_token(person.id);
      ASSERT_FALSE(tokens_[person.id].empty()) << person.id;
    }
  }

  // A token of the user's own. A token the system issues for someone is an enrolment token,
  // which its owner exchanges (over HTTP: every caller's answers are checked, this one's too).
  std::string own_token(const std::string& user) {
    auto issued = accounts_->issue_token(cases::system_principal(), user);
    EXPECT_TRUE(issued) << issued.error().describe();
    if (!issued) return {};
    auto principal = accounts_->authenticate(issued->secret);
    EXPECT_TRUE(principal) << principal.error().describe();
    if (!principal || !principal->enrolment) return issued->secret;
    tokens_[user] = issued->secret;
    const auto exchanged = call(user, "POST", "/api/v1/tokens/exchange", json::object());
    EXPECT_EQ(exchanged.status / 100, 2) << exchanged.raw;
    return exchanged.body.value("token", "");
  }

  struct Answer {
    int status = 0;
    json body;
    std::string raw;
  };

  Answer call(const std::string& user, const std::string& method, const std::string& path,
              const std::optional<json>& body = std::nullopt,
              const std::string& content_type = "application/json",
              const std::string& raw_body = "") {
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.set_header("Authorization", "Bearer " + tokens_.at(user));
    if (body || !raw_body.empty()) {
      request.body = body ? body->dump() : raw_body;
      request.set_header("Content-Type", content_type);
    }
    auto result = client_->send(request);
    Answer answer;
    if (!result) {
      ADD_FAILURE() << user << " " << method << " " << path << ": no answer";
      return answer;
    }
    answer.status = result->status;
    answer.raw = result->body;
    answer.body = json::parse(result->body, nullptr, false);
    const auto role = roles_.at(user);
    if (!is_staff(role))
      seen_.push_back(Exchange{user, role, method, path, result->status,
                               result->get_header_value("Content-Type"), result->body});
    return answer;
  }

  // A step of the workflow that must succeed; returns its answer's body.
  json step(const std::string& user, const std::string& method, const std::string& path,
            const std::optional<json>& body = json::object()) {
    const auto answer = call(user, method, path, body);
    EXPECT_EQ(answer.status / 100, 2) << user << " " << method << " " << path << ": " << answer.raw;
    return answer.body;
  }

  std::string upload(const std::string& user, const std::string& application,
                     const std::string& filename, const std::string& text) {
    const auto answer = call(
        user, "POST", "/api/v1/applications/" + application + "/documents?filename=" + filename,
        std::nullopt, "text/plain", text);
    EXPECT_EQ(answer.status, 201) << answer.raw;
    auto id = answer.body.value("id", "");
    remember(ids_["applications"].at(application), "documents", id);
    return id;
  }

  // Creates and submits an application; it is then under review (after the exporter answered what
  // the submission found missing) or submitted. Returns its id.
  std::string filed(const std::string& exporter, const json& application) {
    const auto created = step(exporter, "POST", "/api/v1/applications", application);
    auto id = created.value("id", "");
    remember(organisation_of_.at(exporter), "applications", id);
    const auto submitted = step(exporter, "POST", "/api/v1/applications/" + id + "/submit");
    if (submitted.value("state", "") == "information_requested") answer_open_requests(exporter, id);
    return id;
  }

  void answer_open_requests(const std::string& exporter, const std::string& id) {
    const auto requests =
        step(exporter, "GET", "/api/v1/applications/" + id + "/information-requests", std::nullopt);
    for (const auto& request : requests.value("items", json::array())) {
      remember(organisation_of_.at(exporter), "information-requests", request.value("id", ""));
      if (request.value("state", "") == "open")
        step(exporter, "POST",
             "/api/v1/information-requests/" + request.value("id", "") + "/answer",
             json{{"answer", organisation_marker(exporter) + " answers the request"}});
    }
  }

  // Brings a filed application under review and its assessment up to date.
  void reviewed(const std::string& officer, const std::string& id) {
    const auto seen = step(officer, "GET", "/api/v1/applications/" + id, std::nullopt);
    if (seen.value("state", "") == "submitted")
      step(officer, "POST", "/api/v1/applications/" + id + "/review");
    step(officer, "POST", "/api/v1/applications/" + id + "/reassess");
  }

  std::string organisation_marker(const std::string& user) const {
    for (const auto& organisation : kOrganisations)
      if (organisation.id == organisation_of_.at(user)) return organisation.marker;
    return {};
  }

  // Ids of records, by the collection of the routes that read them, and by organisation.
  void remember(const std::string& organisation, const std::string& collection,
                const std::string& id) {
    if (!id.empty()) ids_[collection][id] = organisation;
  }

  void produce_data_of_every_kind();
  void check(const Exchange& exchange) const;

  std::map<std::string, Role> roles_;
  std::map<std::string, std::string> organisation_of_;
  // collection ("applications", "documents", ...) -> id -> owning organisation
  std::map<std::string, std::map<std::string, std::string>> ids_;
  std::vector<Exchange> seen_;
};

void RoleViewsTest::produce_data_of_every_kind() {
  const std::string erik = "erik.exporter";
  const std::string nils = "nils.exporter";
  const std::string britt = "britt.exporter";
  const std::string olga = "ofc.quillonneau";
  const std::string oscar = "ofc.brandvoldsen";
  const std::string sam = "snr.kettleworth";
  const std::string sid = "snr.farthingale";
  const std::string internal(kInternal);

  // Northwind's surveillance case: information requested and answered, documents from both
  // sides, notes and advice, a recommendation returned, a decider who disagreed, a refusal, an
  // appeal upheld, and at last an approval with conditions whose licence is amended.
  auto surveillance = full_application("NWMARK", "Fictitious Surveillance Systems LLC",
                                       "Zanzibar Quillfeather Trading", "5A001.j", "RU");
  const auto created = step(erik, "POST", "/api/v1/applications", surveillance);
  const auto n1 = created.value("id", "");
  remember("northwind", "applications", n1);
  surveillance["items"][0]["quantity"] = 7;
  step(erik, "PUT", "/api/v1/applications/" + n1, surveillance);
  const auto submitted = step(erik, "POST", "/api/v1/applications/" + n1 + "/submit");
  if (submitted.value("state", "") == "information_requested") answer_open_requests(erik, n1);

  // Civil society reports on the consignee and the end user while the cases are open.
  const auto cora_sub = step("cora.watch", "POST", "/api/v1/submissions",
                             json{{"subject", "end_user"},
                                  {"name", "Zanzibar Quillfeather Trading"},
                                  {"country", "AE"},
                                  {"summary", "OWMARK summary of the report"},
                                  {"evidence", "OWMARK evidence"},
                                  {"sources", {"https://example.org/owmark"}}});
  remember("open-watch", "submissions", cora_sub.value("id", ""));
  const auto cora_quiet = step("cora.watch", "POST", "/api/v1/submissions",
                               json{{"subject", "technology"},
                                    {"name", "OWMARK interception suites"},
                                    {"control_entry", "5A001.j"},
                                    {"summary", "OWMARK second summary"},
                                    {"evidence", "OWMARK second evidence"}});
  remember("open-watch", "submissions", cora_quiet.value("id", ""));

  reviewed(olga, n1);
  const auto request = step(olga, "POST", "/api/v1/applications/" + n1 + "/information-requests",
                            json{{"question", "NWMARK: who operates the monitoring centre?"}});
  remember("northwind", "information-requests", request.value("id", ""));
  step(nils, "POST", "/api/v1/information-requests/" + request.value("id", "") + "/answer",
       json{{"answer", "NWMARK: the city police"}});
  upload(erik, n1, "end-use.txt", "NWMARK end-use statement");
  upload(nils, n1, "contract.txt", "NWMARK contract");
  upload(olga, n1, "letter.txt", "NWMARK letter from the authority to the applicant");
  for (const auto& [type, text] : std::vector<std::pair<std::string, std::string>>{
           {"note", internal + " note: the consignee is a known diverter"},
           {"advice", internal + " advice: refuse"}}) {
    json body{{"text", text}, {"type", type}};
    if (type == "advice") body["outcome"] = "refused";
    const auto note = step(oscar, "POST", "/api/v1/applications/" + n1 + "/notes", body);
    remember("northwind", "notes", note.value("id", ""));
  }
  reviewed(olga, n1);
  const json refusal{{"outcome", "refused"},
                     {"reasons", {"HR3", "EU1"}},
                     {"explanation", internal + " recommendation explanation"}};
  step(olga, "POST", "/api/v1/applications/" + n1 + "/recommendation", refusal);
  step(sam, "POST", "/api/v1/applications/" + n1 + "/return",
       json{{"reason", internal + " return reason"}});
  step(olga, "POST", "/api/v1/applications/" + n1 + "/recommendation", refusal);
  // A decider who would decide otherwise sends the case back with their reasons.
  const auto disagreed =
      call(sid, "POST", "/api/v1/applications/" + n1 + "/decision",
           json{{"outcome", "approved"}, {"explanation", internal + " decider disagrees"}});
  EXPECT_EQ(disagreed.status / 100, 2) << disagreed.raw;
  if (disagreed.body.value("state", "") != "recommended")
    step(olga, "POST", "/api/v1/applications/" + n1 + "/recommendation", refusal);
  step(sam, "POST", "/api/v1/applications/" + n1 + "/decision",
       json{{"outcome", "refused"},
            {"reasons", {"HR3", "EU1"}},
            {"explanation", "NWMARK: the end user is listed"}});
  const auto appeal = step(erik, "POST", "/api/v1/applications/" + n1 + "/appeals",
                           json{{"grounds", "NWMARK grounds: the end user is another company"}});
  remember("northwind", "appeals", appeal.value("id", ""));
  step(sid, "POST", "/api/v1/appeals/" + appeal.value("id", "") + "/decision",
       json{{"upheld", true}, {"explanation", "NWMARK: the appeal is upheld"}});
  reviewed(olga, n1);
  const json conditional{{"outcome", "approved_with_conditions"},
                         {"conditions", {"NWMARK condition: no re-export"}},
                         {"explanation", "NWMARK: approved with conditions"}};
  step(olga, "POST", "/api/v1/applications/" + n1 + "/recommendation", conditional);
  const auto approved = step(sam, "POST", "/api/v1/applications/" + n1 + "/decision", conditional);
  const auto licence = approved.value("licence", "");
  EXPECT_FALSE(licence.empty()) << approved.dump();
  remember("northwind", "licences", licence);
  step(sam, "POST", "/api/v1/licences/" + licence + "/amend",
       json{{"conditions", {"NWMARK condition: no re-export", "NWMARK condition: reports"}},
            {"reason", "NWMARK amendment reason"}});

  // Northwind's research case, approved by one officer; its licence is revoked. A third case is
  // withdrawn, a fourth stays a draft.
  const auto n2 = filed(erik, research_application("NWMARK"));
  reviewed(olga, n2);
  const auto research_approved =
      step(olga, "POST", "/api/v1/applications/" + n2 + "/decision",
           json{{"outcome", "approved"}, {"explanation", "NWMARK: approved"}});
  remember("northwind", "licences", research_approved.value("licence", ""));
  step(sam, "POST", "/api/v1/licences/" + research_approved.value("licence", "") + "/revoke",
       json{{"reason", "NWMARK revocation reason"}});
  const auto n3 = filed(nils, research_application("NWMARK"));
  step(erik, "POST", "/api/v1/applications/" + n3 + "/withdraw");
  const auto draft = step(nils, "POST", "/api/v1/applications", research_application("NWMARK"));
  remember("northwind", "applications", draft.value("id", ""));

  const auto n_query = step(erik, "POST", "/api/v1/advisory-queries",
                            json{{"end_user",
                                  {{"name", "Fictitious Surveillance Systems LLC"},
                                   {"country", "RU"},
                                   {"type", "company"}}},
                                 {"items", {{{"description", "NWMARK probes"}}}},
                                 {"question", "NWMARK: would probes be licensed?"}});
  remember("northwind", "advisory-queries", n_query.value("id", ""));
  step(olga, "POST", "/api/v1/advisory-queries/" + n_query.value("id", "") + "/answer",
       json{{"advice", "likely_refusal"}, {"text", "NWMARK: the end user is listed"}});

  // Bluebird's cases: one incomplete (the submission asks for what is missing), one refused
  // whose appeal is dismissed, one approved.
  auto incomplete = full_application("BBMARK", "Make-Believe Telecom SAE (fictional)",
                                     "Bluebird Forwarding BBMARK", "5D001.e", "EG");
  incomplete.erase("end_use");
  incomplete.erase("assurances");
  const auto b1_created = step(britt, "POST", "/api/v1/applications", incomplete);
  const auto b1 = b1_created.value("id", "");
  remember("bluebird", "applications", b1);
  step(britt, "POST", "/api/v1/applications/" + b1 + "/submit");
  const auto b1_requests =
      step(britt, "GET", "/api/v1/applications/" + b1 + "/information-requests", std::nullopt);
  for (const auto& item : b1_requests.value("items", json::array()))
    remember("bluebird", "information-requests", item.value("id", ""));
  const auto b1_note = step(olga, "POST", "/api/v1/applications/" + b1 + "/notes",
                            json{{"text", internal + " note on Bluebird"}});
  remember("bluebird", "notes", b1_note.value("id", ""));
  upload(britt, b1, "datasheet.txt", "BBMARK datasheet");
  upload(oscar, b1, "request.txt", "BBMARK letter from the authority");

  const auto b2 = filed(britt, full_application("BBMARK", "Fictitious Surveillance Systems LLC",
                                                "Bluebird Forwarding BBMARK", "5A001.j", "RU"));
  reviewed(oscar, b2);
  const json b_refusal{{"outcome", "refused"},
                       {"reasons", {"EU1"}},
                       {"explanation", internal + " Bluebird recommendation"}};
  step(oscar, "POST", "/api/v1/applications/" + b2 + "/recommendation", b_refusal);
  step(sid, "POST", "/api/v1/applications/" + b2 + "/decision",
       json{{"outcome", "refused"}, {"reasons", {"EU1"}}, {"explanation", "BBMARK: refused"}});
  const auto b_appeal = step(britt, "POST", "/api/v1/applications/" + b2 + "/appeals",
                             json{{"grounds", "BBMARK grounds"}});
  remember("bluebird", "appeals", b_appeal.value("id", ""));
  step(sam, "POST", "/api/v1/appeals/" + b_appeal.value("id", "") + "/decision",
       json{{"upheld", false}, {"explanation", "BBMARK: the appeal is dismissed"}});

  const auto b3 = filed(britt, research_application("BBMARK"));
  reviewed(oscar, b3);
  const auto b3_approved = step(oscar, "POST", "/api/v1/applications/" + b3 + "/decision",
                                json{{"outcome", "approved"}, {"explanation", "BBMARK: approved"}});
  remember("bluebird", "licences", b3_approved.value("licence", ""));
  const auto b_query = step(britt, "POST", "/api/v1/advisory-queries",
                            json{{"end_user", {{"name", "BBMARK Telecom"}, {"country", "EG"}}},
                                 {"question", "BBMARK: is a licence required?"}});
  remember("bluebird", "advisory-queries", b_query.value("id", ""));

  // Triage and links: the submissions name the parties of both exporters' cases.
  const auto dana_sub = step("dana.fairwatch", "POST", "/api/v1/submissions",
                             json{{"subject", "end_user"},
                                  {"name", "Make-Believe Telecom SAE (fictional)"},
                                  {"country", "EG"},
                                  {"summary", "FWMARK summary"},
                                  {"evidence", "FWMARK evidence"}});
  remember("fair-watch", "submissions", dana_sub.value("id", ""));
  for (const auto& [submission, application] : std::vector<std::pair<std::string, std::string>>{
           {cora_sub.value("id", ""), n1}, {dana_sub.value("id", ""), b1}}) {
    step(olga, "POST", "/api/v1/submissions/" + submission + "/triage",
         json{{"priority", "high"}, {"note", internal + " triage note"}});
    step(olga, "POST", "/api/v1/submissions/" + submission + "/links",
         json{{"application", application}});
  }
}

// The strings of `path` an answer may echo (the ids the caller asked about), removed from it.
std::string without_echo(std::string text, const std::string& path) {
  std::string bare = path.substr(0, path.find('?'));
  std::vector<std::string> echoed{path, bare};
  for (std::size_t start = 0; start < bare.size();) {
    const auto slash = bare.find('/', start);
    const auto end = slash == std::string::npos ? bare.size() : slash;
    if (end > start) echoed.push_back(bare.substr(start, end - start));
    start = end + 1;
  }
  std::sort(echoed.begin(), echoed.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& piece : echoed)
    for (auto at = text.find(piece); !piece.empty() && at != std::string::npos;
         at = text.find(piece, at))
      text.erase(at, piece.size());
  return text;
}

void forbidden_keys(const json& value, const std::string& at, std::vector<std::string>& found) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      std::string path = at;
      path.append(".").append(key);
      if (std::regex_search(key, kForbiddenKey)) found.push_back(path);
      forbidden_keys(child, path, found);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      forbidden_keys(value[i], std::string(at).append("[").append(std::to_string(i)).append("]"),
                     found);
  }
}

// Routes whose answers are what the caller itself asked to have computed, stored nowhere: the
// screening of names it sends, the assessment of an application it sends and the due-diligence
// report on a questionnaire it sends (its own due diligence), and the public description of the
// API. Their keys are not the authority's view of a case; their text is checked like every other
// answer.
bool keys_are_the_callers_own(const std::string& path) {
  const auto bare = path.substr(0, path.find('?'));
  return bare == "/api/v1/screen" || bare == "/api/v1/assess" || bare == "/api/v1/diligence" ||
         bare == "/api/v1/openapi.json" || bare == "/healthz";
}

void RoleViewsTest::check(const Exchange& exchange) const {
  SCOPED_TRACE(exchange.user + " " + exchange.method + " " + exchange.path + " -> " +
               std::to_string(exchange.status) + ": " + exchange.body.substr(0, 2000));
  const auto text = without_echo(exchange.body, exchange.path);
  const auto& own = organisation_of_.at(exchange.user);
  for (const auto& person : kPeople) {
    if (!is_staff(person.role)) continue;
    EXPECT_EQ(text.find(person.id), std::string::npos) << "a staff member's id: " << person.id;
    EXPECT_EQ(text.find(person.name), std::string::npos)
        << "a staff member's name: " << person.name;
  }
  EXPECT_EQ(text.find(kInternal), std::string::npos) << "internal text";
  for (const auto& organisation : kOrganisations) {
    if (organisation.id == own || organisation.marker.empty()) continue;
    EXPECT_EQ(text.find(organisation.marker), std::string::npos) << organisation.id << "'s data";
  }
  for (const auto& [collection, ids] : ids_)
    for (const auto& [id, organisation] : ids) {
      // Notes are nobody's but the authority's; everything else is its organisation's.
      if (organisation == own && collection != "notes") continue;
      EXPECT_EQ(text.find(id), std::string::npos)
          << collection << " " << id << " of " << organisation;
    }
  if (keys_are_the_callers_own(exchange.path)) return;
  const auto parsed = json::parse(exchange.body, nullptr, false);
  if (parsed.is_discarded()) return;  // document bytes, checked as text above
  std::vector<std::string> keys;
  forbidden_keys(parsed, "$", keys);
  EXPECT_TRUE(keys.empty()) << "the authority's assessment of a case: "
                            << ::testing::PrintToString(keys);
}

// The collection whose ids a path parameter takes: the path segment before it.
std::string collection_of(const std::string& path_template, std::size_t brace) {
  const auto end = path_template.rfind('/', brace);
  const auto start = path_template.rfind('/', end - 1);
  return path_template.substr(start + 1, end - start - 1);
}

bool answers(const std::string& path_template, const std::string& path) {
  const std::regex pattern(
      "^" + std::regex_replace(path_template, std::regex("\\{[a-z_]+\\}"), "[^/?]+") + "(\\?.*)?$");
  return std::regex_match(path, pattern);
}

TEST_P(RoleViewsTest, ExportersCivilSocietyAndPeersSeeOnlyTheirAllowList) {
  produce_data_of_every_kind();
  ASSERT_FALSE(HasFailure()) << "the workflow did not run through";
  for (const auto& person : kPeople) remember(person.organisation, "users", person.id);
  for (const auto& organisation : kOrganisations)
    remember(organisation.id, "organisations", organisation.id);
  // Tokens to revoke: each caller's spare one is its own; the others' are not.
  std::map<std::string, std::string> spare_token;
  for (const auto& person : kPeople) {
    auto issued = accounts_->issue_token(cases::system_principal(), person.id);
    ASSERT_TRUE(issued) << issued.error().describe();
    spare_token[person.id] = issued->token_id;
    remember(person.organisation, "tokens", issued->token_id);
  }

  const std::vector<std::string> callers{"erik.exporter", "britt.exporter", "cora.watch",
                                         "dana.fairwatch", "pierre.peer"};
  const auto screening = json{{"name", "Fictitious Surveillance Systems LLC"}};
  const auto assessment = research_application("ANYONE");
  std::size_t walked = 0;
  for (const auto& route : router_->routes()) {
    const auto method = std::string(to_string(route.method));
    const auto brace = route.path_template.find('{');
    // The ids to fill in: every id of the collection the parameter names, of every organisation.
    std::vector<std::pair<std::string, std::string>> paths;  // path, owning organisation
    if (brace == std::string::npos) {
      paths.emplace_back(route.path_template, "");
    } else {
      const auto collection = collection_of(route.path_template, brace);
      ASSERT_TRUE(ids_.count(collection))
          << route.path_template << ": the walk knows no ids of '" << collection
          << "'; make the workflow produce some and remember() them";
      for (const auto& [id, organisation] : ids_.at(collection))
        paths.emplace_back(std::regex_replace(route.path_template, std::regex("\\{[a-z_]+\\}"), id),
                           organisation);
    }
    for (const auto& caller : callers) {
      const auto& own = organisation_of_.at(caller);
      for (const auto& [path, owner] : paths) {
        const bool write = route.method != Method::get;
        // Writes to the caller's own records are the workflow's (checked above, in seen_); the
        // walk tries them on everyone else's, where nothing may succeed.
        if (write && owner == own) continue;
        std::optional<json> body = json::object();
        std::string raw;
        if (path == "/api/v1/screen") body = screening;
        if (path == "/api/v1/assess") body = assessment;
        if (path == "/api/v1/diligence") body = json{{"application", assessment}};
        if (route.body == BodyKind::bytes) {
          body.reset();
          raw = "walk " + caller;
        }
        const auto answer =
            route.body == BodyKind::bytes
                ? call(caller, method, path + "?filename=walk.txt", std::nullopt, "text/plain", raw)
                : call(caller, method, path, write ? body : std::nullopt);
        ++walked;
        if (!owner.empty() && owner != own && route.access.allows(roles_.at(caller))) {
          EXPECT_NE(answer.status / 100, 2)
              << caller << " " << method << " " << path << " answered another organisation's "
              << "record: " << answer.raw;
        }
      }
    }
  }
  EXPECT_GT(walked, 200U);
  // Each caller revokes its own spare token: the one route left that changes the caller's own.
  for (const auto& caller : callers)
    EXPECT_EQ(call(caller, "DELETE", "/api/v1/tokens/" + spare_token.at(caller)).status, 204);
  // Nobody revoked anybody else's token on the way.
  for (const auto& person : kPeople)
    EXPECT_EQ(call(person.id, "GET", "/api/v1/me").status, 200) << person.id;

  for (const auto& exchange : seen_) check(exchange);
  RecordProperty("answers_checked", static_cast<int>(seen_.size()));

  // Every route a role may call answered it with data at least once, so the checks saw what each
  // role reads there (a route added tomorrow is walked; a write added tomorrow needs a step).
  for (const auto role : {Role::exporter, Role::civil_society, Role::peer_node})
    for (const auto& route : router_->routes()) {
      if (!route.access.needs_token() || !route.access.allows(role)) continue;
      const auto method = std::string(to_string(route.method));
      const bool answered = std::any_of(seen_.begin(), seen_.end(), [&](const Exchange& e) {
        return e.role == role && e.method == method && e.status / 100 == 2 &&
               answers(route.path_template, e.path);
      });
      EXPECT_TRUE(answered) << cases::to_string(role) << " never got a 2xx from " << method << " "
                            << route.path_template;
    }

  // And they do see what they need (the allow-list is not empty).
  const auto& northwind = ids_.at("applications");
  const auto n1 = std::find_if(northwind.begin(), northwind.end(), [](const auto& entry) {
                    return entry.second == "northwind";
                  })->first;
  auto mine = call("nils.exporter", "GET", "/api/v1/applications/" + n1);
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(mine.body["state"], "decided");
  EXPECT_EQ(mine.body["decision"]["outcome"], "approved_with_conditions");
  EXPECT_EQ(mine.body["decision"]["conditions"].size(), 1U);
  EXPECT_EQ(mine.body["previous_decisions"][0]["reasons"], json::array({"HR3", "EU1"}));
  EXPECT_EQ(mine.body["previous_decisions"][0]["explanation"], "NWMARK: the end user is listed");
  EXPECT_EQ(mine.body["application"]["items"][0]["quantity"], 7);
  EXPECT_EQ(mine.body["history"][0]["by"], "erik.exporter");
  bool labelled = false;
  for (const auto& entry : mine.body["history"])
    labelled = labelled || entry.value("by", "") == cases::kAuthorityLabel;
  EXPECT_TRUE(labelled) << mine.raw;
  auto requests =
      call("erik.exporter", "GET", "/api/v1/applications/" + n1 + "/information-requests");
  bool asked = false;
  for (const auto& item : requests.body["items"])
    asked =
        asked || (item.value("question", "").find("NWMARK") != std::string::npos &&
                  item.contains("due") && item.value("answer", "") == "NWMARK: the city police");
  EXPECT_TRUE(asked) << requests.raw;
  auto documents = call("erik.exporter", "GET", "/api/v1/applications/" + n1 + "/documents");
  EXPECT_EQ(documents.body["total"], 3) << documents.raw;
  auto licences = call("erik.exporter", "GET", "/api/v1/licences");
  EXPECT_EQ(licences.body["total"], 2) << licences.raw;
  for (const auto& item : licences.body["items"])
    EXPECT_TRUE(item.value("amendments", json::array()).size() == 1 || item.contains("revoked"))
        << item.dump();
  auto appeals = call("erik.exporter", "GET", "/api/v1/applications/" + n1 + "/appeals");
  EXPECT_EQ(appeals.body["items"][0]["explanation"], "NWMARK: the appeal is upheld");
  auto queries = call("erik.exporter", "GET", "/api/v1/advisory-queries");
  EXPECT_EQ(queries.body["items"][0]["answer"]["text"], "NWMARK: the end user is listed");
  auto submissions = call("cora.watch", "GET", "/api/v1/submissions");
  EXPECT_EQ(submissions.body["total"], 2) << submissions.raw;
  bool triaged = false;
  for (const auto& item : submissions.body["items"])
    triaged = triaged || (item.value("state", "") == "linked" &&
                          item.value("triage", json::object()).contains("at") &&
                          item.value("summary", "") == "OWMARK summary of the report");
  EXPECT_TRUE(triaged) << submissions.raw;
}

INSTANTIATE_TEST_SUITE_P(Backends, RoleViewsTest, ::testing::Values("sqlite", "postgres"),
                         testing::backend_name);

}  // namespace
}  // namespace echri::http
