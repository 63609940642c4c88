// The router and the problem documents without a server: requests are handed to Router::handle.

#include "http/router.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "http/pagination.hpp"
#include "http/problem.hpp"
#include "http/server.hpp"

namespace echri::http {
namespace {

ServerOptions options_for(int port, std::size_t threads) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.threads = threads;
  return options;
}

using cases::Role;
using nlohmann::json;

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : router_(
            [](std::string_view token, cases::TokenLookup) -> Result<cases::Principal> {
              if (token == "officer") return cases::Principal{"olga", Role::officer, "authority"};
              if (token == "exporter") return cases::Principal{"erik", Role::exporter, "northwind"};
              if (token == "down") return fail(ErrorKind::io, "database unreachable");
              return fail(ErrorKind::not_found, "unknown token");
            },
            Limits{64, 128, 8}, [this](std::string_view message) { logged_ += message; }) {}

  Response call(const std::string& method, const std::string& path,
                const std::string& token = "officer", const std::string& body = {},
                const Headers& headers = {}) {
    Request request;
    request.method = method;
    EXPECT_TRUE(parse_target(path, request)) << path;
    request.body = body;
    request.headers = headers;
    if (!token.empty()) request.headers.set("Authorization", "Bearer " + token);
    if (!body.empty() && !request.headers.contains("Content-Type"))
      request.headers.set("Content-Type", "application/json");
    Response response;
    router_.handle(request, response);
    return response;
  }

  static json problem_of(const Response& response) {
    EXPECT_EQ(response.headers.value("Content-Type"), "application/problem+json");
    return json::parse(response.body);
  }

  std::string logged_;
  Router router_;
};

TEST_F(RouterTest, PathParametersQueryAndVersionReachTheHandler) {
  router_.route(Method::put, "/things/{id}/parts/{part}", {Role::officer},
                [](const ApiRequest& request) -> Result<ApiResponse> {
                  return std::move(ApiResponse::json({{"id", request.param("id")},
                                                      {"part", request.param("part")},
                                                      {"missing", request.param("nothing")},
                                                      {"q", request.query("q").value_or("-")},
                                                      {"if_match", request.if_match.value_or(-1)},
                                                      {"body", request.body}})
                                       .with_version(8)
                                       .with_location("/things/x"));
                },
                {BodyKind::json});
  const auto response =
      call("PUT", "/things/a1/parts/b2", "officer", R"({"k": 1})", {{"If-Match", "\"v7\""}});
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = json::parse(response.body);
  EXPECT_EQ(body["id"], "a1");
  EXPECT_EQ(body["part"], "b2");
  EXPECT_EQ(body["missing"], "");
  EXPECT_EQ(body["if_match"], 7);
  EXPECT_EQ(body["body"]["k"], 1);
  EXPECT_EQ(response.headers.value("ETag"), "\"v8\"");
  EXPECT_EQ(response.headers.value("Location"), "/things/x");
  EXPECT_EQ(response.headers.value("Cache-Control"), "no-store");

  for (const auto* bad : {"v7", "W/\"v7\"", "\"v7\", \"v8\"", "\"x\"", "\"v0\""}) {
    SCOPED_TRACE(bad);
    const auto refused = call("PUT", "/things/a/parts/b", "officer", "{}", {{"If-Match", bad}});
    EXPECT_EQ(refused.status, 400);
  }
  EXPECT_EQ(call("PUT", "/things/a/parts/b", "officer", "{}", {{"If-Match", "*"}}).status, 200);
}

TEST_F(RouterTest, HandlerErrorsBecomeProblemsWithTheirStatus) {
  const std::vector<std::pair<ErrorKind, int>> kinds{
      {ErrorKind::not_found, 404}, {ErrorKind::conflict, 409}, {ErrorKind::stale, 412},
      {ErrorKind::forbidden, 403}, {ErrorKind::io, 503},       {ErrorKind::internal, 500}};
  for (const auto& [kind, status] : kinds) {
    router_.route(Method::get, "/fail/" + std::to_string(status), {Role::officer},
                  [kind = kind](const ApiRequest&) -> Result<ApiResponse> {
                    return fail(kind, "secret detail of kind", "");
                  });
    const auto response = call("GET", "/fail/" + std::to_string(status));
    EXPECT_EQ(response.status, status);
    const auto problem = problem_of(response);
    EXPECT_EQ(problem["status"], status);
    EXPECT_EQ(problem["instance"], "/fail/" + std::to_string(status));
    // Internal errors are logged, never shown.
    EXPECT_EQ(problem.value("detail", "").find("secret"),
              status == 500 ? std::string::npos : std::size_t{0});
  }
  EXPECT_NE(logged_.find("secret detail"), std::string::npos);
}

