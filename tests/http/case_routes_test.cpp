// The workflow over HTTP, on both databases: a whole case from draft to appeal, and the security
// properties every route must have (a token, the right role, no other organisation's data).

#include "http/case_routes.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "cases/case_services.hpp"
#include "http/api.hpp"
#include "http/api_fixture.hpp"
#include "http/case_api_fixture.hpp"
#include "http/server.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::http {
namespace {

using nlohmann::json;

class CaseRoutesTest : public testing::CaseApiFixture,
                       public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    ECHRI_STORE_URL_OR_SKIP(url, GetParam(), dir_.path(), "routes");
    serve_case_api(url);
    if (HasFatalFailure()) return;
    seed_demo_cases();
  }

  struct Answer {
    int status = 0;
    json body;
    std::string etag;
    std::string location;
    std::string raw;
  };

  Answer call(const std::string& method, const std::string& path, const std::string& user,
              const std::optional<json>& body = std::nullopt, const std::string& if_match = "",
              const std::string& content_type = "application/json",
              const std::string& raw_body = "") {
    httplib::Headers headers;
    if (!user.empty()) headers.emplace("Authorization", "Bearer " + tokens_.at(user));
    if (!if_match.empty()) headers.emplace("If-Match", if_match);
    const std::string payload = body ? body->dump() : raw_body;
    auto result = method == "GET"     ? client_->Get(path, headers)
                  : method == "POST"  ? client_->Post(path, headers, payload, content_type)
                  : method == "PUT"   ? client_->Put(path, headers, payload, content_type)
                  : method == "PATCH" ? client_->Patch(path, headers, payload, content_type)
                                      : client_->Delete(path, headers);
    Answer answer;
    if (!result) {
      ADD_FAILURE() << method << " " << path << ": no answer";
      return answer;
    }
    answer.status = result->status;
    answer.raw = result->body;
    answer.etag = result->get_header_value("ETag");
    answer.location = result->get_header_value("Location");
    answer.body = json::parse(result->body, nullptr, false);
    return answer;
  }

  static json application(const std::string& destination = "NO") {
    auto body = json::parse(echri::testing::read_file(echri::testing::fixtures_dir() /
                                                      "cases/harmless_application.json"));
    body["destination"] = destination;
    return body;
  }
};

TEST_P(CaseRoutesTest, ACaseFromDraftToDecision) {
  auto created = call("POST", "/api/v1/applications", "erik.exporter", application());
  ASSERT_EQ(created.status, 201) << created.raw;
  const auto id = created.body["id"].get<std::string>();
  EXPECT_EQ(created.location, "/api/v1/applications/" + id);
  EXPECT_EQ(created.etag, "\"v1\"");
  EXPECT_EQ(created.body["state"], "draft");

  auto changed = application("SE");
  auto stale = call("PUT", "/api/v1/applications/" + id, "erik.exporter", changed, "\"v7\"");
  EXPECT_EQ(stale.status, 412) << stale.raw;
  auto updated = call("PUT", "/api/v1/applications/" + id, "erik.exporter", changed, "\"v1\"");
  ASSERT_EQ(updated.status, 200) << updated.raw;
  EXPECT_EQ(updated.etag, "\"v2\"");

  auto submitted =
      call("POST", "/api/v1/applications/" + id + "/submit", "erik.exporter", json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.raw;
  EXPECT_EQ(submitted.body["state"], "submitted");
  EXPECT_FALSE(submitted.body.contains("assessment"));

  auto review =
      call("POST", "/api/v1/applications/" + id + "/review", "olga.officer", json::object());
  ASSERT_EQ(review.status, 200) << review.raw;
  auto seen = call("GET", "/api/v1/applications/" + id, "olga.officer");
  EXPECT_TRUE(seen.body.contains("assessment"));
  EXPECT_EQ(seen.etag, "\"v" + std::to_string(seen.body["version"].get<int>()) + "\"");

  auto bad = call("POST", "/api/v1/applications/" + id + "/decision", "olga.officer",
                  json{{"outcome", "maybe"}});
  ASSERT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["errors"][0]["path"], "$.outcome");
  auto alone = call("POST", "/api/v1/applications/" + id + "/decision", "olga.officer",
                    json{{"outcome", "refused"}, {"reasons", {"HR1"}}});
  EXPECT_EQ(alone.status, 403) << alone.raw;
  auto recommended = call("POST", "/api/v1/applications/" + id + "/recommendation", "olga.officer",
                          json{{"outcome", "refused"}, {"reasons", {"HR1"}}});
  ASSERT_EQ(recommended.status, 200) << recommended.raw;
  auto decided = call(
      "POST", "/api/v1/applications/" + id + "/decision", "sam.senior",
      json{
          {"outcome", "refused"}, {"reasons", {"HR1", "DV1"}}, {"explanation", "Diversion risk."}});
  ASSERT_EQ(decided.status, 200) << decided.raw;
  EXPECT_EQ(decided.body["state"], "decided");

  auto own = call("GET", "/api/v1/applications/" + id, "erik.exporter");
  EXPECT_EQ(own.body["decision"]["reasons"], json::array({"HR1", "DV1"}));
  EXPECT_FALSE(own.body["decision"].contains("decided_by"));

  auto appeal = call("POST", "/api/v1/applications/" + id + "/appeals", "erik.exporter",
                     json{{"grounds", "The laboratory is civilian."}});
  ASSERT_EQ(appeal.status, 201) << appeal.raw;
  auto own_appeal =
      call("POST", "/api/v1/appeals/" + appeal.body["id"].get<std::string>() + "/decision",
           "sam.senior", json{{"upheld", true}, {"explanation", "x"}});
  EXPECT_EQ(own_appeal.status, 403) << own_appeal.raw;

  auto illegal =
      call("POST", "/api/v1/applications/" + id + "/submit", "erik.exporter", json::object());
  EXPECT_EQ(illegal.status, 409) << illegal.raw;
  EXPECT_EQ(illegal.body["status"], 409);
}

