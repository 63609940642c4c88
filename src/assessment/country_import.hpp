#pragma once
// Readers for the country indicator files: the Political Terror Scale CSV, Freedom House's
// Freedom in the World CSV, and the authority's own assessments (JSON). Pure: they take the
// file's bytes; errors name file:line and the column.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/country_data.hpp"
#include "core/result.hpp"

namespace echri::assessment {

enum class CountryFormat { pts_csv, fiw_csv, authority_json };
std::string_view to_string(CountryFormat format);
std::optional<CountryFormat> parse_country_format(std::string_view text);  // "pts-csv", ...

// Recognises a file by its header row (CSV) or top-level keys (JSON).
Result<CountryFormat> detect_country_format(std::string_view content, const std::string& file);

struct ImportedIndicators {
  IndicatorSource source;  // id, title, citation, files, first/last year, records, unresolved
  std::vector<PtsRecord> pts;
  std::vector<FiwRecord> fiw;
  std::vector<AuthorityAssessment> authority;
};

Result<ImportedIndicators> parse_country_file(std::string_view content, const std::string& file,
                                              CountryFormat format);

// The source entry of the authority's layer: its id, title, and the years of the assessments.
IndicatorSource authority_source(const std::vector<AuthorityAssessment>& assessments);

}  // namespace echri::assessment