TEST_F(RouterTest, InvalidInputIs400OnTheRequestAnd422InTheBody) {
  router_.route(Method::post, "/in", {Role::officer},
                [](const ApiRequest& request) -> Result<ApiResponse> {
                  const auto where = request.query("where").value_or("");
                  return fail(ErrorKind::invalid_input, "bad", where);
                },
                {BodyKind::json});
  router_.route(Method::get, "/q", {Role::officer}, [](const ApiRequest&) -> Result<ApiResponse> {
    return fail(ErrorKind::invalid_input, "bad", "$.x");
  });
  auto problem = problem_of(call("POST", "/in?where=$.a[0]", "officer", "{}"));
  EXPECT_EQ(problem["status"], 422);
  EXPECT_EQ(problem["errors"][0]["path"], "$.a[0]");
  problem = problem_of(call("POST", "/in?where=query:limit", "officer", "{}"));
  EXPECT_EQ(problem["status"], 400);
  EXPECT_EQ(problem["errors"][0]["parameter"], "limit");
  problem = problem_of(call("POST", "/in", "officer", "{}"));
  EXPECT_EQ(problem["status"], 422);  // a well-formed JSON body with something wrong in it
  problem = problem_of(call("GET", "/q"));
  EXPECT_EQ(problem["status"], 422);  // a JSON path always names a body field
}

TEST_F(RouterTest, StrictJsonAndQueriesAreRefusedNamingTheField) {
  router_.route(Method::post, "/in", {Role::officer},
                [](const ApiRequest&) -> Result<ApiResponse> { return ApiResponse::no_content(); },
                {BodyKind::json});
  auto problem = problem_of(call("POST", "/in", "officer", R"({"a": 1, "a": 2})"));
  EXPECT_EQ(problem["status"], 422);
  EXPECT_EQ(problem["errors"][0]["path"], "$.a");
  problem = problem_of(call("POST", "/in", "officer", R"({"n": 1e400})"));
  EXPECT_EQ(problem["status"], 422);
  EXPECT_EQ(problem["errors"][0]["path"], "$.n");
  problem = problem_of(call("POST", "/in?name=%FF%FE", "officer", "{}"));
  EXPECT_EQ(problem["status"], 400);
  EXPECT_EQ(problem["errors"][0]["parameter"], "name");
  EXPECT_EQ(call("POST", "/in?name=%C3%BC", "officer", "{}").status, 204);
}

TEST_F(RouterTest, ExceptionsAre500WithoutInternals) {
  router_.route(Method::get, "/throws", {Role::officer},
                [](const ApiRequest&) -> Result<ApiResponse> {
                  throw std::runtime_error("password=hunter2");
                });
  router_.route(Method::get, "/throws-anything", {Role::officer},
                [](const ApiRequest&) -> Result<ApiResponse> { throw 42; });
  for (const auto* path : {"/throws", "/throws-anything"}) {
    const auto response = call("GET", path);
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
    EXPECT_EQ(problem_of(response)["type"], "urn:echri:problem:internal");
  }
  EXPECT_NE(logged_.find("hunter2"), std::string::npos);
}

TEST_F(RouterTest, AuthenticationBeforeRolesBeforeBody) {
  router_.route(Method::post, "/officers", {Role::officer},
                [](const ApiRequest& request) -> Result<ApiResponse> {
                  return ApiResponse::json({{"user", request.principal.user}});
                },
                {BodyKind::json});
  EXPECT_EQ(call("POST", "/officers", "", "{").status, 401);
  EXPECT_EQ(call("POST", "/officers", "nobody", "{").status, 401);
  EXPECT_EQ(call("POST", "/officers", "exporter", "{").status, 403);
  EXPECT_EQ(call("POST", "/officers", "down", "{}").status, 503);  // the store, not the token
  EXPECT_EQ(call("POST", "/officers", "officer", "{").status, 400);
  EXPECT_EQ(call("POST", "/officers", "officer", std::string(65, ' ')).status, 413);
  EXPECT_EQ(call("POST", "/officers", "officer", "[[[[[[[[[]]]]]]]]]").status, 400);
  EXPECT_EQ(call("POST", "/officers", "officer", "[[[[[[[[]]]]]]]]").status, 200);
  const auto ok = call("POST", "/officers", "officer", "{}");
  EXPECT_EQ(json::parse(ok.body)["user"], "olga");
}

