#include "assessment/risk.hpp"

#include "core/enum_names.hpp"

namespace echri::assessment {
namespace {

constexpr core::EnumNames<RiskLevel, 4> kLevels{{{RiskLevel::low, "low"},
                                                 {RiskLevel::medium, "medium"},
                                                 {RiskLevel::high, "high"},
                                                 {RiskLevel::severe, "severe"}}};
constexpr core::EnumNames<Recommendation, 5> kRecommendations{
    {{Recommendation::approve, "approve"},
     {Recommendation::approve_with_conditions, "approve_with_conditions"},
     {Recommendation::refer, "refer"},
     {Recommendation::request_information, "request_information"},
     {Recommendation::deny, "deny"}}};
constexpr core::EnumNames<Sensitivity, 5> kSensitivities{{{Sensitivity::none, "none"},
                                                          {Sensitivity::low, "low"},
                                                          {Sensitivity::moderate, "moderate"},
                                                          {Sensitivity::high, "high"},
                                                          {Sensitivity::critical, "critical"}}};

}  // namespace

std::string_view to_string(RiskLevel level) {
  return core::name_of(kLevels, level);
}
std::string_view to_string(Recommendation recommendation) {
  return core::name_of(kRecommendations, recommendation);
}
std::string_view to_string(Sensitivity sensitivity) {
  return core::name_of(kSensitivities, sensitivity);
}
std::optional<RiskLevel> parse_risk_level(std::string_view text) {
  return core::value_of(kLevels, text);
}
std::optional<Recommendation> parse_recommendation(std::string_view text) {
  return core::value_of(kRecommendations, text);
}
std::optional<Sensitivity> parse_sensitivity(std::string_view text) {
  return core::value_of(kSensitivities, text);
}

}  // namespace echri::assessment
