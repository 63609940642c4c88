#include "assessment/policy.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace echri::assessment {
namespace {

std::string default_policy_text() {
  return testing::read_file(std::filesystem::path(ECHRI_SOURCE_DIR) / "data" / "policy" /
                            "default-policy.toml");
}

// The default policy with one piece of text replaced; the replacement must happen.
std::string edited(const std::string& from, const std::string& to) {
  auto text = default_policy_text();
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "the default policy no longer contains: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

Error error_of(const std::string& text) {
  const auto result = parse_policy(text, "policy.toml", Catalogue::builtin());
  EXPECT_FALSE(result.has_value());
  return result ? Error{} : result.error();
}

std::size_t line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  return static_cast<std::size_t>(
             std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) +
         1;
}

TEST(Policy, TheBuiltInPolicyIsValidAndCitesEveryFamily) {
  const auto& policy = Policy::builtin();
  EXPECT_FALSE(policy.name().empty());
  for (const auto family : factor_families()) {
    EXPECT_FALSE(policy.factor(family).citation.empty()) << family;
  }
  for (const auto trigger : recommendation_triggers()) {
    const auto* rule = policy.rule(trigger);
    ASSERT_NE(rule, nullptr) << trigger;
    EXPECT_FALSE(rule->citation.empty()) << trigger;
  }
  EXPECT_EQ(policy.level_for(0), RiskLevel::low);
  EXPECT_EQ(policy.level_for(policy.level_floor(RiskLevel::medium)), RiskLevel::medium);
  EXPECT_EQ(policy.level_for(policy.level_floor(RiskLevel::high) - 0.1), RiskLevel::medium);
  EXPECT_EQ(policy.level_for(100), RiskLevel::severe);
  EXPECT_EQ(policy.rule("level_severe")->action, Recommendation::deny);
  EXPECT_GT(policy.points("red_flag", "targets_protected_groups"),
            policy.points("red_flag", "payment_in_cash"));
  // A question without its own weight falls back to the family's default.
  EXPECT_EQ(policy.points("red_flag", "packaging_inconsistent"),
            policy.points("red_flag", "default"));
}

TEST(Policy, TheShippedFileParsesFromDiskToo) {
  const auto path = std::filesystem::path(ECHRI_SOURCE_DIR) / "data/policy/default-policy.toml";
  const auto policy = load_policy(path.string(), Catalogue::builtin());
  ASSERT_TRUE(policy) << policy.error().describe();
  EXPECT_EQ(policy->version(), Policy::builtin().version());
}

TEST(Policy, AnAuthorityCanChangeWeightsAndRules) {
  const auto text = edited("trigger = \"level_high\"\naction = \"refer\"",
                           "trigger = \"level_high\"\naction = \"deny\"");
  const auto policy = parse_policy(text, "policy.toml", Catalogue::builtin());
  ASSERT_TRUE(policy) << policy.error().describe();
  EXPECT_EQ(policy->rule("level_high")->action, Recommendation::deny);
}

TEST(Policy, RejectsBadFilesNamingLineAndField) {
  const auto unknown_family = edited("[factors.diversion]", "[factors.astrology]");
  auto error = error_of(unknown_family);
  EXPECT_EQ(error.where,
            "policy.toml:" + std::to_string(line_of(unknown_family, "[factors.astrology]")));
  EXPECT_NE(error.message.find("factors.astrology: unknown factor family"), std::string::npos);

  error = error_of(edited("intelligence = 25, ", ""));
  EXPECT_NE(error.message.find("factors.end_user_type.points.intelligence: required key"),
            std::string::npos);

  error = error_of(edited("customer_reluctant_end_use_info = 8", "paid_in_gold = 8"));
  EXPECT_NE(error.message.find("not a question id"), std::string::npos);

  error = error_of(edited("high = 55", "high = 20"));
  EXPECT_NE(error.message.find("bands must rise"), std::string::npos);

  const auto bad_action = edited("action = \"refer\"", "action = \"shrug\"");
  error = error_of(bad_action);
  EXPECT_NE(error.message.find("unknown recommendation \"shrug\""), std::string::npos);
  EXPECT_EQ(error.where, "policy.toml:" + std::to_string(line_of(bad_action, "\"shrug\"")));

  error = error_of(edited("trigger = \"red_flag\"", "trigger = \"full_moon\""));
  EXPECT_NE(error.message.find("unknown trigger"), std::string::npos);

  error = error_of(edited("max_age_years = 3", "max_age_years = 3\nmood = \"calm\""));
  EXPECT_NE(error.message.find("data.mood: unknown field"), std::string::npos);

  error = error_of(edited("sensitive_from = \"high\"", "sensitive_from = \"spicy\""));
  EXPECT_NE(error.message.find("unknown sensitivity"), std::string::npos);

  error = error_of("[policy\nname = 1");
  EXPECT_EQ(error.where, "policy.toml:1");

  const auto missing = load_policy("/nonexistent/policy.toml", Catalogue::builtin());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::io);
}

}  // namespace
}  // namespace echri::assessment
