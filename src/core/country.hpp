#pragma once
// ISO 3166-1 countries, and resolution of the many ways lists and indicator files name them.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace echri::core {

struct Country {
  std::string alpha2;   // "DE"
  std::string alpha3;   // "DEU"
  std::string numeric;  // "276"
  std::string name;     // ISO short name, "Germany"
};

// All ISO 3166-1 countries, in the order of the iso-codes table.
std::span<const Country> all_countries();

// Resolves an alpha-2 or alpha-3 code (any case) or a country name as lists and data sets write
// it: "Russian Federation", "Russia", "Korea, North", "Iran (Islamic Republic of)",
// "Congo (Kinshasa)", "Burma", "Côte d'Ivoire"... Returns nullopt when it cannot decide.
std::optional<Country> resolve_country(std::string_view code_or_name);

// Only codes: alpha-2 or alpha-3, any case.
std::optional<Country> country_by_code(std::string_view code);

}  // namespace echri::core
