// What the API refuses in a JSON body beyond the grammar, and where it says the problem is.

#include "http/internal/strict_json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace echri::http::internal {
namespace {

JsonRefusal refusal_of(std::string_view body) {
  auto parsed = parse_strict_json(body, 16);
  EXPECT_FALSE(parsed) << body << " was accepted";
  return parsed ? JsonRefusal{} : parsed.error();
}

TEST(StrictJsonTest, AcceptsWhatTheGrammarAllowsOnce) {
  const auto parsed =
      parse_strict_json(R"({"a": [1, {"b": 2, "c": [3.5, -1e300]}], "d": "ü", "e": {}})", 16);
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*parsed)["a"][1]["b"], 2);
  EXPECT_EQ((*parsed)["d"], "ü");
  // The same key in different objects is no duplicate.
  EXPECT_TRUE(parse_strict_json(R"([{"k": 1}, {"k": 2}, {"k": {"k": 3}}])", 16));
}

TEST(StrictJsonTest, ADuplicateKeyIsNamedWithItsPath) {
  auto refusal = refusal_of(R"({"name": "a", "name": "b"})");
  EXPECT_EQ(refusal.path, "$.name");
  EXPECT_FALSE(refusal.offset);
  EXPECT_NE(refusal.message.find("\"name\""), std::string::npos) << refusal.message;

  refusal = refusal_of(R"({"parties": [{"role": "x"}, {"role": "y", "name": "a", "role": "z"}]})");
  EXPECT_EQ(refusal.path, "$.parties[1].role");
  refusal = refusal_of(R"([[1, 2], {"outer": {"k": 1, "k": 1}}])");
  EXPECT_EQ(refusal.path, "$[1].outer.k");
}

TEST(StrictJsonTest, ANumberBeyondADoubleIsNamedWithItsPath) {
  auto refusal = refusal_of(R"({"threshold": 1e400})");
  EXPECT_EQ(refusal.path, "$.threshold");
  EXPECT_FALSE(refusal.offset);
  refusal = refusal_of(R"({"values": [1, 2, -1e999]})");
  EXPECT_EQ(refusal.path, "$.values[2]");
}

TEST(StrictJsonTest, SyntaxErrorsAndBadUtf8GiveTheirOffset) {
  auto refusal = refusal_of(R"({"a": })");
  ASSERT_TRUE(refusal.offset);
  EXPECT_EQ(*refusal.offset, 6U);
  refusal = refusal_of("{\"a\": \"\xff\"}");
  ASSERT_TRUE(refusal.offset);
  EXPECT_EQ(*refusal.offset, 7U);
  EXPECT_TRUE(refusal.path.empty());
}

TEST(StrictJsonTest, NestingBeyondTheLimitIsRefusedWhole) {
  EXPECT_TRUE(parse_strict_json(std::string(16, '[') + std::string(16, ']'), 16));
  const auto refusal = refusal_of(std::string(17, '[') + std::string(17, ']'));
  EXPECT_FALSE(refusal.offset);
  EXPECT_TRUE(refusal.path.empty());
  // Brackets inside strings do not count.
  EXPECT_TRUE(parse_strict_json("[\"" + std::string(100, '[') + "\"]", 16));
}

}  // namespace
}  // namespace echri::http::internal
