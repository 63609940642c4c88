#include "assessment/country_data.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "assessment/country_import.hpp"
#include "assessment/country_json.hpp"
#include "assessment/country_store.hpp"
#include "support/test_support.hpp"

namespace echri::assessment {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

core::Country country(std::string_view code) {
  return *core::country_by_code(code);
}

PtsRecord pts(std::string code, int year, std::optional<int> amnesty, std::optional<int> hrw,
              std::optional<int> state) {
  return PtsRecord{std::move(code), year, amnesty, hrw, state};
}

FiwRecord fiw(std::string code, int edition, std::string status = "NF") {
  FiwRecord record;
  record.country = std::move(code);
  record.edition = edition;
  record.status = std::move(status);
  record.political_rights_rating = 6;
  record.civil_liberties_rating = 5;
  record.political_rights = 6;
  record.civil_liberties = 12;
  record.total = 18;
  return record;
}

IndicatorSource source(std::string id, int first, int last) {
  IndicatorSource s;
  s.id = std::move(id);
  s.title = s.id + " title";
  s.first_year = first;
  s.last_year = last;
  return s;
}

AuthorityAssessment authority(std::string code, RiskLevel level, std::string date = "2026-03-01") {
  return AuthorityAssessment{std::move(code), level, "Fictional Officer", std::move(date),
                             "FICTIONAL: for the test"};
}

std::vector<int> years(const std::vector<PtsRecord>& records) {
  std::vector<int> out;
  out.reserve(records.size());
  for (const auto& record : records) out.push_back(record.year);
  return out;
}

// ---- records and CountryData -----------------------------------------------------------------

TEST(PtsRecord, WorstIsTheHighestReportedLevel) {
  EXPECT_EQ(pts("EG", 2023, 2, std::nullopt, 4).worst(), 4);
  EXPECT_EQ(pts("EG", 2023, std::nullopt, 3, std::nullopt).worst(), 3);
  EXPECT_EQ(pts("EG", 2023, std::nullopt, std::nullopt, std::nullopt).worst(), std::nullopt);
}

TEST(FiwRecord, DataYearIsTheYearBeforeTheEdition) {
  EXPECT_EQ(fiw("EG", 2024).data_year(), 2023);
}

TEST(CountryData, KeepsRecordsInYearOrderAndReplacesAYear) {
  CountryData data;
  data.add(pts("EG", 2022, 3, 3, 3));
  data.add(pts("EG", 2020, 1, 1, 1));
  data.add(pts("EG", 2023, 4, 4, 4));
  data.add(pts("EG", 2021, 2, 2, 2));
  data.add(pts("EG", 2022, 5, 5, 5));  // a correction
  const auto records = data.pts("EG");
  EXPECT_THAT(years(records), ElementsAre(2020, 2021, 2022, 2023));
  EXPECT_EQ(records[2].worst(), 5);
  EXPECT_TRUE(data.pts("SA").empty());

  data.add(fiw("EG", 2024));
  data.add(fiw("EG", 2013));
  const auto editions = data.fiw("EG");
  ASSERT_EQ(editions.size(), 2u);
  EXPECT_EQ(editions[0].edition, 2013);
  EXPECT_EQ(editions[1].edition, 2024);
}

TEST(CountryData, OneAuthorityAssessmentPerCountry) {
  CountryData data;
  EXPECT_TRUE(data.empty());
  data.add(authority("EG", RiskLevel::medium));
  data.add(authority("SA", RiskLevel::high));
  data.add(authority("EG", RiskLevel::severe, "2026-04-01"));
  ASSERT_TRUE(data.authority("EG"));
  EXPECT_EQ(data.authority("EG")->level, RiskLevel::severe);
  EXPECT_EQ(data.authority("EG")->date, "2026-04-01");
  EXPECT_FALSE(data.authority("NO"));
  const auto all = data.authority_assessments();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].country, "EG");
  EXPECT_EQ(all[1].country, "SA");
  EXPECT_FALSE(data.empty());
}

TEST(CountryData, SourcesAreReplacedByIdAndKeptInAFixedOrder) {
  CountryData data;
  data.add_source(source("authority", 2026, 2026));
  data.add_source(source("fiw", 2013, 2024));
  data.add_source(source("pts", 1976, 2022));
  data.add_source(source("pts", 1976, 2023));
  ASSERT_EQ(data.sources().size(), 3u);
  EXPECT_EQ(data.sources()[0].id, "pts");
  EXPECT_EQ(data.sources()[1].id, "fiw");
  EXPECT_EQ(data.sources()[2].id, "authority");
  ASSERT_NE(data.source("pts"), nullptr);
  EXPECT_EQ(data.source("pts")->last_year, 2023);
  EXPECT_EQ(data.source("nope"), nullptr);
}

