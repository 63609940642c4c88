#include "assessment/risk.hpp"

#include <gtest/gtest.h>

namespace echri::assessment {
namespace {

TEST(RiskVocabulary, NamesRoundTripAndOrderMeansSeverity) {
  for (const auto* name : {"low", "medium", "high", "severe"})
    EXPECT_EQ(to_string(*parse_risk_level(name)), name);
  for (const auto* name :
       {"approve", "approve_with_conditions", "refer", "request_information", "deny"})
    EXPECT_EQ(to_string(*parse_recommendation(name)), name);
  for (const auto* name : {"none", "low", "moderate", "high", "critical"})
    EXPECT_EQ(to_string(*parse_sensitivity(name)), name);
  EXPECT_FALSE(parse_risk_level("extreme").has_value());
  // The assessment takes the most restrictive recommendation by comparing values.
  EXPECT_LT(Recommendation::approve, Recommendation::approve_with_conditions);
  EXPECT_LT(Recommendation::refer, Recommendation::request_information);
  EXPECT_LT(Recommendation::request_information, Recommendation::deny);
  EXPECT_LT(Sensitivity::high, Sensitivity::critical);
}

}  // namespace
}  // namespace echri::assessment