TEST_F(RouterTest, PublicRoutesNeedNoTokenAndHeadIsGet) {
  router_.route(Method::get, "/open", Access::public_route(),
                [](const ApiRequest&) -> Result<ApiResponse> {
                  return ApiResponse::text("hi", "text/plain");
                });
  EXPECT_EQ(call("GET", "/open", "").status, 200);
  EXPECT_EQ(call("HEAD", "/open", "").status, 200);
  EXPECT_EQ(call("GET", "/open", "").headers.value("Cache-Control"), "");
  EXPECT_EQ(call("POST", "/open", "").status, 405);
}

TEST_F(RouterTest, ARestSegmentTakesTheRemainingPathAndTheFirstRouteRegisteredWins) {
  const auto echo = [](std::string_view tag) {
    return [tag](const ApiRequest& request) -> Result<ApiResponse> {
      return ApiResponse::text(std::string(tag) + ":" + std::string(request.param("path")),
                               "text/plain");
    };
  };
  router_.route(Method::get, "/log/tile/entries/{path...}", {Role::officer}, echo("entries"));
  router_.route(Method::get, "/log/tile/{path...}", Access::public_route(), echo("tile"));
  EXPECT_EQ(call("GET", "/log/tile/0/x001/234.p/5", "").body, "tile:0/x001/234.p/5");
  EXPECT_EQ(call("GET", "/log/tile/entries/007", "officer").body, "entries:007");
  EXPECT_EQ(call("GET", "/log/tile/entries/007", "").status, 401);
  EXPECT_EQ(call("GET", "/log/tile", "").status, 404);       // one segment at least
  EXPECT_EQ(call("GET", "/log/tile/0//1", "").status, 404);  // empty segments match nothing
  EXPECT_THROW(router_.route(Method::get, "/x/{rest...}/y", {Role::officer}, echo("x")),
               std::logic_error);
}

TEST_F(RouterTest, DocumentsHaveTheirOwnLimit) {
  router_.route(Method::post, "/documents", {Role::officer},
                [](const ApiRequest& request) -> Result<ApiResponse> {
                  return ApiResponse::json({{"size", request.raw_body().size()}}, 201);
                },
                {BodyKind::bytes});
  EXPECT_EQ(call("POST", "/documents", "officer", std::string(100, 'x'),
                 {{"Content-Type", "application/pdf"}})
                .status,
            201);
  EXPECT_EQ(call("POST", "/documents", "officer", std::string(129, 'x'),
                 {{"Content-Type", "application/pdf"}})
                .status,
            413);
}

TEST_F(RouterTest, PlacementSaysWhereTheHandlerRuns) {
  const auto handler = [](const ApiRequest&) -> Result<ApiResponse> {
    return ApiResponse::no_content();
  };
  router_.route(Method::get, "/read", {Role::officer}, handler);
  router_.route(Method::post, "/write", {Role::officer}, handler, {BodyKind::json});
  router_.route(Method::get, "/walk", {Role::officer}, handler, {.placement = Placement::worker});
  router_.route(
      Method::post, "/one", {Role::officer}, handler,
      {.body = BodyKind::json, .placement = Placement::inline_when_small, .inline_body = 16});
  const auto admitted = [this](const std::string& method, const std::string& path) {
    Request request;
    request.method = method;
    EXPECT_TRUE(parse_target(path, request));
    request.headers.set("Authorization", "Bearer officer");
    auto verdict = router_.check_head(request, std::nullopt);
    EXPECT_FALSE(verdict.refusal) << method << " " << path;
    return std::move(verdict.admission);
  };
  EXPECT_TRUE(admitted("GET", "/read").runs_inline(0));
  EXPECT_TRUE(admitted("HEAD", "/read").runs_inline(0));
  EXPECT_FALSE(admitted("POST", "/write").runs_inline(0));
  EXPECT_FALSE(admitted("GET", "/walk").runs_inline(0));
  EXPECT_TRUE(admitted("POST", "/one").runs_inline(16));
  EXPECT_FALSE(admitted("POST", "/one").runs_inline(17));
  EXPECT_FALSE(Router::Admission().runs_inline(0));
}

