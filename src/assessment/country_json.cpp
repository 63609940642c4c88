#include "assessment/country_json.hpp"

namespace echri::assessment {
namespace {

using nlohmann::ordered_json;

ordered_json optional_int(const std::optional<int>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json country_json(const core::Country& country) {
  return {{"alpha2", country.alpha2}, {"alpha3", country.alpha3}, {"name", country.name}};
}

std::string_view basis_of(const CountryProfile& profile) {
  if (profile.authority) return "authority";
  if (profile.pts || profile.fiw) return "indicators";
  return "none";
}

ordered_json latest_pts(const CountryProfile& profile) {
  if (!profile.pts) return nullptr;
  ordered_json pts = to_json(*profile.pts);
  pts["stale"] = profile.pts_stale;
  return pts;
}

ordered_json latest_fiw(const CountryProfile& profile) {
  if (!profile.fiw) return nullptr;
  ordered_json fiw = to_json(*profile.fiw);
  fiw["stale"] = profile.fiw_stale;
  return fiw;
}

ordered_json authority_json(const CountryProfile& profile) {
  if (!profile.authority) return nullptr;
  ordered_json authority = to_json(*profile.authority);
  authority["overrides_indicators"] = true;
  return authority;
}

}  // namespace

ordered_json to_json(const CountryProfile& profile) {
  ordered_json history = ordered_json::array();
  for (const auto& record : profile.pts_history) history.push_back(to_json(record));
  return {{"country", country_json(profile.country)},
          {"as_of", profile.as_of},
          {"max_age_years", profile.max_age_years},
          {"basis", basis_of(profile)},
          {"authority", authority_json(profile)},
          {"pts", latest_pts(profile)},
          {"pts_history", std::move(history)},
          {"fiw", latest_fiw(profile)},
          {"warnings", profile.warnings}};
}

ordered_json to_json(const IndicatorSource& source) {
  return {{"id", source.id},
          {"title", source.title},
          {"citation", source.citation},
          {"files", source.files},
          {"sha256", source.sha256},
          {"imported_at", source.imported_at},
          {"records", source.records},
          {"first_year", source.first_year},
          {"last_year", source.last_year},
          {"unresolved", source.unresolved}};
}

ordered_json to_json(const PtsRecord& record) {
  return {{"country", record.country},
          {"year", record.year},
          {"amnesty", optional_int(record.amnesty)},
          {"human_rights_watch", optional_int(record.human_rights_watch)},
          {"state_department", optional_int(record.state_department)},
          {"worst", optional_int(record.worst())},
          {"source", "pts"}};
}

ordered_json to_json(const FiwRecord& record) {
  return {{"country", record.country},
          {"edition", record.edition},
          {"data_year", record.data_year()},
          {"status", record.status},
          {"political_rights_rating", record.political_rights_rating},
          {"civil_liberties_rating", record.civil_liberties_rating},
          {"political_rights", optional_int(record.political_rights)},
          {"civil_liberties", optional_int(record.civil_liberties)},
          {"total", optional_int(record.total)},
          {"source", "fiw"}};
}

ordered_json to_json(const AuthorityAssessment& assessment) {
  return {{"country", assessment.country}, {"level", to_string(assessment.level)},
          {"author", assessment.author},   {"date", assessment.date},
          {"reason", assessment.reason},   {"source", "authority"}};
}

}  // namespace echri::assessment
