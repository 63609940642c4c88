// Authentication end to end, on SQLite and PostgreSQL: enrolment tokens and their exchange,
// throttling of failed authentications (429 with Retry-After, counted in /metrics) while other
// clients go on, and users re-activated without their old tokens.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "api_fixture.hpp"
#include "cases/case_services.hpp"
#include "cases/inquiries.hpp"
#include "http/case_routes.hpp"

namespace echri::http::testing {
namespace {

using cases::Role;
using nlohmann::json;

std::string concrete(const std::string& path_template) {
  return std::regex_replace(path_template, std::regex(R"(\{[a-z_]+\})"), "x");
}

// Hands one request to a router as httplib would, from `address`.
Response handle(const Router& router, const std::string& method, const std::string& path,
                const std::string& token, const std::string& address = "127.0.0.1",
                const std::string& body = {}) {
  Request request;
  request.method = method;
  request.path = path;
  request.remote_address = address;
  if (!token.empty()) request.headers.set("Authorization", "Bearer " + token);
  if (!body.empty()) {
    request.body = body;
    request.headers.set("Content-Type", "application/json");
  }
  Response response;
  router.handle(request, response);
  return response;
}

class AuthenticationTest : public ApiTest {
 protected:
  // A new user of the authority with an enrolment token issued by the admin through the API.
  std::pair<std::string, json> enrolled_officer() {
    const auto user = unique("enrolled.");
    const auto created = post("/api/v1/users", Role::admin,
                              {{"id", user},
                               {"name", "Enrolled (fictional)"},
                               {"role", "officer"},
                               {"organisation", "authority"}});
    EXPECT_EQ(created.status, 201) << created.body;
    const auto issued = post("/api/v1/users/" + user + "/tokens", Role::admin, json::object());
    EXPECT_EQ(issued.status, 201) << issued.body;
    return {user, issued.json()};
  }
};

TEST_P(AuthenticationTest, AnEnrolmentTokenIsExchangedOnceAndCanDoNothingElse) {
  const auto [user, issued] = enrolled_officer();
  EXPECT_EQ(issued["enrolment"], true);
  const auto enrolment = issued["token"].get<std::string>();

  // It may say who it is, and that it must be exchanged.
  const auto me = api().send("GET", "/api/v1/me", enrolment);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"], user);
  EXPECT_EQ(me.json()["enrolment"], true);
  EXPECT_EQ(me.json()["token_id"], issued["token_id"]);

  // Every other route refuses it, whatever its role would allow, before looking at the body.
  std::size_t refused = 0;
  for (const auto& route : api().router().routes()) {
    if (!route.access.needs_token() || route.access.allows_enrolment()) continue;
    const auto path = concrete(route.path_template);
    const auto method = std::string(to_string(route.method));
    SCOPED_TRACE(::testing::Message() << method << " " << path);
    const auto problem = expect_problem(api().send(method, path, enrolment, "{not json"), 403);
    EXPECT_EQ(problem["type"], "urn:echri:problem:enrolment-token");
    EXPECT_NE(problem["detail"].get<std::string>().find("/api/v1/tokens/exchange"),
              std::string::npos);
    ++refused;
  }
  EXPECT_GE(refused, 12U);

  // The exchange: a token of the user's own, once.
  const auto exchanged = api().send("POST", "/api/v1/tokens/exchange", enrolment);
  ASSERT_EQ(exchanged.status, 201) << exchanged.body;
  const auto own = exchanged.json();
  EXPECT_EQ(own["user"], user);
  EXPECT_EQ(own["enrolment"], false);
  EXPECT_EQ(own["replaces"], issued["token_id"]);
  EXPECT_NE(own["token_id"], issued["token_id"]);
  const auto token = own["token"].get<std::string>();
  const auto mine = api().send("GET", "/api/v1/me", token);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()["enrolment"], false);
  EXPECT_EQ(api().send("GET", "/api/v1/lists", token).status, 200);
  // The enrolment token is revoked: a second exchange is refused.
  expect_problem(api().send("POST", "/api/v1/tokens/exchange", enrolment), 401);
  // A token of one's own has nothing to exchange.
  expect_problem(api().send("POST", "/api/v1/tokens/exchange", token), 409);