TEST_F(RouterTest, DuplicateRoutesAreABug) {
  const auto handler = [](const ApiRequest&) -> Result<ApiResponse> {
    return ApiResponse::no_content();
  };
  router_.route(Method::get, "/x/{id}", {Role::officer}, handler);
  EXPECT_THROW(router_.route(Method::get, "/x/{id}", {Role::officer}, handler), std::logic_error);
  EXPECT_THROW(router_.route(Method::get, "relative", {Role::officer}, handler), std::logic_error);
  EXPECT_EQ(call("GET", "/x/1").status, 204);
  EXPECT_EQ(router_.routes().size(), 1U);
}

TEST(Problem, KindsMapToStatuses) {
  EXPECT_EQ(status_for(ErrorKind::invalid_input, false), 400);
  EXPECT_EQ(status_for(ErrorKind::invalid_input, true), 422);
  EXPECT_EQ(status_for(ErrorKind::stale, false), 412);
  EXPECT_EQ(status_for(ErrorKind::forbidden, false), 403);
  const auto unauthorised = unauthorized("/x", true);
  EXPECT_EQ(unauthorised.status, 401);
  ASSERT_EQ(unauthorised.headers.size(), 1U);
  EXPECT_EQ(unauthorised.headers[0].first, "WWW-Authenticate");
  const auto text = json::parse(for_status(414, "/long").to_json());
  EXPECT_EQ(text["type"], "about:blank");
  EXPECT_EQ(text["title"], "URI Too Long");
  // Bytes that are not UTF-8 in a message do not break the document.
  const auto odd = problem_from(Error{ErrorKind::not_found, "no \xff", ""}, false, "/");
  EXPECT_TRUE(json::accept(odd.to_json()));
}

TEST(Problem, JsonSyntaxErrorsHaveLineAndColumn) {
  const auto problem = malformed_json("/x", "[1,\n 2,\n x]", 9, "syntax error");
  ASSERT_EQ(problem.errors.size(), 1U);
  EXPECT_EQ(problem.errors[0].line, 3U);
  EXPECT_EQ(problem.errors[0].column, 2U);
  EXPECT_EQ(problem.errors[0].offset, 9U);
}

TEST(Etag, RoundTrips) {
  EXPECT_EQ(etag_for(12), "\"v12\"");
  EXPECT_EQ(version_from_etag("\"v12\""), 12);
  EXPECT_EQ(version_from_etag(" \"v3\" "), 3);
  EXPECT_FALSE(version_from_etag("W/\"v3\""));
  EXPECT_FALSE(version_from_etag("\"v\""));
  EXPECT_FALSE(version_from_etag("\"v99999999999999999999\""));
}

TEST(ListenAddress, Parses) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:8080"),
            (std::pair<std::string, int>{"127.0.0.1", 8080}));
  EXPECT_EQ(parse_listen_address("[::1]:0"), (std::pair<std::string, int>{"::1", 0}));
  EXPECT_EQ(parse_listen_address(":9000"), (std::pair<std::string, int>{"0.0.0.0", 9000}));
  EXPECT_FALSE(parse_listen_address("localhost"));
  EXPECT_FALSE(parse_listen_address("localhost:http"));
  EXPECT_FALSE(parse_listen_address("localhost:70000"));
}

TEST(Server, ServesAndStops) {
  Router router([](std::string_view, cases::TokenLookup) -> Result<cases::Principal> {
    return fail(ErrorKind::not_found, "none");
  });
  router.route(Method::get, "/ping", Access::public_route(),
               [](const ApiRequest&) -> Result<ApiResponse> {
                 return ApiResponse::text("pong", "text/plain");
               });
  auto server = Server::start(router, options_for(0, 4));
  ASSERT_TRUE(server) << server.error().describe();
  EXPECT_GT((*server)->port(), 0);
  httplib::Client client("127.0.0.1", (*server)->port());
  auto pong = client.Get("/ping");
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->body, "pong");
  // The port is taken now.
  auto taken = Server::start(router, options_for((*server)->port(), 2));
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, ErrorKind::io);
  (*server)->stop();
  (*server)->stop();  // idempotent
  EXPECT_FALSE(client.Get("/ping"));
}

}  // namespace
}  // namespace echri::http