// ---- build_profile ---------------------------------------------------------------------------

class Profile : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.add_source(source("pts", 2015, 2023));
    data_.add_source(source("fiw", 2020, 2024));
    for (int year = 2015; year <= 2022; ++year) data_.add(pts("EG", year, 2, 3, year % 5 + 1));
    // The latest year has no report at all.
    data_.add(pts("EG", 2023, std::nullopt, std::nullopt, std::nullopt));
    data_.add(fiw("EG", 2023, "PF"));
    data_.add(fiw("EG", 2024, "NF"));
  }
  CountryData data_;
};

TEST_F(Profile, TakesTheLatestYearWithALevelAndTheLatestEdition) {
  const auto profile = build_profile(data_, country("EG"), "2025-06-01", 3);
  EXPECT_EQ(profile.country.alpha2, "EG");
  ASSERT_TRUE(profile.pts);
  EXPECT_EQ(profile.pts->year, 2022);
  ASSERT_TRUE(profile.fiw);
  EXPECT_EQ(profile.fiw->edition, 2024);
  EXPECT_EQ(profile.fiw->status, "NF");
  EXPECT_FALSE(profile.authority);
  EXPECT_FALSE(profile.pts_stale);
  EXPECT_FALSE(profile.fiw_stale);
  EXPECT_TRUE(profile.warnings.empty()) << profile.warnings.front();
  EXPECT_EQ(profile.as_of, "2025-06-01");
  EXPECT_EQ(profile.max_age_years, 3);
}

TEST_F(Profile, HistoryIsTheLastFiveYearsWithALevelOldestFirst) {
  const auto profile = build_profile(data_, country("EG"), "2025-06-01", 3);
  EXPECT_THAT(years(profile.pts_history), ElementsAre(2018, 2019, 2020, 2021, 2022));

  CountryData short_history;
  short_history.add(pts("NO", 2021, 1, std::nullopt, 1));
  short_history.add(pts("NO", 2022, std::nullopt, std::nullopt, std::nullopt));
  short_history.add(pts("NO", 2023, 2, 2, 2));
  EXPECT_THAT(years(build_profile(short_history, country("NO"), "2024-01-01", 3).pts_history),
              ElementsAre(2021, 2023));
}

TEST_F(Profile, DataOlderThanTheLimitIsStaleWithASpecificWarning) {
  // PTS 2022 and FIW 2024 (events of 2023), judged in 2026 with a limit of 3 years.
  const auto profile = build_profile(data_, country("EG"), "2026-11-23", 3);
  EXPECT_TRUE(profile.pts_stale);
  EXPECT_FALSE(profile.fiw_stale);
  EXPECT_THAT(profile.warnings,
              ElementsAre("Political Terror Scale data for Egypt (EG) is from 2022, 4 years "
                          "before 2026-11-23 (policy: at most 3 years)"));
}

TEST_F(Profile, FreedomInTheWorldAgeCountsFromItsDataYear) {
  // Edition 2024 covers 2023: 4 years before 2027, although the edition is only 3 years old.
  const auto profile = build_profile(data_, country("EG"), "2027-01-01", 3);
  EXPECT_TRUE(profile.fiw_stale);
  EXPECT_THAT(profile.warnings,
              ::testing::Contains("Freedom in the World data for Egypt (EG) is from 2023 (2024 "
                                  "edition), 4 years before 2027-01-01 (policy: at most 3 years)"));
}

TEST_F(Profile, TheLimitItselfIsNotStale) {
  const auto profile = build_profile(data_, country("EG"), "2025-12-31", 3);
  EXPECT_FALSE(profile.pts_stale);  // 2022 is 3 years before 2025
  const auto one_year = build_profile(data_, country("EG"), "2024-01-01", 1);
  EXPECT_TRUE(one_year.pts_stale);   // 2 years
  EXPECT_FALSE(one_year.fiw_stale);  // 1 year
  EXPECT_THAT(one_year.warnings, ElementsAre(HasSubstr("2 years before 2024-01-01 (policy: at "
                                                       "most 1 year)")));
}

TEST_F(Profile, MissingSourcesAndMissingCountriesAreTold) {
  const auto no_country = build_profile(data_, country("NO"), "2025-01-01", 3);
  EXPECT_FALSE(no_country.pts);
  EXPECT_FALSE(no_country.fiw);
  EXPECT_TRUE(no_country.pts_history.empty());
  EXPECT_THAT(no_country.warnings,
              ElementsAre("no Political Terror Scale value for Norway (NO) in the imported data "
                          "(2015-2023)",
                          "no Freedom in the World value for Norway (NO) in the imported data "
                          "(2020-2024)"));

  const CountryData nothing;
  EXPECT_THAT(build_profile(nothing, country("EG"), "2025-01-01", 3).warnings,
              ElementsAre("Political Terror Scale is not imported: no value for Egypt (EG)",
                          "Freedom in the World is not imported: no value for Egypt (EG)"));
}

