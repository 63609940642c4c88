#pragma once
// Country human-rights indicators and the profile of one country: the latest Political Terror
// Scale and Freedom in the World values, each with its year and source, the authority's own
// assessment layered on top (it wins when present), and warnings when data is stale or missing.
// Pure: country_store.hpp reads and writes the files.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/risk.hpp"
#include "core/country.hpp"

namespace echri::assessment {

// Political Terror Scale, one country-year: levels 1 (secure rule of law) to 5 (terror extends to
// the whole population), coded from three report series; nullopt where a series has no report.
struct PtsRecord {
  std::string country;  // ISO 3166-1 alpha-2
  int year = 0;
  std::optional<int> amnesty;
  std::optional<int> human_rights_watch;
  std::optional<int> state_department;
  // The worst (highest) of the three levels; nullopt when all three are missing.
  [[nodiscard]] std::optional<int> worst() const;
};

// Freedom House, Freedom in the World, one edition (edition N covers the events of year N-1).
struct FiwRecord {
  std::string country;  // ISO 3166-1 alpha-2
  int edition = 0;
  std::string status;               // "F", "PF", "NF"
  int political_rights_rating = 0;  // 1 (best) .. 7
  int civil_liberties_rating = 0;   // 1 (best) .. 7
  // Aggregate scores. The discretionary question on demographic change subtracts up to 4 points
  // from political rights, so both PR and the total can fall below zero.
  std::optional<int> political_rights;  // -4 .. 40
  std::optional<int> civil_liberties;   // 0 .. 60
  std::optional<int> total;             // -4 .. 100
  [[nodiscard]] int data_year() const { return edition - 1; }
};

// The authority's own view of a destination, which overrides the indicators when present.
struct AuthorityAssessment {
  std::string country;  // ISO 3166-1 alpha-2
  RiskLevel level = RiskLevel::medium;
  std::string author;
  std::string date;  // "YYYY-MM-DD"
  std::string reason;
};

// Where one imported data set came from.
struct IndicatorSource {
  std::string id;     // "pts", "fiw", "authority"
  std::string title;  // "Political Terror Scale (PTS)"
  std::string citation;
  std::vector<std::string> files;
  // Of the imported files' bytes, in order; empty once `countries assess` has changed the data.
  std::string sha256;
  std::string imported_at;  // UTC "2026-11-22T10:00:00Z"
  std::size_t records = 0;
  // PTS: years; FIW: editions (edition N covers year N-1); authority: years of the dates.
  int first_year = 0;
  int last_year = 0;
  // Names the file uses that do not resolve to an ISO 3166 country (historical states, disputed
  // territories): their rows are skipped, and listed here once each.
  std::vector<std::string> unresolved;
};

class CountryData {
 public:
  void add_source(IndicatorSource source);  // replaces a source with the same id
  void add(PtsRecord record);
  void add(FiwRecord record);
  void add(AuthorityAssessment assessment);  // replaces the previous one for that country

  [[nodiscard]] const std::vector<IndicatorSource>& sources() const { return sources_; }
  [[nodiscard]] const IndicatorSource* source(std::string_view id) const;
  // Records of one country, by increasing year (edition for FIW).
  [[nodiscard]] std::vector<PtsRecord> pts(std::string_view alpha2) const;
  [[nodiscard]] std::vector<FiwRecord> fiw(std::string_view alpha2) const;
  [[nodiscard]] std::optional<AuthorityAssessment> authority(std::string_view alpha2) const;
  // Every authority assessment, by country code.
  [[nodiscard]] std::vector<AuthorityAssessment> authority_assessments() const;
  [[nodiscard]] bool empty() const;

 private:
  std::vector<IndicatorSource> sources_;
  std::map<std::string, std::vector<PtsRecord>, std::less<>> pts_;
  std::map<std::string, std::vector<FiwRecord>, std::less<>> fiw_;
  std::map<std::string, AuthorityAssessment, std::less<>> authority_;
};

struct CountryProfile {
  core::Country country;
  std::optional<PtsRecord> pts;  // the latest year with at least one level
  std::optional<FiwRecord> fiw;  // the latest edition
  std::optional<AuthorityAssessment> authority;
  std::vector<PtsRecord> pts_history;  // up to the last five years with a level, oldest first
  // Each names the source, the country and the years: "Political Terror Scale is not imported:
  // no value for Egypt (EG)", "no Freedom in the World value for Palestine, State of (PS) in the
  // imported data (2013-2024)", "Political Terror Scale data for Egypt (EG) is from 2022, 4 years
  // before 2026-11-23 (policy: at most 3 years)".
  std::vector<std::string> warnings;
  bool pts_stale = false;
  bool fiw_stale = false;
  std::string as_of;  // the reference date the staleness was judged against
  int max_age_years = 0;
};

// `as_of` is "YYYY-MM-DD"; data older than `max_age_years` before it is flagged stale.
CountryProfile build_profile(const CountryData& data, const core::Country& country,
                             const std::string& as_of, int max_age_years);

}  // namespace echri::assessment
