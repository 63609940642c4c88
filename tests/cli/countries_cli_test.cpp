#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/cli_runner.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Outcome;
using testing::run_cli;

std::string fixture(const std::string& name) {
  return (echri::testing::fixtures_dir() / "countries" / name).string();
}

class CountriesCli : public ::testing::Test {
 protected:
  Outcome countries(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", data_dir_, "countries"});
    return run_cli(args);
  }
  Outcome import_fixtures() {
    return countries(
        {"import", fixture("pts_small.csv"), fixture("fiw_small.csv"), fixture("authority.json")});
  }
  [[nodiscard]] bool nothing_stored() const {
    const auto dir = dir_.path() / "data" / "countries";
    return !std::filesystem::exists(dir) || std::filesystem::is_empty(dir);
  }
  echri::testing::TempDir dir_;
  std::string data_dir_ = (dir_.path() / "data").string();
};

// ---- import ----------------------------------------------------------------------------------

TEST_F(CountriesCli, ImportPrintsWhatEachSourceGave) {
  const auto result = import_fixtures();
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("imported Political Terror Scale (PTS) from " + fixture("pts_small.csv") +
                        ": 10 country-years, years 2015-2023\n"));
  EXPECT_THAT(result.out, HasSubstr("  2 names not resolved to a country, their rows skipped: "
                                    "Soviet Union; Narnia\n"));
  EXPECT_THAT(result.out,
              HasSubstr(": 5 country-editions, editions 2017-2024 (data years 2016-2023)\n"));
  EXPECT_THAT(result.out, HasSubstr("  3 names not resolved to a country, their rows skipped: "
                                    "Gaza Strip; West Bank; Narnia\n"));
  EXPECT_THAT(result.out,
              HasSubstr("imported Authority assessments from " + fixture("authority.json") +
                        ": 2 assessments, dated 2025-2026\n"));
  EXPECT_TRUE(result.err.empty()) << result.err;
}

TEST_F(CountriesCli, ABadValueImportsNothingAndNamesFileLineAndColumn) {
  const std::string bad = fixture("pts_bad_level.csv");
  const auto result = countries({"import", fixture("fiw_small.csv"), bad});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_EQ(result.err,
            "echri: " + bad + ":3: column PTS_H: expected a level 1-5 or NA, found '7'\n");
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_TRUE(nothing_stored());
  EXPECT_EQ(countries({"status"}).code, kExitNotFound);
}

TEST_F(CountriesCli, AFailedReimportKeepsThePreviousData) {
  ASSERT_EQ(countries({"import", fixture("fiw_small.csv")}).code, kExitOk);
  const auto before = countries({"status", "--json"}).out;
  const auto failed = countries({"import", fixture("fiw_bad_rating.csv")});
  EXPECT_EQ(failed.code, kExitFailure);
  EXPECT_THAT(failed.err, HasSubstr("fiw_bad_rating.csv:3: column PR rating: expected a rating "
                                    "1-7, found '9'"));
  EXPECT_EQ(countries({"status", "--json"}).out, before);
}

TEST_F(CountriesCli, AnAuthorityErrorNamesTheJsonPath) {
  const std::string bad = fixture("authority_bad_level.json");
  const auto result = countries({"import", bad});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_EQ(result.err, "echri: " + bad +
                            ": $.assessments[2].level: unknown level 'dire' (expected low, "
                            "medium, high or severe)\n");
  EXPECT_TRUE(nothing_stored());
}

TEST_F(CountriesCli, AMissingFileIsNotFound) {
  const std::string missing = (dir_.path() / "no-such.csv").string();
  const auto result = countries({"import", fixture("pts_small.csv"), missing});
  EXPECT_EQ(result.code, kExitNotFound);
  EXPECT_EQ(result.err, "echri: " + missing + ": no such file\n");
  EXPECT_TRUE(nothing_stored());
}

