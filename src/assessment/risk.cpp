#include "assessment/risk.hpp"

#include <array>
#include <utility>

namespace echri::assessment {
namespace {

template <class Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<RiskLevel, 4> kLevels{{{RiskLevel::low, "low"},
                                       {RiskLevel::medium, "medium"},
                                       {RiskLevel::high, "high"},
                                       {RiskLevel::severe, "severe"}}};
constexpr Names<Recommendation, 5> kRecommendations{
    {{Recommendation::approve, "approve"},
     {Recommendation::approve_with_conditions, "approve_with_conditions"},
     {Recommendation::refer, "refer"},
     {Recommendation::request_information, "request_information"},
     {Recommendation::deny, "deny"}}};
constexpr Names<Sensitivity, 5> kSensitivities{{{Sensitivity::none, "none"},
                                                {Sensitivity::low, "low"},
                                                {Sensitivity::moderate, "moderate"},
                                                {Sensitivity::high, "high"},
                                                {Sensitivity::critical, "critical"}}};

template <class Enum, std::size_t N>
std::string_view name_of(const Names<Enum, N>& names, Enum value) {
  for (const auto& [candidate, name] : names)
    if (candidate == value) return name;
  return "?";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const Names<Enum, N>& names, std::string_view text) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(RiskLevel level) {
  return name_of(kLevels, level);
}
std::string_view to_string(Recommendation recommendation) {
  return name_of(kRecommendations, recommendation);
}
std::string_view to_string(Sensitivity sensitivity) {
  return name_of(kSensitivities, sensitivity);
}
std::optional<RiskLevel> parse_risk_level(std::string_view text) {
  return value_of(kLevels, text);
}
std::optional<Recommendation> parse_recommendation(std::string_view text) {
  return value_of(kRecommendations, text);
}
std::optional<Sensitivity> parse_sensitivity(std::string_view text) {
  return value_of(kSensitivities, text);
}

}  // namespace echri::assessment