TEST_F(Profile, CarriesTheAuthorityAssessment) {
  data_.add(authority("EG", RiskLevel::severe));
  const auto profile = build_profile(data_, country("EG"), "2025-06-01", 3);
  ASSERT_TRUE(profile.authority);
  EXPECT_EQ(profile.authority->level, RiskLevel::severe);
  EXPECT_EQ(profile.authority->author, "Fictional Officer");
  // The indicators stay in the profile: the officer sees what the assessment overrides.
  EXPECT_TRUE(profile.pts);
}

TEST_F(Profile, AnUnreadableReferenceDateIsAWarningNotAStaleFlag) {
  const auto profile = build_profile(data_, country("EG"), "yesterday", 3);
  EXPECT_FALSE(profile.pts_stale);
  EXPECT_FALSE(profile.fiw_stale);
  EXPECT_THAT(profile.warnings, ElementsAre("cannot judge whether the data is stale: the "
                                            "reference date 'yesterday' is not YYYY-MM-DD"));
}

// ---- JSON ------------------------------------------------------------------------------------

TEST_F(Profile, JsonHasAFixedShape) {
  data_.add(authority("EG", RiskLevel::high));
  const auto json = to_json(build_profile(data_, country("EG"), "2026-11-23", 3));
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  EXPECT_THAT(keys, ElementsAre("country", "as_of", "max_age_years", "basis", "authority", "pts",
                                "pts_history", "fiw", "warnings"));
  EXPECT_EQ(json["country"]["alpha3"], "EGY");
  EXPECT_EQ(json["basis"], "authority");
  EXPECT_EQ(json["authority"]["level"], "high");
  EXPECT_EQ(json["authority"]["overrides_indicators"], true);
  EXPECT_EQ(json["pts"]["year"], 2022);
  EXPECT_EQ(json["pts"]["stale"], true);
  EXPECT_EQ(json["pts"]["worst"], 3);
  EXPECT_TRUE(json["pts_history"][0]["amnesty"].is_number());
  EXPECT_EQ(json["fiw"]["edition"], 2024);
  EXPECT_EQ(json["fiw"]["data_year"], 2023);
  EXPECT_EQ(json["fiw"]["source"], "fiw");
  EXPECT_EQ(json["warnings"].size(), 1u);

  const auto empty = to_json(build_profile(CountryData{}, country("NO"), "2026-11-23", 3));
  EXPECT_EQ(empty["basis"], "none");
  EXPECT_TRUE(empty["pts"].is_null());
  EXPECT_TRUE(empty["authority"].is_null());
  EXPECT_TRUE(empty["pts_history"].is_array());
}

TEST(CountryJson, NullForAMissingLevel) {
  const auto json = to_json(pts("EG", 2023, std::nullopt, 4, std::nullopt));
  EXPECT_TRUE(json["amnesty"].is_null());
  EXPECT_EQ(json["human_rights_watch"], 4);
  EXPECT_EQ(json["worst"], 4);
}

// ---- the store -------------------------------------------------------------------------------

ImportedIndicators fixture_import(const std::string& name, CountryFormat format) {
  const auto path = echri::testing::fixtures_dir() / "countries" / name;
  auto imported =
      parse_country_file(echri::testing::read_file(path), path.filename().string(), format);
  EXPECT_TRUE(imported) << imported.error().describe();
  return *imported;
}

class Store : public ::testing::Test {
 protected:
  echri::testing::TempDir dir_;
  CountryStore store_{dir_.path()};
};

TEST_F(Store, NothingImportedIsEmptyData) {
  const auto data = store_.load();
  ASSERT_TRUE(data) << data.error().describe();
  EXPECT_TRUE(data->empty());
}

