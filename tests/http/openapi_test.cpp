// The OpenAPI document cannot drift from the router: every route is described, with the roles
// the router enforces, and every described operation exists.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "api_fixture.hpp"

namespace echri::http::testing {
namespace {

using nlohmann::json;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

json served_document(const ApiServer& api) {
  const auto reply = api.send("GET", "/api/v1/openapi.json");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
  return json::parse(reply.body);
}

TEST_P(ApiTest, OpenApiDocumentDescribesEveryRouteWithItsRoles) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "the document does not depend on the database";
  const auto document = served_document(api());
  EXPECT_EQ(document["openapi"], "3.1.0");
  EXPECT_EQ(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
  EXPECT_TRUE(document["components"]["schemas"].contains("Problem"));
  const auto& paths = document["paths"];
  for (const auto& route : api().router().routes()) {
    const auto method = lower(to_string(route.method));
    SCOPED_TRACE(method + " " + route.path_template);
    ASSERT_TRUE(paths.contains(route.path_template)) << "path missing from openapi.json";
    ASSERT_TRUE(paths[route.path_template].contains(method)) << "operation missing";
    const auto& operation = paths[route.path_template][method];
    std::set<std::string> documented;
    for (const auto& role : operation.at("x-echri-roles")) documented.insert(role);
    std::set<std::string> enforced;
    for (const auto role : route.access.allowed())
      enforced.insert(std::string(cases::to_string(role)));
    if (!route.access.needs_token()) {
      EXPECT_EQ(operation.at("security"), json::array());
      EXPECT_TRUE(documented.empty());
    } else {
      EXPECT_FALSE(operation.contains("security"));  // the document's default: bearer
      EXPECT_EQ(documented, enforced);
      EXPECT_TRUE(operation["responses"].contains("401"));
      EXPECT_TRUE(operation["responses"].contains("403"));
    }
    EXPECT_EQ(operation.contains("requestBody"), route.body != BodyKind::none);
  }
}

TEST_P(ApiTest, OpenApiDocumentDescribesNoRouteThatDoesNotExist) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "the document does not depend on the database";
  const auto document = served_document(api());
  std::set<std::pair<std::string, std::string>> known;
  for (const auto& route : api().router().routes())
    known.emplace(lower(to_string(route.method)), route.path_template);
  std::set<std::string> operation_ids;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      SCOPED_TRACE(std::string(method).append(" ").append(path));
      EXPECT_TRUE(operation_ids.insert(operation.at("operationId").get<std::string>()).second);
      // The case workflow's routes are registered by http/case_routes.cpp through
      // Services::extra_routes, which this server does not load; its own test checks them.
      const auto& tags = operation.at("tags");
      if (std::find(tags.begin(), tags.end(), "cases") != tags.end()) continue;
      EXPECT_TRUE(known.count({method, path})) << "documented but not routed";
    }
  }
}

TEST(OpenApi, ApplicationSchemaIsTheOneInDocs) {
  auto expected = json::parse(echri::testing::read_file(std::filesystem::path(ECHRI_SOURCE_DIR) /
                                                        "docs/schema/application.schema.json"));
  expected.erase("$schema");
  expected.erase("$id");
  // Inside the OpenAPI document the schema's own references point into components.
  auto text = expected.dump();
  const std::string from = "\"#/$defs/";
  const std::string to = "\"#/components/schemas/Application/$defs/";
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  const auto document = json::parse(openapi_document());
  EXPECT_EQ(document["components"]["schemas"]["Application"], json::parse(text))
      << "data/openapi/openapi.json's Application schema differs from "
         "docs/schema/application.schema.json";
}

}  // namespace
}  // namespace echri::http::testing
