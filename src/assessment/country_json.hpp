#pragma once
// Country data as JSON, with a fixed key order: the profile that `countries show --json` prints
// and the assessment report embeds, and the records and sources the country store writes.

#include <nlohmann/json.hpp>

#include "assessment/country_data.hpp"

namespace echri::assessment {

// {"country": {...}, "as_of", "max_age_years", "basis", "authority", "pts", "pts_history", "fiw",
// "warnings"}; absent values are null. "basis" is "authority" when the authority's assessment
// overrides the indicators, "indicators" when only they are known, "none" when nothing is.
nlohmann::ordered_json to_json(const CountryProfile& profile);
nlohmann::ordered_json to_json(const IndicatorSource& source);
nlohmann::ordered_json to_json(const PtsRecord& record);
nlohmann::ordered_json to_json(const FiwRecord& record);
nlohmann::ordered_json to_json(const AuthorityAssessment& assessment);

}  // namespace echri::assessment
