#pragma once
// Tables of enum values and their names in files and JSON, and the three look-ups every such
// vocabulary needs. Header-only: the tables are constexpr arrays in each module's .cpp.

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace echri::core {

template <class Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// "?" for a value missing from the table: a bug the tests of each vocabulary catch.
template <class Enum, std::size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [candidate, name] : names)
    if (candidate == value) return name;
  return "?";
}

template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const EnumNames<Enum, N>& names, std::string_view text) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::vector<std::string_view> names_of(const EnumNames<Enum, N>& names) {
  std::vector<std::string_view> out;
  out.reserve(N);
  for (const auto& entry : names) out.push_back(entry.second);
  return out;
}

}  // namespace echri::core