  // The audit chain names the user, the role and the enrolment token for the exchange.
  const auto total = get("/api/v1/audit?limit=1", Role::auditor).json()["total"].get<int>();
  const auto tail =
      get("/api/v1/audit?from=" + std::to_string(total - 1), Role::auditor).json()["items"];
  ASSERT_EQ(tail.size(), 2U);
  EXPECT_EQ(tail[0]["action"], "token.exchange");
  EXPECT_EQ(tail[0]["actor"], user);
  EXPECT_EQ(tail[0]["role"], "officer");
  EXPECT_EQ(tail[1]["action"], "token.issue");
  EXPECT_EQ(tail[1]["subject_id"], own["token_id"]);
}

TEST_P(AuthenticationTest, AnEnrolmentTokenCannotActOnCases) {
  auto& services = api().services();
  cases::CaseServices workflow(services.store, services.evaluator);
  cases::Inquiries inquiries(services.store, services.evaluator);
  Services with_cases{services.store, services.accounts, services.lists,  services.evaluator,
                      &workflow,      &inquiries,        add_case_routes, {}};
  Limits limits;
  limits.authentication.failures = 1000;
  const auto router = make_router(with_cases, limits, [](std::string_view) {});

  const auto user = unique("exporter.");
  ASSERT_EQ(post("/api/v1/users", Role::admin,
                 {{"id", user},
                  {"name", "Enrolled Exporter (fictional)"},
                  {"role", "exporter"},
                  {"organisation", "northwind"}})
                .status,
            201);
  const auto issued = post("/api/v1/users/" + user + "/tokens", Role::admin, json::object());
  ASSERT_EQ(issued.status, 201);
  const auto enrolment = issued.json()["token"].get<std::string>();
  std::size_t case_routes = 0;
  for (const auto& route : router->routes()) {
    if (!route.access.needs_token() || route.access.allows_enrolment()) continue;
    const auto path = concrete(route.path_template);
    const auto method = std::string(to_string(route.method));
    SCOPED_TRACE(::testing::Message() << method << " " << path);
    const auto response = handle(*router, method, path, enrolment, "127.0.0.1", "{}");
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(json::parse(response.body)["type"], "urn:echri:problem:enrolment-token");
    case_routes += path.find("/applications") != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(case_routes, 10U);
  const auto application = echri::testing::read_file(std::filesystem::path(ECHRI_SOURCE_DIR) /
                                                     "data/demo/application.json");
  EXPECT_EQ(
      handle(*router, "POST", "/api/v1/applications", enrolment, "127.0.0.1", application).status,
      403);
  // Exchanged, the user's own token files the application.
  const auto exchanged = handle(*router, "POST", "/api/v1/tokens/exchange", enrolment);
  ASSERT_EQ(exchanged.status, 201) << exchanged.body;
  const auto own = json::parse(exchanged.body)["token"].get<std::string>();
  const auto filed = handle(*router, "POST", "/api/v1/applications", own, "127.0.0.1", application);
  EXPECT_EQ(filed.status, 201) << filed.body;
}

TEST_P(AuthenticationTest, WrongSecretsAreThrottledWhileAnotherAddressAuthenticates) {
  Limits limits;
  limits.authentication = ThrottleOptions{5, std::chrono::seconds(60), 64};
  const auto router = make_router(api().services(), limits, [](std::string_view) {});
  // Real token ids, wrong secrets.
  const auto& officer = api().token(Role::officer);
  const auto& auditor = api().token(Role::auditor);
  const auto wrong = [](std::string token) {
    token.back() = token.back() == '0' ? '1' : '0';
    return token;
  };
  const std::string storm = "192.0.2.66";
  const std::string other = "192.0.2.77";
  for (int i = 0; i < 5; ++i) {
    const auto refused =
        handle(*router, "GET", "/api/v1/lists", wrong(i % 2 == 0 ? officer : auditor), storm);
    EXPECT_EQ(refused.status, 401) << i;
  }
  const auto throttled = handle(*router, "GET", "/api/v1/lists", wrong(officer), storm);
  ASSERT_EQ(throttled.status, 429) << throttled.body;
  const auto retry = std::stoi(std::string(throttled.headers.value("Retry-After")));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  EXPECT_EQ(throttled.headers.value("Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(throttled.body)["type"], "urn:echri:problem:throttled");
  // A random token id from the storm's address is refused the same way, never looked up.
  EXPECT_EQ(handle(*router, "GET", "/api/v1/lists",
                   "echri_0123456789abcdef_" + std::string(64, 'a'), storm)
                .status,
            429);

  // Another address authenticates as usual, with a token the server has not read yet.
  const auto reader = handle(*router, "GET", "/api/v1/lists", api().token(Role::exporter), other);
  EXPECT_EQ(reader.status, 200) << reader.body;
  // The storm's address with the officer's real token: held in memory (the storm's wrong
  // secrets read it), so it passes; the correct secret of a token the server has never read
  // does not (it would have to be looked up in the database).
  EXPECT_EQ(handle(*router, "GET", "/api/v1/lists", officer, storm).status, 200);
  const auto [user, issued] = enrolled_officer();
  const auto exchanged =
      api().send("POST", "/api/v1/tokens/exchange", issued["token"].get<std::string>());
  ASSERT_EQ(exchanged.status, 201);
  const auto unread = exchanged.json()["token"].get<std::string>();
  EXPECT_EQ(handle(*router, "GET", "/api/v1/lists", unread, storm).status, 429);
  EXPECT_EQ(handle(*router, "GET", "/api/v1/lists", unread, other).status, 200);

  const auto metrics = handle(*router, "GET", "/metrics", auditor, other);
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  EXPECT_NE(metrics.body.find("echri_http_authentication_failures_total 5\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("echri_http_authentication_throttled_total 3\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(R"(route="/api/v1/lists",status="429"})"), std::string::npos);
}

// The same over real connections: the storm from 127.0.0.1, a reader bound to 127.0.0.2.
TEST_P(AuthenticationTest, OverTheNetworkTheServerTellsAddressesApart) {
  Limits limits;
  limits.authentication = ThrottleOptions{3, std::chrono::seconds(60), 64};
  const auto router = make_router(api().services(), limits, [](std::string_view) {});
  auto server = Server::start(*router, any_loopback_port());
  ASSERT_TRUE(server) << server.error().describe();
  const auto port = (*server)->port();
  const auto get_from = [&](const std::string& source, const std::string& token) {
    httplib::Client client("127.0.0.1", port);
    client.set_socket_options([source](socket_t socket) {
      sockaddr_in address{};
      address.sin_family = AF_INET;
      inet_pton(AF_INET, source.c_str(), &address.sin_addr);
      (void)bind(socket, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    });
    return client.Get("/api/v1/lists", {{"Authorization", "Bearer " + token}});
  };
  auto wrong = api().token(Role::officer);
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  for (int i = 0; i < 3; ++i) {
    const auto refused = get_from("127.0.0.1", wrong);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
  }
  const auto throttled = get_from("127.0.0.1", "echri_0123456789abcdef_" + std::string(64, 'b'));
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_TRUE(throttled->has_header("Retry-After"));
  const auto reader = get_from("127.0.0.2", api().token(Role::exporter));
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->status, 200) << reader->body;
  (*server)->stop();
}

TEST_P(AuthenticationTest, ReactivationDoesNotReviveTokens) {
  const auto [user, issued] = enrolled_officer();
  const auto exchanged =
      api().send("POST", "/api/v1/tokens/exchange", issued["token"].get<std::string>());
  ASSERT_EQ(exchanged.status, 201);
  const auto token = exchanged.json()["token"].get<std::string>();
  ASSERT_EQ(api().send("GET", "/api/v1/lists", token).status, 200);
  ASSERT_EQ(
      api()
          .send("PATCH", "/api/v1/users/" + user, api().token(Role::admin), R"({"active": false})")
          .status,
      200);
  expect_problem(api().send("GET", "/api/v1/lists", token), 401);
  ASSERT_EQ(
      api()
          .send("PATCH", "/api/v1/users/" + user, api().token(Role::admin), R"({"active": true})")
          .status,
      200);
  expect_problem(api().send("GET", "/api/v1/lists", token), 401);
  // A new token works.
  const auto again = post("/api/v1/users/" + user + "/tokens", Role::admin, json::object());
  ASSERT_EQ(again.status, 201);
  const auto renewed =
      api().send("POST", "/api/v1/tokens/exchange", again.json()["token"].get<std::string>());
  ASSERT_EQ(renewed.status, 201);
  EXPECT_EQ(api().send("GET", "/api/v1/lists", renewed.json()["token"].get<std::string>()).status,
            200);
}

TEST_P(AuthenticationTest, AnAdminIssuingForThemselvesGetsATokenOfTheirOwn) {
  const auto me = get("/api/v1/me", Role::admin).json()["user"].get<std::string>();
  const auto issued = post("/api/v1/users/" + me + "/tokens", Role::admin, json::object());
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.json()["enrolment"], false);
  const auto token = issued.json()["token"].get<std::string>();
  EXPECT_EQ(api().send("GET", "/api/v1/users", token).status, 200);
  EXPECT_EQ(
      api()
          .send("DELETE", "/api/v1/tokens/" + issued.json()["token_id"].get<std::string>(), token)
          .status,
      204);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthenticationTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace echri::http::testing