TEST_F(CountriesCli, FormatOptions) {
  EXPECT_EQ(countries({"import", fixture("pts_small.csv"), "--format", "pts-csv"}).code, kExitOk);
  const auto wrong = countries({"import", fixture("pts_small.csv"), "--format", "fiw-csv"});
  EXPECT_EQ(wrong.code, kExitFailure);
  EXPECT_THAT(wrong.err, HasSubstr(":1: missing column Country/Territory (is this a Freedom in "
                                   "the World CSV?)"));
  EXPECT_EQ(countries({"import", fixture("pts_small.csv"), "--format", "xlsx"}).code, kExitUsage);
  const auto unknown = countries({"import", fixture("README.md")});
  EXPECT_EQ(unknown.code, kExitFailure);
  EXPECT_THAT(unknown.err, HasSubstr("not a country data file"));
}

TEST_F(CountriesCli, TwoFilesForOneSourceAreRefused) {
  const auto result = countries({"import", fixture("pts_small.csv"), fixture("pts_small.csv")});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_THAT(result.err, HasSubstr("a second file for pts"));
  EXPECT_TRUE(nothing_stored());
}

// ---- show ------------------------------------------------------------------------------------

TEST_F(CountriesCli, ShowPrintsEachValueWithYearAndSource) {
  ASSERT_EQ(import_fixtures().code, kExitOk);
  const auto result = countries({"show", "EGY", "--as-of", "2026-11-23"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  const auto& out = result.out;
  EXPECT_THAT(out, HasSubstr("Egypt (EG, EGY), as of 2026-11-23"));
  EXPECT_THAT(out, HasSubstr("Authority assessment: high  (OVERRIDES the indicators below)\n"
                             "  author: Fictional Officer A\n"
                             "  date:   2026-03-01\n"
                             "  reason: FICTIONAL TEST FIXTURE: not a real assessment\n"));
  EXPECT_THAT(out, HasSubstr("Political Terror Scale 2023: level 5 of 5 (Amnesty International 5, "
                             "Human Rights Watch no report, US State Department 4)  [source: "
                             "pts]\n"));
  EXPECT_THAT(out, HasSubstr("  history (worst level): 2019: 1, 2020: 2, 2021: 3, 2022: 4, "
                             "2023: 5\n"));
  EXPECT_THAT(out, HasSubstr("Freedom in the World 2024 edition (events of 2023): Partly Free "
                             "(PF), political rights rating 5, civil liberties rating 5"));
  EXPECT_THAT(out, HasSubstr("total 33/100  [source: fiw]"));
  EXPECT_THAT(out, Not(HasSubstr("Warnings")));
  EXPECT_THAT(out, Not(HasSubstr("Not imported")));
  EXPECT_THAT(out, HasSubstr("pts: Gibney, Mark"));
}

TEST_F(CountriesCli, ShowWarnsAboutStaleData) {
  ASSERT_EQ(import_fixtures().code, kExitOk);
  const auto result = countries({"show", "Egypt", "--as-of", "2028-01-01"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Warnings:\n  ! Political Terror Scale data for Egypt (EG) is "
                                    "from 2023, 5 years before 2028-01-01 (policy: at most 3 "
                                    "years)\n"));
  EXPECT_THAT(result.out, HasSubstr("  ! Freedom in the World data for Egypt (EG) is from 2023 "
                                    "(2024 edition), 5 years"));
  EXPECT_THAT(result.out, HasSubstr("US State Department 4)  STALE  [source: pts]"));
}

TEST_F(CountriesCli, ShowSaysWhichSourcesAreNotImported) {
  ASSERT_EQ(countries({"import", fixture("fiw_small.csv")}).code, kExitOk);
  const auto result = countries({"show", "EG", "--as-of", "2026-01-01"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Political Terror Scale: no data\n"));
  EXPECT_THAT(result.out, HasSubstr("! Political Terror Scale is not imported: no value for "
                                    "Egypt (EG)"));
  EXPECT_THAT(result.out, HasSubstr("Not imported:\n  Political Terror Scale (pts): import the "
                                    "PTS CSV from politicalterrorscale.org with `echri countries "
                                    "import FILE`\n"));
  EXPECT_THAT(result.out, HasSubstr("Authority assessment: none recorded"));
}

TEST_F(CountriesCli, ShowJson) {
  ASSERT_EQ(import_fixtures().code, kExitOk);
  const auto result = countries({"show", "eg", "--json", "--as-of", "2026-11-23"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  const auto json = nlohmann::ordered_json::parse(result.out);
  EXPECT_EQ(json["country"]["alpha2"], "EG");
  EXPECT_EQ(json["basis"], "authority");
  EXPECT_EQ(json["authority"]["author"], "Fictional Officer A");
  EXPECT_EQ(json["pts"]["year"], 2023);
  EXPECT_EQ(json["pts"]["worst"], 5);
  EXPECT_TRUE(json["pts"]["human_rights_watch"].is_null());
  EXPECT_EQ(json["pts_history"].size(), 5u);
  EXPECT_EQ(json["fiw"]["status"], "PF");
  EXPECT_EQ(json["sources"].size(), 3u);
  EXPECT_EQ(json["sources"][0]["id"], "pts");
  EXPECT_EQ(json["not_imported"], nlohmann::ordered_json::array());
  // Stable: the same command prints the same bytes.
  EXPECT_EQ(countries({"show", "eg", "--json", "--as-of", "2026-11-23"}).out, result.out);
}

TEST_F(CountriesCli, ShowOfAnUnknownCountry) {
  const auto result = countries({"show", "Narnia"});
  EXPECT_EQ(result.code, kExitNotFound);
  EXPECT_THAT(result.err, HasSubstr("echri: unknown country 'Narnia'"));
  EXPECT_TRUE(result.out.empty());
}

TEST_F(CountriesCli, ShowRefusesABadDate) {
  const auto result = countries({"show", "EG", "--as-of", "2026-02-30"});
  EXPECT_EQ(result.code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("--as-of expects a date YYYY-MM-DD"));
}

// ---- assess ----------------------------------------------------------------------------------

TEST_F(CountriesCli, AssessRecordsAnOverridingAssessment) {
  ASSERT_EQ(import_fixtures().code, kExitOk);
  const auto result =
      countries({"assess", "Saudi Arabia", "--level", "severe", "--author", "Fictional Officer C",
                 "--reason", "FICTIONAL: test reason", "--date", "2026-04-02"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_EQ(result.out,
            "recorded the authority's assessment of Saudi Arabia (SA): severe, by Fictional "
            "Officer C on 2026-04-02; it overrides the indicators in profiles and assessments\n");
  const auto shown = countries({"show", "SA", "--json"});
  const auto json = nlohmann::json::parse(shown.out);
  EXPECT_EQ(json["authority"]["level"], "severe");
  EXPECT_EQ(json["authority"]["date"], "2026-04-02");
  EXPECT_EQ(json["authority"]["reason"], "FICTIONAL: test reason");
  // The imported ones stay.
  EXPECT_EQ(nlohmann::json::parse(countries({"show", "EG", "--json"}).out)["authority"]["level"],
            "high");
}

TEST_F(CountriesCli, AssessDefaultsToToday) {
  ASSERT_EQ(countries({"assess", "EG", "--level", "medium", "--author", "A", "--reason", "R"}).code,
            kExitOk);
  const auto json = nlohmann::json::parse(countries({"show", "EG", "--json"}).out);
  const std::string date = json["authority"]["date"];
  EXPECT_EQ(date, json["as_of"]);  // both today, UTC
}

TEST_F(CountriesCli, AssessErrors) {
  const auto unknown =
      countries({"assess", "XX", "--level", "high", "--author", "A", "--reason", "R"});
  EXPECT_EQ(unknown.code, kExitNotFound);
  EXPECT_THAT(unknown.err, HasSubstr("unknown country 'XX'"));
  EXPECT_EQ(countries({"assess", "EG", "--level", "dire", "--author", "A", "--reason", "R"}).code,
            kExitUsage);
  const auto date = countries(
      {"assess", "EG", "--level", "high", "--author", "A", "--reason", "R", "--date", "1/2/2026"});
  EXPECT_EQ(date.code, kExitUsage);
  EXPECT_THAT(date.err, HasSubstr("--date expects YYYY-MM-DD"));
  EXPECT_EQ(countries({"assess", "EG", "--level", "high", "--author", "A", "--reason", " "}).code,
            kExitUsage);
  EXPECT_TRUE(nothing_stored());
}

// ---- status ----------------------------------------------------------------------------------

TEST_F(CountriesCli, StatusTableAndJson) {
  const auto empty = countries({"status"});
  EXPECT_EQ(empty.code, kExitNotFound);
  EXPECT_THAT(empty.err, HasSubstr("no country data imported"));

  ASSERT_EQ(countries({"import", fixture("pts_small.csv"), fixture("fiw_small.csv")}).code,
            kExitOk);
  const auto table = countries({"status"});
  ASSERT_EQ(table.code, kExitOk) << table.err;
  EXPECT_TRUE(table.out.starts_with("SOURCE")) << table.out;
  EXPECT_THAT(table.out, HasSubstr("\npts "));
  EXPECT_THAT(table.out, HasSubstr("2015-2023"));
  EXPECT_THAT(table.out, HasSubstr(fixture("fiw_small.csv")));
  EXPECT_THAT(table.out, HasSubstr("not imported: authority"));

  const auto json = nlohmann::json::parse(countries({"status", "--json"}).out);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["id"], "pts");
  EXPECT_EQ(json[0]["records"], 10);
  EXPECT_EQ(json[0]["files"][0], fixture("pts_small.csv"));
  EXPECT_EQ(json[0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(json[1]["id"], "fiw");
  EXPECT_EQ(json[1]["unresolved"].size(), 3u);
}

TEST_F(CountriesCli, ReimportingAuthorityFileSaysWhichAssessmentsItDrops) {
  ASSERT_EQ(countries({"assess", "SA", "--level", "high", "--author", "A", "--reason", "R"}).code,
            kExitOk);
  const auto result = countries({"import", fixture("authority.json")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("note: the stored authority assessments of SA are not in the "
                                    "imported file and were removed\n"));
}

// ---- the real data ---------------------------------------------------------------------------

TEST_F(CountriesCli, RealDataImportAndShow) {
  ECHRI_REQUIRE_SHARED_DATA(shared);
  const auto pts = (shared / "countries" / "pts_2024.csv").string();
  const auto fiw = (shared / "countries" / "freedom_house_fiw_2013-2024.csv").string();
  const auto imported = countries({"import", pts, fiw});
  ASSERT_EQ(imported.code, kExitOk) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("country-years, years 1976-2023\n"));
  EXPECT_THAT(imported.out, HasSubstr("editions 2013-2024 (data years 2012-2023)\n"));
  EXPECT_THAT(imported.out, HasSubstr("Soviet Union"));
  EXPECT_THAT(imported.out, HasSubstr("Gaza Strip"));

  const auto egypt = countries({"show", "EG", "--as-of", "2026-06-01"});
  ASSERT_EQ(egypt.code, kExitOk) << egypt.err;
  EXPECT_THAT(egypt.out, HasSubstr("Political Terror Scale 2023: level "));
  EXPECT_THAT(egypt.out, HasSubstr("Freedom in the World 2024 edition (events of 2023): Not Free"));
  const auto congo = nlohmann::json::parse(countries({"show", "Congo (Kinshasa)", "--json"}).out);
  EXPECT_EQ(congo["country"]["alpha2"], "CD");
  EXPECT_EQ(congo["fiw"]["edition"], 2024);
}

}  // namespace
}  // namespace echri::cli
