#pragma once
// The small vocabularies every part of the assessment shares: risk levels, recommendations and
// the human-rights sensitivity classes of items.

#include <optional>
#include <string_view>

namespace echri::assessment {

enum class RiskLevel { low, medium, high, severe };

// Ordered from the least to the most restrictive action on the application.
enum class Recommendation { approve, approve_with_conditions, refer, request_information, deny };

// How much an item can contribute to serious human-rights violations if misused: `critical` for
// intrusion, interception and monitoring centres, down to `none` for items without a plausible
// human-rights use.
enum class Sensitivity { none, low, moderate, high, critical };

std::string_view to_string(RiskLevel level);
std::string_view to_string(Recommendation recommendation);
std::string_view to_string(Sensitivity sensitivity);
std::optional<RiskLevel> parse_risk_level(std::string_view text);
std::optional<Recommendation> parse_recommendation(std::string_view text);
std::optional<Sensitivity> parse_sensitivity(std::string_view text);

}  // namespace echri::assessment
