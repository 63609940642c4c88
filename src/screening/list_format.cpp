#include "screening/list_format.hpp"

#include <array>
#include <utility>

namespace echri::screening {
namespace {

constexpr std::array<std::pair<ListFormat, std::string_view>, 8> kFormatNames{{
    {ListFormat::auto_detect, "auto"},
    {ListFormat::ofac_csv, "ofac-csv"},
    {ListFormat::csl_csv, "csl-csv"},
    {ListFormat::csl_json, "csl-json"},
    {ListFormat::un_xml, "un-xml"},
    {ListFormat::eu_xml, "eu-xml"},
    {ListFormat::uk_csv, "uk-csv"},
    {ListFormat::dpl_tsv, "dpl-tsv"},
}};

}  // namespace

std::string_view to_string(ListFormat format) {
  for (const auto& [value, name] : kFormatNames)
    if (value == format) return name;
  return "auto";
}

std::optional<ListFormat> parse_list_format(std::string_view name) {
  for (const auto& [value, known] : kFormatNames)
    if (known == name) return value;
  return std::nullopt;
}

}  // namespace echri::screening