TEST_F(Store, SavedSourcesLoadBackWithTheirRecords) {
  const auto pts_import = fixture_import("pts_small.csv", CountryFormat::pts_csv);
  const auto fiw_import = fixture_import("fiw_small.csv", CountryFormat::fiw_csv);
  const auto saved = store_.save_all({pts_import, fiw_import});
  ASSERT_TRUE(saved) << saved.error().describe();
  ASSERT_EQ(saved->size(), 2u);
  EXPECT_FALSE((*saved)[0].imported_at.empty());
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "countries" / "pts.json"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "countries" / "fiw.json"));

  const auto data = store_.load();
  ASSERT_TRUE(data) << data.error().describe();
  ASSERT_NE(data->source("pts"), nullptr);
  const auto& pts_source = *data->source("pts");
  EXPECT_EQ(pts_source.records, 10u);
  EXPECT_EQ(pts_source.sha256, pts_import.source.sha256);
  EXPECT_EQ(pts_source.imported_at, (*saved)[0].imported_at);
  EXPECT_THAT(pts_source.unresolved, ElementsAre("Soviet Union", "Narnia"));
  EXPECT_THAT(years(data->pts("EG")), ElementsAre(2019, 2020, 2021, 2022, 2023));
  EXPECT_EQ(data->pts("EG")[2].human_rights_watch, std::nullopt);
  EXPECT_EQ(data->pts("EG")[2].amnesty, 3);
  ASSERT_EQ(data->fiw("EG").size(), 2u);
  EXPECT_EQ(data->fiw("EG")[1].total, 33);
  EXPECT_EQ(data->fiw("HK").size(), 1u);
}

TEST_F(Store, SetAuthorityMergesIntoTheStoredAssessments) {
  ASSERT_TRUE(store_.save(fixture_import("authority.json", CountryFormat::authority_json)));
  ASSERT_TRUE(store_.set_authority(authority("EG", RiskLevel::severe, "2026-05-05")));
  ASSERT_TRUE(store_.set_authority(authority("SA", RiskLevel::high)));
  const auto data = store_.load();
  ASSERT_TRUE(data) << data.error().describe();
  EXPECT_EQ(data->authority("EG")->level, RiskLevel::severe);
  EXPECT_EQ(data->authority("EG")->date, "2026-05-05");
  EXPECT_EQ(data->authority("NO")->level, RiskLevel::low);  // kept
  EXPECT_EQ(data->authority("SA")->level, RiskLevel::high);
  ASSERT_NE(data->source("authority"), nullptr);
  EXPECT_EQ(data->source("authority")->records, 3u);
  EXPECT_THAT(data->source("authority")->files, ElementsAre("authority.json"));
  EXPECT_TRUE(data->source("authority")->sha256.empty());  // no longer the file's bytes
}

TEST_F(Store, SetAuthorityWithoutAnImportStartsTheLayer) {
  ASSERT_TRUE(store_.set_authority(authority("EG", RiskLevel::medium)));
  const auto data = store_.load();
  ASSERT_TRUE(data);
  EXPECT_EQ(data->authority("EG")->level, RiskLevel::medium);
  EXPECT_EQ(data->source("authority")->records, 1u);
  EXPECT_EQ(data->source("authority")->first_year, 2026);
}

TEST_F(Store, ADamagedFileIsAnErrorNamingIt) {
  ASSERT_TRUE(store_.save(fixture_import("pts_small.csv", CountryFormat::pts_csv)));
  const auto file = dir_.path() / "countries" / "pts.json";
  std::string content = echri::testing::read_file(file);
  content.replace(content.find("[\"EG\",2019"), 10, "[\"EG\",\"x\"");
  echri::testing::write_file(file, content);
  const auto data = store_.load();
  ASSERT_FALSE(data);
  EXPECT_THAT(data.error().where, HasSubstr(file.string() + ": $.records["));
  echri::testing::write_file(file, "{not json");
  const auto broken = store_.load();
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().where, file.string());
}

// ---- the real data ---------------------------------------------------------------------------

TEST(ProfileRealData, EgyptFromBothSources) {
  ECHRI_REQUIRE_SHARED_DATA(shared);
  CountryData data;
  for (const auto& [file, format] :
       {std::pair{"pts_2024.csv", CountryFormat::pts_csv},
        std::pair{"freedom_house_fiw_2013-2024.csv", CountryFormat::fiw_csv}}) {
    const auto path = shared / "countries" / file;
    auto imported = parse_country_file(echri::testing::read_file(path), file, format);
    ASSERT_TRUE(imported) << imported.error().describe();
    for (auto& record : imported->pts) data.add(std::move(record));
    for (auto& record : imported->fiw) data.add(std::move(record));
    data.add_source(imported->source);
  }
  const auto profile = build_profile(data, country("EGY"), "2026-06-01", 3);
  ASSERT_TRUE(profile.pts);
  EXPECT_EQ(profile.pts->year, 2023);
  EXPECT_THAT(years(profile.pts_history), ElementsAre(2019, 2020, 2021, 2022, 2023));
  ASSERT_TRUE(profile.fiw);
  EXPECT_EQ(profile.fiw->edition, 2024);
  EXPECT_FALSE(profile.pts_stale);
  EXPECT_FALSE(profile.fiw_stale);
  EXPECT_TRUE(profile.warnings.empty());
  // Five years on, both are stale.
  EXPECT_EQ(build_profile(data, country("EG"), "2031-06-01", 3).warnings.size(), 2u);
}

}  // namespace
}  // namespace echri::assessment