// Staff read the stored body as it is, spliced after the record's identity; a key written twice
// would leave the answer to whichever parser a client uses.
std::vector<std::string> keys_written_twice(const std::string& text) {
  std::vector<std::set<std::string>> seen;
  std::vector<std::string> twice;
  auto check = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) seen.emplace_back();
    if (event == json::parse_event_t::object_end) seen.pop_back();
    if (event == json::parse_event_t::key && !seen.back().insert(parsed.get<std::string>()).second)
      twice.push_back(parsed.get<std::string>());
    return true;
  };
  const auto parsed = json::parse(text, check);
  EXPECT_FALSE(parsed.is_discarded());
  return twice;
}

TEST_P(CaseRoutesTest, ACaseReadsTheSameWholeOrListedForStaffAndExporters) {
  ASSERT_EQ(keys_written_twice(R"({"a":1,"b":{"a":2},"a":3})"), std::vector<std::string>{"a"});
  const auto& id = applications_[0];
  for (const std::string user : {"olga.officer", "erik.exporter"}) {
    auto one = call("GET", "/api/v1/applications/" + id, user);
    ASSERT_EQ(one.status, 200) << one.raw;
    EXPECT_EQ(keys_written_twice(one.raw), std::vector<std::string>{}) << user;
    EXPECT_EQ(one.body["id"], id);
    EXPECT_EQ(one.body["organisation"], "northwind-sensors");
    EXPECT_EQ(one.etag, "\"v" + std::to_string(one.body["version"].get<int>()) + "\"");
    EXPECT_TRUE(one.body["application"].is_object());
    EXPECT_EQ(one.body.contains("assessment"), user == "olga.officer") << user;

    auto listed = call("GET", "/api/v1/applications?limit=200", user);
    ASSERT_EQ(listed.status, 200) << listed.raw;
    EXPECT_EQ(keys_written_twice(listed.raw), std::vector<std::string>{}) << user;
    EXPECT_EQ(listed.body["items"].size(), listed.body["total"].get<std::size_t>());
    EXPECT_TRUE(listed.body["next"].is_null());
    const auto& items = listed.body["items"];
    const auto same = std::find_if(items.begin(), items.end(),
                                   [&](const json& item) { return item["id"] == id; });
    ASSERT_NE(same, items.end()) << user;
    EXPECT_EQ(*same, one.body) << user;
  }
}

