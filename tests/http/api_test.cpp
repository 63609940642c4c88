// The API end to end over HTTP: authentication and roles on every route, the problem answers,
// and each route's behaviour.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "api_fixture.hpp"

namespace echri::http::testing {
namespace {

using cases::Role;
using nlohmann::json;

// A concrete path for a template: "{id}" becomes "x".
std::string concrete(const std::string& path_template) {
  return std::regex_replace(path_template, std::regex(R"(\{[a-z_]+\})"), "x");
}

std::string label(std::string method, const std::string& path) {
  method += ' ';
  method += path;
  return method;
}

std::string json_body(const Router::RouteInfo& route) {
  return route.body == BodyKind::json ? "{}" : "";
}

TEST_P(ApiTest, EveryRouteWithoutATokenIs401) {
  std::size_t checked = 0;
  for (const auto& route : api().router().routes()) {
    if (!route.access.needs_token()) continue;
    const auto path = concrete(route.path_template);
    const auto method = std::string(to_string(route.method));
    const auto reply = api().send(method, path, "", json_body(route));
    SCOPED_TRACE(label(method, path));
    const auto problem = expect_problem(reply, 401);
    EXPECT_EQ(reply.header("WWW-Authenticate"), R"(Bearer realm="echri")");
    EXPECT_EQ(problem.value("instance", ""), path);
    ++checked;
  }
  EXPECT_GE(checked, 12U);
}

TEST_P(ApiTest, EveryRouteWithABadTokenIs401InvalidToken) {
  const std::string forged = "echri_0123456789abcdef_" + std::string(64, 'a');
  for (const auto& route : api().router().routes()) {
    if (!route.access.needs_token()) continue;
    const auto path = concrete(route.path_template);
    const auto method = std::string(to_string(route.method));
    SCOPED_TRACE(label(method, path));
    for (const auto& token : {forged, std::string("not-a-token")}) {
      const auto reply = api().send(method, path, token, json_body(route));
      expect_problem(reply, 401);
      EXPECT_EQ(reply.header("WWW-Authenticate"), R"(Bearer realm="echri", error="invalid_token")");
    }
  }
  // Another scheme is no token at all.
  const auto basic =
      api().send("GET", "/api/v1/me", "", "", "", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  expect_problem(basic, 401);
  EXPECT_EQ(basic.header("WWW-Authenticate"), R"(Bearer realm="echri")");
}

TEST_P(ApiTest, EveryRouteRefusesTheRolesItDoesNotAllowWith403) {
  std::size_t checked = 0;
  for (const auto& route : api().router().routes()) {
    if (!route.access.needs_token()) continue;
    const auto path = concrete(route.path_template);
    const auto method = std::string(to_string(route.method));
    for (const auto name : cases::all_roles()) {
      const auto role = *cases::parse_role(name);
      if (route.access.allows(role)) continue;
      SCOPED_TRACE(label(method, path) + " as " + std::string(name));
      // The role is checked before the body is even looked at.
      const auto reply = api().send(method, path, api().token(role), "{not json");
      const auto problem = expect_problem(reply, 403);
      EXPECT_NE(problem.value("detail", "").find(std::string(name)), std::string::npos);
      ++checked;
    }
  }
  EXPECT_GE(checked, 30U);
}

TEST_P(ApiTest, UnknownRoutesAre404AndWrongMethods405WithAllow) {
  for (const auto& path :
       {"/api/v1/nothing", "/", "/api/v1/users/x/y/z", "/api/v1/users/", "/api//users"}) {
    SCOPED_TRACE(path);
    expect_problem(api().send("GET", path, api().token(Role::admin)), 404);
  }
  const auto put = api().send("PUT", "/api/v1/screen", api().token(Role::officer), "{}");
  expect_problem(put, 405);
  EXPECT_EQ(put.header("Allow"), "POST");
  const auto users = api().send("DELETE", "/api/v1/users", api().token(Role::admin));
  expect_problem(users, 405);
  EXPECT_EQ(users.header("Allow"), "GET, POST");
  const auto options = api().send("OPTIONS", "/api/v1/users/ada");
  expect_problem(options, 405);
  EXPECT_EQ(options.header("Allow"), "GET, PATCH");
}

TEST_P(ApiTest, HealthzNeedsNoTokenAndNamesTheDatabase) {
  const auto reply = api().send("GET", "/healthz");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = reply.json();
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["database"], GetParam());
  EXPECT_EQ(body["lists_loaded"], true);
}

TEST_P(ApiTest, MetricsCountRequestsByRouteTemplateAndStatus) {
  ASSERT_EQ(api().send("GET", "/healthz").status, 200);
  expect_problem(api().send("GET", "/api/v1/users/nobody-at-all", api().token(Role::admin)), 404);
  const auto reply = get("/metrics", Role::auditor);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const auto& text = reply.body;
  EXPECT_NE(text.find("# TYPE echri_http_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find(R"(echri_http_requests_total{method="GET",route="/healthz",status="200"})"),
            std::string::npos);
  // The template, not the id: one series per route however many users there are.
  EXPECT_NE(
      text.find(
          R"(echri_http_requests_total{method="GET",route="/api/v1/users/{id}",status="404"})"),
      std::string::npos);
  EXPECT_EQ(text.find("nobody-at-all"), std::string::npos);
  EXPECT_NE(
      text.find(
          R"(echri_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"})"),
      std::string::npos);
  EXPECT_NE(text.find("echri_http_requests_in_flight 1"), std::string::npos);  // this request
  EXPECT_NE(text.find("# TYPE echri_http_authentication_failures_total counter"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE echri_http_authentication_throttled_total counter"),
            std::string::npos);
}

TEST_P(ApiTest, MalformedJsonIs400WithItsPosition) {
  const auto reply =
      api().send("POST", "/api/v1/screen", api().token(Role::officer), "{\n  \"name\": \"x\",\n}");
  const auto problem = expect_problem(reply, 400);
  EXPECT_EQ(problem["type"], "urn:echri:problem:malformed-json");
  ASSERT_EQ(problem["errors"].size(), 1U);
  const auto& error = problem["errors"][0];
  EXPECT_EQ(error["line"], 3);
  EXPECT_EQ(error["column"], 1);
  EXPECT_EQ(error["offset"], 17);
  EXPECT_NE(problem["detail"].get<std::string>().find("line 3, column 1"), std::string::npos);
}

TEST_P(ApiTest, BodiesThatAreNotJsonAreRefused) {
  const auto token = api().token(Role::officer);
  expect_problem(api().send("POST", "/api/v1/screen", token, R"({"name":"x"})", "text/plain"), 415);
  expect_problem(api().send("POST", "/api/v1/screen", token), 400);
  const auto deep = std::string(100, '[') + std::string(100, ']');
  const auto problem = expect_problem(api().send("POST", "/api/v1/screen", token, deep), 400);
  EXPECT_NE(problem.value("detail", "").find("nested"), std::string::npos);
  // A JSON media type with parameters or a +json suffix is JSON.
  EXPECT_EQ(api()
                .send("POST", "/api/v1/screen", token, R"({"name":"Jane Nobody"})",
                      "application/json; charset=utf-8")
                .status,
            200);
}

TEST_P(ApiTest, BadFieldsAre422WithTheirJsonPath) {
  const auto path_of = [&](const json& body) {
    const auto problem = expect_problem(post("/api/v1/screen", Role::officer, body), 422);
    EXPECT_EQ(problem["type"], "urn:echri:problem:invalid-field");
    return problem["errors"].empty() ? std::string() : problem["errors"][0].value("path", "");
  };
  EXPECT_EQ(path_of({{"name", 5}}), "$.name");
  EXPECT_EQ(path_of(json::object()), "$.name");
  EXPECT_EQ(path_of({{"name", "x"}, {"colour", "red"}}), "$.colour");
  EXPECT_EQ(path_of({{"name", "x"}, {"threshold", 1.5}}), "$.threshold");
  EXPECT_EQ(path_of({{"name", "x"}, {"limit", 0}}), "$.limit");
  EXPECT_EQ(path_of({{"name", "x"}, {"country", "Atlantis"}}), "$.country");
  EXPECT_EQ(path_of({{"name", "x"}, {"date_of_birth", "12/01/1960"}}), "$.date_of_birth");
  EXPECT_EQ(path_of({{"queries", {{{"name", "a"}}, {{"name", "b"}, {"type", "planet"}}}}}),
            "$.queries[1].type");
  EXPECT_EQ(path_of({{"queries", json::array()}}), "$.queries");
  EXPECT_EQ(path_of(json::array()), "$");

  auto application = json::parse(echri::testing::read_file(std::filesystem::path(ECHRI_SOURCE_DIR) /
                                                           "data/demo/application.json"));
  application["items"][0]["control_entry"] = "9Z999.q";
  const auto problem = expect_problem(post("/api/v1/assess", Role::officer, application), 422);
  ASSERT_FALSE(problem["errors"].empty()) << problem.dump();
  EXPECT_EQ(problem["errors"][0]["path"], "$.items[0].control_entry");
}

TEST_P(ApiTest, OversizedBodiesAre413) {
  const auto token = api().token(Role::officer);
  // Over the 1 MiB of a JSON route: refused after reading, with the limit in the problem.
  const std::string big = R"({"name":")" + std::string(std::size_t{1} << 20, 'a') + R"("})";
  const auto problem = expect_problem(api().send("POST", "/api/v1/screen", token, big), 413);
  EXPECT_NE(problem.value("detail", "").find("1048576"), std::string::npos);
  // Over what any route takes (16 MiB): httplib skips it; still a problem document.
  const std::string huge((std::size_t{16} << 20) + 1, 'a');
  expect_problem(api().send("POST", "/api/v1/screen", token, huge), 413);
  // The server is fine afterwards.
  EXPECT_EQ(api().send("GET", "/healthz").status, 200);
}

TEST_P(ApiTest, ScreensOneName) {
  const auto reply = post("/api/v1/screen", Role::exporter,
                          {{"name", "Boris Fictitskiy"}, {"type", "person"}, {"country", "RU"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("Cache-Control"), "no-store");
  const auto body = reply.json();
  EXPECT_EQ(body["query"]["name"], "Boris Fictitskiy");
  EXPECT_EQ(body["lists"], json::array({"demo@test"}));
  ASSERT_FALSE(body["matches"].empty()) << body.dump(2);
  const auto& match = body["matches"][0];
  EXPECT_EQ(match["source_id"], "DEMO-002");
  EXPECT_GE(match["score"].get<double>(), 0.8);
  EXPECT_TRUE(match.contains("explanation"));
  EXPECT_EQ(body["threshold"], 0.8);
  // One party per match, naming its listings; the count is of parties.
  EXPECT_EQ(body["total_matches"].get<std::size_t>(), body["matches"].size());
  ASSERT_FALSE(match["sources"].empty()) << match.dump(2);
  EXPECT_EQ(match["sources"][0]["source_id"], "DEMO-002");
  EXPECT_EQ(match["sources"][0]["list"], match["list"]);

  const auto none = post("/api/v1/screen", Role::civil_society, {{"name", "Jane Nobody"}});
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.json()["matches"].empty());
}

TEST_P(ApiTest, ScreensABatch) {
  const auto reply =
      post("/api/v1/screen", Role::officer,
           {{"queries",
             {{{"name", "Fictional Shipping Company"}},
              {{"name", "Jane Nobody"}},
              {{"name", "IMAGINARY STAR"}, {"type", "vessel"}, {"identifier", "IMO 9999991"}}}},
            {"threshold", 0.9},
            {"limit", 1}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = reply.json();
  ASSERT_EQ(body["results"].size(), 3U);
  EXPECT_EQ(body["threshold"], 0.9);
  EXPECT_EQ(body["results"][0]["matches"].size(), 1U);
  EXPECT_GE(body["results"][0]["total_matches"].get<std::size_t>(), 1U);
  EXPECT_EQ(body["results"][0]["matches"][0]["source_id"], "DEMO-004");
  EXPECT_TRUE(body["results"][1]["matches"].empty());
  EXPECT_EQ(body["results"][2]["matches"][0]["source_id"], "DEMO-003");
  EXPECT_EQ(body["results"][2]["query"]["identifier"], "IMO 9999991");

  json too_many = {{"queries", json::array()}};
  for (int i = 0; i < 101; ++i) too_many["queries"].push_back({{"name", "n"}});
  expect_problem(post("/api/v1/screen", Role::officer, too_many), 422);
}

TEST_P(ApiTest, ScreeningWithoutListsIs503) {
  api().lists().replace(std::nullopt);
  const auto reply = post("/api/v1/screen", Role::officer, {{"name", "x"}});
  api().lists().replace(demo_lists());
  const auto problem = expect_problem(reply, 503);
  EXPECT_NE(problem.value("detail", "").find("lists import"), std::string::npos);
}

TEST_P(ApiTest, AssessesAnApplicationAsTheCommandLineDoes) {
  const auto application = json::parse(echri::testing::read_file(
      std::filesystem::path(ECHRI_SOURCE_DIR) / "data/demo/application.json"));
  const auto reply = post("/api/v1/assess", Role::exporter, application);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto report = reply.json();
  EXPECT_TRUE(report.contains("risk"));
  EXPECT_TRUE(report["risk"].contains("level"));
  EXPECT_TRUE(report.contains("recommendation"));
  // The end user is on the demo list: screening ran against the server's lists.
  EXPECT_NE(reply.body.find("DEMO-001"), std::string::npos);
  // The same bytes as the engine gives (deterministic report).
  const auto again = post("/api/v1/assess", Role::officer, application);
  EXPECT_EQ(again.body, reply.body);

  auto undated = application;
  undated.erase("submitted_on");
  expect_problem(api().send("POST", "/api/v1/assess?as_of=tomorrow", api().token(Role::officer),
                            undated.dump()),
                 400);
  EXPECT_EQ(api()
                .send("POST", "/api/v1/assess?as_of=2026-01-31", api().token(Role::officer),
                      undated.dump())
                .status,
            200);
}

TEST_P(ApiTest, DiligenceReportsEachStepAsTheCommandLineDoes) {
  const auto application = json::parse(echri::testing::read_file(
      std::filesystem::path(ECHRI_SOURCE_DIR) / "data/demo/application.json"));
  const json questionnaire = {
      {"application", application},
      {"steps", {{"human_rights_policy", true}, {"item_classified", false}}}};
  const auto reply = post("/api/v1/diligence", Role::exporter, questionnaire);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto report = reply.json();
  EXPECT_EQ(report["reference"], application["reference"]);
  ASSERT_TRUE(report["steps"].is_array());
  std::map<std::string, std::string> status;
  for (const auto& step : report["steps"]) status[step["id"]] = step["status"];
  EXPECT_EQ(status["commit"], "done");
  EXPECT_EQ(status["classify"], "action_required");
  EXPECT_GT(report["open_actions"].get<int>(), 0);
  // The end user is on the demo list: the report screened against the server's lists.
  EXPECT_EQ(report["assessment"]["risk"],
            post("/api/v1/assess", Role::exporter, application).json()["risk"]);
  EXPECT_NE(reply.body.find("DEMO-001"), std::string::npos);

  auto unknown_step = questionnaire;
  unknown_step["steps"]["bribes_paid"] = false;
  const auto step_problem =
      expect_problem(post("/api/v1/diligence", Role::exporter, unknown_step), 422);
  EXPECT_EQ(step_problem["errors"][0]["path"], "$.steps.bribes_paid") << step_problem.dump();
  auto bad_item = questionnaire;
  bad_item["application"]["items"][0]["control_entry"] = "9Z999.q";
  const auto item_problem =
      expect_problem(post("/api/v1/diligence", Role::exporter, bad_item), 422);
  EXPECT_EQ(item_problem["errors"][0]["path"], "$.application.items[0].control_entry")
      << item_problem.dump();
  expect_problem(post("/api/v1/diligence", Role::civil_society, questionnaire), 403);
}

TEST_P(ApiTest, MeNamesThePrincipal) {
  const auto reply = get("/api/v1/me", Role::exporter);
  ASSERT_EQ(reply.status, 200);
  const auto body = reply.json();
  EXPECT_EQ(body["user"], "the-exporter");
  EXPECT_EQ(body["role"], "exporter");
  EXPECT_EQ(body["organisation"], "northwind");
  EXPECT_EQ(body["sees_all_organisations"], false);
  EXPECT_EQ(body["enrolment"], false);
  EXPECT_EQ(body["token_id"], api().token(Role::exporter).substr(6, 16));
}

TEST_P(ApiTest, ListsReportWhatIsLoaded) {
  const auto reply = get("/api/v1/lists", Role::peer_node);
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["lists"], json::array({"demo@test"}));
  EXPECT_GT(reply.json()["entities"].get<int>(), 0);
}

TEST_P(ApiTest, UsersAndTokensLifecycle) {
  const auto organisation = unique("acme-");
  const auto user = unique("erin.");
  // The admin adds an organisation and a user.
  auto created = post("/api/v1/organisations", Role::admin,
                      {{"id", organisation},
                       {"name", "Acme (fictional)"},
                       {"kind", "exporter"},
                       {"country", "ie"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("Location"), "/api/v1/organisations/" + organisation);
  EXPECT_EQ(created.json()["country"], "IE");
  expect_problem(
      post("/api/v1/organisations", Role::admin,
           {{"id", organisation}, {"name", "Again"}, {"kind", "exporter"}, {"country", "IE"}}),
      409);
  created = post("/api/v1/users", Role::admin,
                 {{"id", user},
                  {"name", "Erin (fictional)"},
                  {"role", "exporter"},
                  {"organisation", organisation}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("Location"), "/api/v1/users/" + user);
  auto fetched = get("/api/v1/users/" + user, Role::auditor);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.json()["organisation"], organisation);
  EXPECT_EQ(fetched.json()["active"], true);

  // A token for the user, shown once: an enrolment token, since the admin issued it for someone
  // else (AuthenticationTest covers the exchange).
  auto issued = post("/api/v1/users/" + user + "/tokens", Role::admin, json::object());
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.json()["enrolment"], true);
  const auto token = issued.json()["token"].get<std::string>();
  const auto token_id = issued.json()["token_id"].get<std::string>();
  auto me = api().send("GET", "/api/v1/me", token);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["user"], user);
  EXPECT_EQ(me.json()["enrolment"], true);

  // Listed, filtered by organisation.
  auto listed = get("/api/v1/users?organisation=" + organisation, Role::admin);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()["total"], 1);
  EXPECT_EQ(listed.json()["items"][0]["id"], user);

  // Revocation takes effect at once, although the token was just verified (and cached).
  auto revoked = api().send("DELETE", "/api/v1/tokens/" + token_id, api().token(Role::admin));
  EXPECT_EQ(revoked.status, 204);
  expect_problem(api().send("GET", "/api/v1/me", token), 401);
  EXPECT_EQ(api().send("DELETE", "/api/v1/tokens/" + token_id, api().token(Role::admin)).status,
            204);  // idempotent

  // Deactivation too; and users revoke their own tokens, not others'.
  auto second = post("/api/v1/users/" + user + "/tokens", Role::admin, json::object());
  const auto second_token = second.json()["token"].get<std::string>();
  ASSERT_EQ(api().send("GET", "/api/v1/me", second_token).status, 200);
  expect_problem(
      api().send("DELETE", "/api/v1/tokens/" + second.json()["token_id"].get<std::string>(),
                 api().token(Role::exporter)),
      404);
  // Updates are optimistic: the ETag of a read, sent back as If-Match, must still be current.
  const auto read = api().send("GET", "/api/v1/users/" + user, api().token(Role::admin));
  ASSERT_EQ(read.status, 200) << read.body;
  const auto etag = read.header("ETag");
  ASSERT_FALSE(etag.empty());
  expect_problem(api().send("PATCH", "/api/v1/users/" + user, api().token(Role::admin),
                            R"({"active": false})", "application/json", {{"If-Match", "\"v99\""}}),
                 412);
  EXPECT_EQ(api().send("GET", "/api/v1/users/" + user, api().token(Role::admin)).json()["active"],
            true);
  auto patched = api().send("PATCH", "/api/v1/users/" + user, api().token(Role::admin),
                            R"({"active": false})", "application/json", {{"If-Match", etag}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["active"], false);
  EXPECT_NE(patched.header("ETag"), etag);
  expect_problem(api().send("PATCH", "/api/v1/users/" + user, api().token(Role::admin),
                            R"({"active": true})", "application/json", {{"If-Match", etag}}),
                 412);
  expect_problem(api().send("GET", "/api/v1/me", second_token), 401);
  expect_problem(post("/api/v1/users/" + user + "/tokens", Role::admin, json::object()), 409);
  ASSERT_EQ(
      api()
          .send("PATCH", "/api/v1/users/" + user, api().token(Role::admin), R"({"active": true})")
          .status,
      200);
  // The user's own token (exchanged from a third enrolment token) revokes itself.
  auto third = post("/api/v1/users/" + user + "/tokens", Role::admin, json::object());
  auto own =
      api().send("POST", "/api/v1/tokens/exchange", third.json()["token"].get<std::string>());
  ASSERT_EQ(own.status, 201) << own.body;
  const auto own_token = own.json()["token"].get<std::string>();
  EXPECT_EQ(
      api()
          .send("DELETE", "/api/v1/tokens/" + own.json()["token_id"].get<std::string>(), own_token)
          .status,
      204);
  expect_problem(api().send("GET", "/api/v1/me", own_token), 401);
}

TEST_P(ApiTest, AccountFieldsAreCheckedWithPaths) {
  const auto path_of = [&](const std::string& route, const json& body, int status = 422) {
    const auto problem = expect_problem(post(route, Role::admin, body), status);
    return problem["errors"].empty() ? std::string() : problem["errors"][0].value("path", "");
  };
  EXPECT_EQ(path_of("/api/v1/organisations",
                    {{"id", "Bad Id"}, {"name", "x"}, {"kind", "exporter"}, {"country", "DE"}}),
            "$.id");
  EXPECT_EQ(path_of("/api/v1/organisations",
                    {{"id", "ok"}, {"name", "x"}, {"kind", "company"}, {"country", "DE"}}),
            "$.kind");
  EXPECT_EQ(
      path_of("/api/v1/organisations",
              {{"id", unique("ok-")}, {"name", "x"}, {"kind", "exporter"}, {"country", "ZZ"}}),
      "$.country");
  EXPECT_EQ(
      path_of(
          "/api/v1/users",
          {{"id", unique("u")}, {"name", "x"}, {"role", "king"}, {"organisation", "authority"}}),
      "$.role");
  EXPECT_EQ(
      path_of(
          "/api/v1/users",
          {{"id", unique("u")}, {"name", "x"}, {"role", "officer"}, {"organisation", "northwind"}}),
      "$.role");
  EXPECT_EQ(
      path_of(
          "/api/v1/users",
          {{"id", unique("u")}, {"name", "x"}, {"role", "officer"}, {"organisation", "nowhere"}}),
      "$.organisation");
  expect_problem(get("/api/v1/users/nobody", Role::admin), 404);
  expect_problem(get("/api/v1/organisations/nowhere", Role::auditor), 404);
  expect_problem(
      api().send("PATCH", "/api/v1/users/nobody", api().token(Role::admin), R"({"active": false})"),
      404);
  expect_problem(post("/api/v1/users/nobody/tokens", Role::admin, json::object()), 404);
}

TEST_P(ApiTest, ListsArePagedAndBadPagingIs400) {
  const auto first = get("/api/v1/users?limit=2", Role::admin);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto page = first.json();
  EXPECT_EQ(page["limit"], 2);
  EXPECT_EQ(page["offset"], 0);
  EXPECT_EQ(page["items"].size(), 2U);
  EXPECT_GE(page["total"].get<int>(), 7);
  EXPECT_EQ(page["next"], 2);
  const auto last = get("/api/v1/organisations?offset=1000", Role::admin).json();
  EXPECT_TRUE(last["items"].empty());
  EXPECT_TRUE(last["next"].is_null());
  for (const auto* query : {"limit=0", "limit=201", "limit=abc", "offset=-1", "limit="}) {
    SCOPED_TRACE(query);
    const auto problem =
        expect_problem(get(std::string("/api/v1/users?") + query, Role::admin), 400);
    ASSERT_EQ(problem["errors"].size(), 1U);
    EXPECT_TRUE(problem["errors"][0].contains("parameter"));
  }
}

TEST_P(ApiTest, AuditListsTheChainInPages) {
  const auto reply = get("/api/v1/audit?limit=3", Role::auditor);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto page = reply.json();
  ASSERT_EQ(page["items"].size(), 3U);
  EXPECT_EQ(page["from"], 1);
  EXPECT_EQ(page["next"], 4);
  EXPECT_GE(page["total"].get<int>(), 11);  // 4 organisations, 7 users, 7 tokens at least
  const auto& first = page["items"][0];
  EXPECT_EQ(first["sequence"], 1);
  EXPECT_EQ(first["action"], "organisation.add");
  EXPECT_EQ(first["actor"], "system");
  EXPECT_EQ(first["previous_hash"], std::string(64, '0'));
  EXPECT_EQ(page["items"][1]["previous_hash"], first["hash"]);
  EXPECT_TRUE(first["detail"].is_object());

  const auto total = page["total"].get<int>();
  const auto tail = get("/api/v1/audit?from=" + std::to_string(total), Role::admin).json();
  EXPECT_EQ(tail["items"].size(), 1U);
  EXPECT_TRUE(tail["next"].is_null());
  expect_problem(get("/api/v1/audit?from=0", Role::auditor), 400);
}

TEST_P(ApiTest, AuditChainVerifies) {
  const auto reply = get("/api/v1/audit/verify", Role::auditor);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto verdict = reply.json();
  EXPECT_EQ(verdict["intact"], true);
  EXPECT_GE(verdict["checked"].get<int>(), 11);
  EXPECT_TRUE(verdict["first_bad_sequence"].is_null());
  expect_problem(get("/api/v1/audit/verify", Role::officer), 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace echri::http::testing
