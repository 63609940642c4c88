#include "assessment/country_data.hpp"

#include <algorithm>
#include <charconv>

#include "core/calendar.hpp"

namespace echri::assessment {
namespace {

constexpr std::string_view kPtsName = "Political Terror Scale";
constexpr std::string_view kFiwName = "Freedom in the World";

// Sources appear in a fixed order (indicators first, then the authority's layer), whatever order
// they were imported in.
int source_rank(std::string_view id) {
  if (id == "pts") return 0;
  if (id == "fiw") return 1;
  if (id == "authority") return 2;
  return 3;
}

// Inserts keeping the records ordered by `key`; a record for a year already held replaces it.
template <class Record, class Key>
void insert_ordered(std::vector<Record>& records, Record record, Key key) {
  if (records.empty() || key(records.back()) < key(record)) {
    records.push_back(std::move(record));
    return;
  }
  const auto at =
      std::lower_bound(records.begin(), records.end(), key(record),
                       [&](const Record& held, int value) { return key(held) < value; });
  if (at != records.end() && key(*at) == key(record))
    *at = std::move(record);
  else
    records.insert(at, std::move(record));
}

template <class Record>
std::vector<Record> records_of(
    const std::map<std::string, std::vector<Record>, std::less<>>& records,
    std::string_view alpha2) {
  const auto found = records.find(alpha2);
  return found == records.end() ? std::vector<Record>{} : found->second;
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> year_of(std::string_view date) {
  if (!core::is_calendar_date(date)) return std::nullopt;
  return parse_int(date.substr(0, 4));
}

std::string label(const core::Country& country) {
  return country.name + " (" + country.alpha2 + ")";
}

std::string years_text(int years) {
  return std::to_string(years) + (years == 1 ? " year" : " years");
}

std::string range_text(const IndicatorSource& source) {
  if (source.first_year == 0) return "";
  return " (" + std::to_string(source.first_year) + "-" + std::to_string(source.last_year) + ")";
}

// The latest year of the country that has at least one of the three levels.
std::optional<PtsRecord> latest_with_level(const std::vector<PtsRecord>& records) {
  const auto found = std::find_if(records.rbegin(), records.rend(),
                                  [](const PtsRecord& r) { return r.worst().has_value(); });
  if (found == records.rend()) return std::nullopt;
  return *found;
}

std::vector<PtsRecord> recent_history(const std::vector<PtsRecord>& records) {
  constexpr std::size_t kHistoryYears = 5;
  std::vector<PtsRecord> history;
  for (auto it = records.rbegin(); it != records.rend() && history.size() < kHistoryYears; ++it)
    if (it->worst()) history.push_back(*it);
  std::reverse(history.begin(), history.end());
  return history;
}

std::string missing_warning(std::string_view source_name, const IndicatorSource* source,
                            const core::Country& country) {
  if (source == nullptr)
    return std::string(source_name) + " is not imported: no value for " + label(country);
  return "no " + std::string(source_name) + " value for " + label(country) +
         " in the imported data" + range_text(*source);
}

// Data more than `max_age` years before the reference year is stale: the situation it describes
// may have changed since, and the officer has to know before relying on it.
bool is_stale(int data_year, std::optional<int> as_of_year, int max_age) {
  return as_of_year && *as_of_year - data_year > max_age;
}

std::string stale_warning(std::string_view source_name, const core::Country& country,
                          std::string_view year_text, int data_year, const CountryProfile& profile,
                          int as_of_year) {
  return std::string(source_name) + " data for " + label(country) + " is from " +
         std::string(year_text) + ", " + years_text(as_of_year - data_year) + " before " +
         profile.as_of + " (policy: at most " + years_text(profile.max_age_years) + ")";
}

void judge_pts(CountryProfile& profile, const IndicatorSource* source,
               std::optional<int> as_of_year) {
  if (!profile.pts) {
    profile.warnings.push_back(missing_warning(kPtsName, source, profile.country));
    return;
  }
  const int year = profile.pts->year;
  profile.pts_stale = is_stale(year, as_of_year, profile.max_age_years);
  if (profile.pts_stale)
    profile.warnings.push_back(
        stale_warning(kPtsName, profile.country, std::to_string(year), year, profile, *as_of_year));
}

void judge_fiw(CountryProfile& profile, const IndicatorSource* source,
               std::optional<int> as_of_year) {
  if (!profile.fiw) {
    profile.warnings.push_back(missing_warning(kFiwName, source, profile.country));
    return;
  }
  const int year = profile.fiw->data_year();
  profile.fiw_stale = is_stale(year, as_of_year, profile.max_age_years);
  if (profile.fiw_stale) {
    const std::string when =
        std::to_string(year) + " (" + std::to_string(profile.fiw->edition) + " edition)";
    profile.warnings.push_back(
        stale_warning(kFiwName, profile.country, when, year, profile, *as_of_year));
  }
}

}  // namespace

std::optional<int> PtsRecord::worst() const {
  std::optional<int> worst;
  for (const auto& level : {amnesty, human_rights_watch, state_department})
    if (level && (!worst || *level > *worst)) worst = level;
  return worst;
}

void CountryData::add_source(IndicatorSource source) {
  const auto same = std::find_if(sources_.begin(), sources_.end(),
                                 [&](const IndicatorSource& held) { return held.id == source.id; });
  if (same != sources_.end())
    *same = std::move(source);
  else
    sources_.push_back(std::move(source));
  std::stable_sort(sources_.begin(), sources_.end(), [](const auto& a, const auto& b) {
    return source_rank(a.id) < source_rank(b.id);
  });
}

void CountryData::add(PtsRecord record) {
  auto& records = pts_[record.country];
  insert_ordered(records, std::move(record), [](const PtsRecord& r) { return r.year; });
}

void CountryData::add(FiwRecord record) {
  auto& records = fiw_[record.country];
  insert_ordered(records, std::move(record), [](const FiwRecord& r) { return r.edition; });
}

void CountryData::add(AuthorityAssessment assessment) {
  const std::string country = assessment.country;
  authority_.insert_or_assign(country, std::move(assessment));
}

const IndicatorSource* CountryData::source(std::string_view id) const {
  const auto found = std::find_if(sources_.begin(), sources_.end(),
                                  [&](const IndicatorSource& held) { return held.id == id; });
  return found == sources_.end() ? nullptr : &*found;
}

std::vector<PtsRecord> CountryData::pts(std::string_view alpha2) const {
  return records_of(pts_, alpha2);
}

std::vector<FiwRecord> CountryData::fiw(std::string_view alpha2) const {
  return records_of(fiw_, alpha2);
}

std::optional<AuthorityAssessment> CountryData::authority(std::string_view alpha2) const {
  const auto found = authority_.find(alpha2);
  if (found == authority_.end()) return std::nullopt;
  return found->second;
}

std::vector<AuthorityAssessment> CountryData::authority_assessments() const {
  std::vector<AuthorityAssessment> assessments;
  assessments.reserve(authority_.size());
  for (const auto& [country, assessment] : authority_) assessments.push_back(assessment);
  return assessments;
}

bool CountryData::empty() const {
  return sources_.empty() && pts_.empty() && fiw_.empty() && authority_.empty();
}

CountryProfile build_profile(const CountryData& data, const core::Country& country,
                             const std::string& as_of, int max_age_years) {
  CountryProfile profile;
  profile.country = country;
  profile.as_of = as_of;
  profile.max_age_years = max_age_years;
  const auto pts = data.pts(country.alpha2);
  profile.pts = latest_with_level(pts);
  profile.pts_history = recent_history(pts);
  const auto fiw = data.fiw(country.alpha2);
  if (!fiw.empty()) profile.fiw = fiw.back();
  profile.authority = data.authority(country.alpha2);

  const auto as_of_year = year_of(as_of);
  if (!as_of_year)
    profile.warnings.push_back("cannot judge whether the data is stale: the reference date '" +
                               as_of + "' is not YYYY-MM-DD");
  judge_pts(profile, data.source("pts"), as_of_year);
  judge_fiw(profile, data.source("fiw"), as_of_year);
  return profile;
}

}  // namespace echri::assessment