TEST_P(CaseRoutesTest, InformationRequestsDocumentsAndTheQueue) {
  const auto& risky = applications_[0];
  const auto& incomplete = applications_[2];  // Bluebird's, waiting for information
  auto asked = call("POST", "/api/v1/applications/" + incomplete + "/information-requests",
                    "olga.officer", json{{"question", "Who operates the system?"}});
  ASSERT_EQ(asked.status, 201) << asked.raw;
  auto listed =
      call("GET", "/api/v1/applications/" + incomplete + "/information-requests", "britt.exporter");
  ASSERT_EQ(listed.status, 200) << listed.raw;
  EXPECT_EQ(listed.body["total"], 2);  // the one submission asked, and the officer's
  auto answered = call(
      "POST", "/api/v1/information-requests/" + asked.body["id"].get<std::string>() + "/answer",
      "britt.exporter", json{{"answer", "The city police."}});
  ASSERT_EQ(answered.status, 200) << answered.raw;

  const std::string pdf = "%PDF-1.4 fictional end-use statement";
  auto uploaded = call("POST", "/api/v1/applications/" + risky + "/documents?filename=eus.pdf",
                       "erik.exporter", std::nullopt, "", "application/pdf", pdf);
  ASSERT_EQ(uploaded.status, 201) << uploaded.raw;
  const auto document = uploaded.body["id"].get<std::string>();
  httplib::Headers headers{{"Authorization", "Bearer " + tokens_["olga.officer"]}};
  auto content = client_->Get("/api/v1/documents/" + document + "/content", headers);
  ASSERT_TRUE(content);
  EXPECT_EQ(content->status, 200);
  EXPECT_EQ(content->body, pdf);
  EXPECT_EQ(content->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(content->get_header_value("Content-Disposition"),
            "attachment; filename=\"eus.pdf\"; filename*=UTF-8''eus.pdf");
  // A name that would end the quoted string comes back escaped; a control character is refused.
  auto quoted =
      call("POST", "/api/v1/applications/" + risky + "/documents?filename=a%22b%C3%BC.pdf",
           "erik.exporter", std::nullopt, "", "application/pdf", pdf);
  ASSERT_EQ(quoted.status, 201) << quoted.raw;
  auto quoted_content = client_->Get(
      "/api/v1/documents/" + quoted.body["id"].get<std::string>() + "/content", headers);
  ASSERT_TRUE(quoted_content);
  // This client percent-decodes header values, so only the quoted fallback is compared here;
  // content_disposition_test checks the encoded filename* byte for byte.
  const auto disposition = quoted_content->get_header_value("Content-Disposition");
  EXPECT_TRUE(disposition.starts_with("attachment; filename=\"a_b_.pdf\"; filename*=UTF-8''"))
      << disposition;
  auto control = call("POST", "/api/v1/applications/" + risky + "/documents?filename=a%0D%0Ab.pdf",
                      "erik.exporter", std::nullopt, "", "application/pdf", pdf);
  EXPECT_EQ(control.status, 400) << control.raw;
  auto lying = call("POST", "/api/v1/applications/" + risky + "/documents?filename=x.png",
                    "erik.exporter", std::nullopt, "", "image/png", "not a png");
  EXPECT_EQ(lying.status / 100, 4) << lying.raw;
  auto nameless = call("POST", "/api/v1/applications/" + risky + "/documents", "erik.exporter",
                       std::nullopt, "", "application/pdf", pdf);
  EXPECT_EQ(nameless.status, 400) << nameless.raw;

  auto queue = call("GET", "/api/v1/queue?limit=1", "olga.officer");
  ASSERT_EQ(queue.status, 200) << queue.raw;
  EXPECT_EQ(queue.body["items"].size(), 1U);
  EXPECT_GE(queue.body["total"].get<int>(), 2);
  EXPECT_EQ(queue.body["next"], 1);
  EXPECT_EQ(queue.body["items"][0]["id"], risky);  // the riskiest first
  EXPECT_EQ(call("GET", "/api/v1/queue", "erik.exporter").status, 403);
  EXPECT_EQ(call("GET", "/api/v1/queue?limit=0", "olga.officer").status, 400);
}

TEST_P(CaseRoutesTest, RescreenLoadsTheNewListsFirst) {
  // The incomplete case's end user is listed only in the "updated" lists.
  int reloads = 0;
  services_->reload_lists = [&]() -> Result<void> {
    ++reloads;
    core::ListedEntity listed;
    listed.list = "demo";
    listed.source_id = "NEW-1";
    listed.name = "Make-Believe Telecom SAE (fictional)";
    listed.type = core::EntityType::organization;
    lists_->replace(cases::LoadedLists{screening::ScreeningIndex({listed}), {"demo@v2"}});
    return {};
  };
  auto report = call("POST", "/api/v1/rescreen", "olga.officer", json::object());
  ASSERT_EQ(report.status, 200) << report.raw;
  EXPECT_EQ(reloads, 1);
  EXPECT_EQ(report.body["flagged"], json::array({applications_[2]}));
  EXPECT_EQ(call("POST", "/api/v1/rescreen", "erik.exporter", json::object()).status, 403);
}

TEST_P(CaseRoutesTest, AdvisoryQueriesAndSubmissions) {
  auto queries = call("GET", "/api/v1/advisory-queries", "olga.officer");
  ASSERT_EQ(queries.status, 200);
  ASSERT_EQ(queries.body["total"], 1);
  const auto query = queries.body["items"][0]["id"].get<std::string>();
  auto answered = call("POST", "/api/v1/advisory-queries/" + query + "/answer", "olga.officer",
                       json{{"advice", "likely_refusal"}, {"text", "The end user is listed."}});
  ASSERT_EQ(answered.status, 200) << answered.raw;
  auto own = call("GET", "/api/v1/advisory-queries/" + query, "britt.exporter");
  EXPECT_EQ(own.body["answer"]["advice"], "likely_refusal");
  EXPECT_EQ(call("GET", "/api/v1/advisory-queries/" + query, "erik.exporter").status, 404);

  auto submissions = call("GET", "/api/v1/submissions", "cora.watch");
  ASSERT_EQ(submissions.body["total"], 1);
  const auto submission = submissions.body["items"][0]["id"].get<std::string>();
  auto triaged = call("POST", "/api/v1/submissions/" + submission + "/triage", "olga.officer",
                      json{{"priority", "high"}});
  ASSERT_EQ(triaged.status, 200) << triaged.raw;
  EXPECT_FALSE(triaged.body["suggested_links"].empty());
  auto linked = call("POST", "/api/v1/submissions/" + submission + "/links", "olga.officer",
                     json{{"application", applications_[0]}});
  ASSERT_EQ(linked.status, 200) << linked.raw;
  auto reasons = call("GET", "/api/v1/reasons", "cora.watch");
  EXPECT_EQ(reasons.status, 200);
  EXPECT_FALSE(reasons.body["items"].empty());
}

// Every route of the API, with its path parameters filled in with real ids.
std::string concrete(const std::string& path, const std::string& id) {
  return std::regex_replace(path, std::regex("\\{[a-z_]+\\}"), id);
}

TEST_P(CaseRoutesTest, EveryRouteNeedsATokenAndTheRightRole) {
  ASSERT_GT(router_->routes().size(), 40U);
  for (const auto& route : router_->routes()) {
    if (!route.access.needs_token()) continue;
    const auto path = concrete(route.path_template, applications_[0]);
    const auto method = std::string(to_string(route.method));
    const auto anonymous = call(method, path, "", json::object());
    EXPECT_EQ(anonymous.status, 401) << method << " " << path;
    // A role the route does not allow is refused before anything happens.
    for (const auto& [user, role] : std::vector<std::pair<std::string, cases::Role>>{
             {"erik.exporter", cases::Role::exporter},
             {"cora.watch", cases::Role::civil_society},
             {"aude.auditor", cases::Role::auditor}}) {
      if (route.access.allows(role)) continue;
      const auto refused = call(method, path, user, json::object());
      EXPECT_EQ(refused.status, 403) << user << " " << method << " " << path;
    }
  }
}

TEST_P(CaseRoutesTest, AnotherOrganisationsIdsAreNotFound) {
  // Britt (Bluebird) probes every exporter route with Northwind's application id.
  const auto& foreign = applications_[0];
  std::size_t probed = 0;
  for (const auto& route : router_->routes()) {
    if (!route.access.allows(cases::Role::exporter) || !route.access.needs_token()) continue;
    if (route.path_template.find("{id}") == std::string::npos) continue;
    if (route.path_template.rfind("/api/v1/applications/", 0) != 0) continue;
    const auto path = concrete(route.path_template, foreign);
    const auto method = std::string(to_string(route.method));
    // A body the route would accept, so that only the id can be what is refused.
    const auto body = path.ends_with("/appeals") ? json{{"grounds", "g"}}
                      : method == "PUT"          ? application()
                                                 : json::object();
    const bool bytes = route.body == BodyKind::bytes;
    const auto answer = bytes ? call(method, path + "?filename=a.pdf", "britt.exporter",
                                     std::nullopt, "", "application/pdf", "%PDF-1.4 fictional")
                              : call(method, path, "britt.exporter", body);
    EXPECT_EQ(answer.status, 404) << method << " " << path << ": " << answer.raw;
    ++probed;
  }
  EXPECT_GE(probed, 8U);
  // Lists show only the caller's organisation.
  auto mine = call("GET", "/api/v1/applications", "britt.exporter");
  for (const auto& item : mine.body["items"]) EXPECT_EQ(item["organisation"], "bluebird-networks");
  EXPECT_EQ(call("GET", "/api/v1/licences", "britt.exporter").body["total"], 0);
}

TEST_P(CaseRoutesTest, MalformedAndOversizedBodiesAre4xx) {
  httplib::Headers headers{{"Authorization", "Bearer " + tokens_["erik.exporter"]}};
  auto malformed =
      client_->Post("/api/v1/applications", headers, "{\"items\": [", "application/json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  const std::string huge = "{\"reference\": \"" + std::string(2U << 20U, 'x') + "\"}";
  auto oversized = client_->Post("/api/v1/applications", headers, huge, "application/json");
  ASSERT_TRUE(oversized);
  EXPECT_EQ(oversized->status, 413);
  auto wrong = call("POST", "/api/v1/applications", "erik.exporter", json{{"items", 5}});
  EXPECT_EQ(wrong.status, 422) << wrong.raw;
  EXPECT_FALSE(wrong.body["errors"].empty());
  // The server still answers.
  EXPECT_EQ(call("GET", "/api/v1/reasons", "erik.exporter").status, 200);
}

std::string backend(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

// The OpenAPI document and the router agree on the case routes: every route is documented with
// the roles that may call it, and every documented case operation is routed.
TEST_P(CaseRoutesTest, TheOpenApiDocumentDescribesEveryCaseRoute) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "the document does not depend on the database";
  const auto document = json::parse(openapi_document());
  std::set<std::pair<std::string, std::string>> routed;
  for (const auto& route : router_->routes()) {
    std::string method(to_string(route.method));
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    routed.emplace(method, route.path_template);
    SCOPED_TRACE(method + " " + route.path_template);
    const auto path = document["paths"].find(route.path_template);
    ASSERT_NE(path, document["paths"].end()) << "routed but not documented";
    const auto operation = path->find(method);
    ASSERT_NE(operation, path->end()) << "routed but not documented";
    if (!route.access.needs_token()) continue;
    std::set<std::string> allowed;
    for (const auto role : route.access.allowed()) allowed.emplace(cases::to_string(role));
    const auto documented = (*operation)["x-echri-roles"].get<std::set<std::string>>();
    EXPECT_EQ(documented, allowed);
  }
  for (const auto& [path, item] : document["paths"].items())
    for (const auto& [method, operation] : item.items()) {
      const auto& tags = operation["tags"];
      if (std::find(tags.begin(), tags.end(), "cases") == tags.end()) continue;
      EXPECT_TRUE(routed.count({method, path})) << method << " " << path << ": documented only";
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseRoutesTest, ::testing::Values("sqlite", "postgres"),
                         backend);

}  // namespace
}  // namespace echri::http
