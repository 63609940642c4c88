#include "assessment/country_import.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/csv_reader.hpp"
#include "core/digest.hpp"
#include "core/text_util.hpp"
#include "support/test_support.hpp"

namespace echri::assessment {
namespace {

using ::testing::ElementsAre;

std::filesystem::path fixture(const std::string& name) {
  return echri::testing::fixtures_dir() / "countries" / name;
}

// Parses a fixture under its bare file name, so that error locations are short and exact.
Result<ImportedIndicators> parse_fixture(const std::string& name, CountryFormat format) {
  const std::string content = echri::testing::read_file(fixture(name));
  return parse_country_file(content, name, format);
}

const PtsRecord* find_pts(const ImportedIndicators& imported, std::string_view country, int year) {
  const auto found = std::find_if(imported.pts.begin(), imported.pts.end(), [&](const auto& r) {
    return r.country == country && r.year == year;
  });
  return found == imported.pts.end() ? nullptr : &*found;
}

const FiwRecord* find_fiw(const ImportedIndicators& imported, std::string_view country,
                          int edition) {
  const auto found = std::find_if(imported.fiw.begin(), imported.fiw.end(), [&](const auto& r) {
    return r.country == country && r.edition == edition;
  });
  return found == imported.fiw.end() ? nullptr : &*found;
}

// The error a parse failed with, or a marker that makes the comparison fail when it succeeded.
std::string failure(const Result<ImportedIndicators>& result) {
  return result ? "(parsed without an error)" : result.error().describe();
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// ---- format ----------------------------------------------------------------------------------

TEST(CountryFormat, NamesRoundTrip) {
  for (const auto format :
       {CountryFormat::pts_csv, CountryFormat::fiw_csv, CountryFormat::authority_json})
    EXPECT_EQ(parse_country_format(to_string(format)), format);
  EXPECT_EQ(to_string(CountryFormat::fiw_csv), "fiw-csv");
  EXPECT_FALSE(parse_country_format("auto"));
  EXPECT_FALSE(parse_country_format("PTS-CSV"));
}

TEST(CountryFormat, DetectedFromTheHeaderOrTheTopLevelKey) {
  const auto detect = [](const std::string& name) {
    return detect_country_format(echri::testing::read_file(fixture(name)), name);
  };
  EXPECT_EQ(detect("pts_small.csv"), CountryFormat::pts_csv);
  EXPECT_EQ(detect("fiw_small.csv"), CountryFormat::fiw_csv);
  EXPECT_EQ(detect("authority.json"), CountryFormat::authority_json);
  EXPECT_EQ(detect_country_format("\xEF\xBB\xBF  {\"assessments\": []}", "a.json"),
            CountryFormat::authority_json);
}

TEST(CountryFormat, UnrecognisedFilesAreErrorsNamingTheFile) {
  const auto csv = detect_country_format("Name,Country\nAcme,DE\n", "parties.csv");
  ASSERT_FALSE(csv);
  EXPECT_EQ(csv.error().where, "parties.csv");
  EXPECT_NE(csv.error().message.find("not a country data file"), std::string::npos);
  const auto json = detect_country_format("{\"items\": []}", "app.json");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().where, "app.json");
  const auto empty = detect_country_format(" \n", "empty.csv");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().describe(), "empty.csv: empty file");
}

// ---- Political Terror Scale ------------------------------------------------------------------

TEST(PtsImport, ReadsLevelsAndResolvesByCodeThenName) {
  const auto imported = parse_fixture("pts_small.csv", CountryFormat::pts_csv);
  ASSERT_TRUE(imported) << imported.error().describe();
  EXPECT_EQ(imported->pts.size(), 10u);
  const auto* egypt = find_pts(*imported, "EG", 2021);
  ASSERT_NE(egypt, nullptr);
  EXPECT_EQ(egypt->amnesty, 3);
  EXPECT_EQ(egypt->human_rights_watch, std::nullopt);
  EXPECT_EQ(egypt->state_department, 2);
  EXPECT_EQ(egypt->worst(), 3);
  // ADO is the World Bank's code, not ISO's: the name resolves it.
  ASSERT_NE(find_pts(*imported, "AD", 2023), nullptr);
  // The Latin-1 name does not matter: the code resolves it.
  const auto* turkey = find_pts(*imported, "TR", 2023);
  ASSERT_NE(turkey, nullptr);
  EXPECT_EQ(turkey->worst(), 5);
  // A row with no report at all is kept: the profile looks for the latest year with a level.
  const auto* norway = find_pts(*imported, "NO", 2023);
  ASSERT_NE(norway, nullptr);
  EXPECT_FALSE(norway->worst());
}

TEST(PtsImport, CodeNaIsNoCodeAndUnresolvedNamesAreListedOnce) {
  const auto imported = parse_fixture("pts_small.csv", CountryFormat::pts_csv);
  ASSERT_TRUE(imported);
  // "NA" is Namibia's alpha-2 code; in this column it means "no code".
  EXPECT_EQ(std::count_if(imported->pts.begin(), imported->pts.end(),
                          [](const auto& r) { return r.country == "NA"; }),
            0);
  EXPECT_THAT(imported->source.unresolved, ElementsAre("Soviet Union", "Narnia"));
}

TEST(PtsImport, DescribesTheSource) {
  const std::string content = echri::testing::read_file(fixture("pts_small.csv"));
  const auto imported = parse_country_file(content, "pts_small.csv", CountryFormat::pts_csv);
  ASSERT_TRUE(imported);
  const auto& source = imported->source;
  EXPECT_EQ(source.id, "pts");
  EXPECT_EQ(source.title, "Political Terror Scale (PTS)");
  EXPECT_EQ(source.records, 10u);
  EXPECT_EQ(source.first_year, 2015);
  EXPECT_EQ(source.last_year, 2023);
  EXPECT_THAT(source.files, ElementsAre("pts_small.csv"));
  EXPECT_EQ(source.sha256, core::sha256_hex(content));
  EXPECT_NE(source.citation.find("Gibney, Mark, Linda Cornett, Reed Wood, Peter Haschke"),
            std::string::npos)
      << source.citation;
  EXPECT_NE(source.citation.find("The Political Terror Scale 2015-2023"), std::string::npos);
  EXPECT_NE(source.citation.find("politicalterrorscale.org"), std::string::npos);
  EXPECT_TRUE(source.imported_at.empty());  // the store stamps it
}

TEST(PtsImport, ALevelOutOfRangeNamesFileLineAndColumn) {
  const auto imported = parse_fixture("pts_bad_level.csv", CountryFormat::pts_csv);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(imported.error().describe(),
            "pts_bad_level.csv:3: column PTS_H: expected a level 1-5 or NA, found '7'");
}

class PtsRows : public ::testing::Test {
 protected:
  static constexpr std::string_view kHeader =
      "Country,Country_OLD,Year,COW_Code_A,COW_Code_N,WordBank_Code_A,UN_Code_N,Region,PTS_A,"
      "PTS_H,PTS_S,NA_Status_A,NA_Status_H,NA_Status_S\n";
  static Result<ImportedIndicators> parse(const std::string& rows) {
    return parse_country_file(std::string(kHeader) + rows, "p.csv", CountryFormat::pts_csv);
  }
};

TEST_F(PtsRows, RejectsEmptyAndNonNumericLevels) {
  EXPECT_EQ(failure(parse("Egypt,Egypt,2023,EGY,651,EGY,818,mena,,2,3,0,0,0\n")),
            "p.csv:2: column PTS_A: expected a level 1-5 or NA, found ''");
  EXPECT_EQ(failure(parse("Egypt,Egypt,2023,EGY,651,EGY,818,mena,1,2,0,0,0,0\n")),
            "p.csv:2: column PTS_S: expected a level 1-5 or NA, found '0'");
}

TEST_F(PtsRows, RejectsABadYear) {
  EXPECT_EQ(failure(parse("Egypt,Egypt,20x3,EGY,651,EGY,818,mena,1,2,3,0,0,0\n")),
            "p.csv:2: column Year: expected a year, found '20x3'");
}

TEST_F(PtsRows, RejectsAShortRow) {
  EXPECT_EQ(failure(parse("Egypt,Egypt,2023,EGY\n")),
            "p.csv:2: expected 14 fields as in the header, found 4");
}

TEST_F(PtsRows, RejectsTwoRowsForOneCountryYear) {
  // The second spelling resolves to the same country by its name.
  const auto imported = parse(
      "Egypt,Egypt,2023,EGY,651,EGY,818,mena,1,2,3,0,0,0\n"
      "Arab Republic of Egypt,Egypt,2023,EGY,651,NA,818,mena,1,2,3,0,0,0\n");
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().describe(),
            "p.csv:3: second row for EG year 2023 (the first is on line 2)");
}

TEST_F(PtsRows, AFileWithoutACountryRowIsRefused) {
  EXPECT_EQ(failure(parse("")), "p.csv: no rows for any country (is the file complete?)");
  EXPECT_EQ(failure(parse("Soviet Union,Soviet Union,1980,RUS,365,NA,NA,eca,3,NA,3,0,88,0\n")),
            "p.csv: no rows for any country (is the file complete?)");
}

TEST_F(PtsRows, AFileWithoutAPtsColumnIsRefused) {
  const auto imported = parse_country_file("Country,Year,WordBank_Code_A,PTS_A,PTS_H\n", "p.csv",
                                           CountryFormat::pts_csv);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().describe(),
            "p.csv:1: missing column PTS_S (is this a Political Terror Scale CSV?)");
}

// ---- Freedom in the World --------------------------------------------------------------------

TEST(FiwImport, ReadsRatingsAndScores) {
  const auto imported = parse_fixture("fiw_small.csv", CountryFormat::fiw_csv);
  ASSERT_TRUE(imported) << imported.error().describe();
  EXPECT_EQ(imported->fiw.size(), 5u);
  const auto* egypt = find_fiw(*imported, "EG", 2024);
  ASSERT_NE(egypt, nullptr);
  EXPECT_EQ(egypt->status, "PF");
  EXPECT_EQ(egypt->political_rights_rating, 5);
  EXPECT_EQ(egypt->civil_liberties_rating, 5);
  EXPECT_EQ(egypt->political_rights, 11);
  EXPECT_EQ(egypt->civil_liberties, 22);
  EXPECT_EQ(egypt->total, 33);
  EXPECT_EQ(egypt->data_year(), 2023);
  ASSERT_NE(find_fiw(*imported, "CD", 2024), nullptr);  // "Congo (Kinshasa)"
  EXPECT_EQ(find_fiw(*imported, "CD", 2024)->status, "NF");
}

TEST(FiwImport, TerritoriesCountOnlyWhenTheyAreIsoEntries) {
  const auto imported = parse_fixture("fiw_small.csv", CountryFormat::fiw_csv);
  ASSERT_TRUE(imported);
  // Hong Kong has its own ISO code; the Gaza Strip and the West Bank are rated apart from any
  // state and are not attributed to Palestine.
  EXPECT_NE(find_fiw(*imported, "HK", 2024), nullptr);
  EXPECT_EQ(find_fiw(*imported, "PS", 2024), nullptr);
  EXPECT_THAT(imported->source.unresolved, ElementsAre("Gaza Strip", "West Bank", "Narnia"));
}

TEST(FiwImport, DescribesTheSource) {
  const auto imported = parse_fixture("fiw_small.csv", CountryFormat::fiw_csv);
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->source.id, "fiw");
  EXPECT_EQ(imported->source.first_year, 2017);
  EXPECT_EQ(imported->source.last_year, 2024);
  EXPECT_EQ(imported->source.records, 5u);
  EXPECT_NE(imported->source.citation.find("Freedom House. Freedom in the World 2017-2024"),
            std::string::npos)
      << imported->source.citation;
}

TEST(FiwImport, ARatingOutOfRangeNamesFileLineAndColumn) {
  const auto imported = parse_fixture("fiw_bad_rating.csv", CountryFormat::fiw_csv);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().describe(),
            "fiw_bad_rating.csv:3: column PR rating: expected a rating 1-7, found '9'");
}

class FiwRows : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string content = echri::testing::read_file(fixture("fiw_small.csv"));
    const auto first_break = content.find('\n');
    header_ = content.substr(0, first_break + 1);
    const auto second_break = content.find('\n', first_break + 1);
    egypt_ = content.substr(first_break + 1, second_break - first_break - 1);
  }
  // Egypt's row with the field at `column` (0-based) replaced.
  std::string egypt_with(std::size_t column, const std::string& value) const {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t comma = egypt_.find(','); comma != std::string::npos;
         start = comma + 1, comma = egypt_.find(',', start))
      fields.push_back(egypt_.substr(start, comma - start));
    fields.push_back(egypt_.substr(start));
    fields.at(column) = value;
    std::string row;
    for (const auto& field : fields) row += (row.empty() ? "" : ",") + field;
    return row;
  }
  Result<ImportedIndicators> parse(const std::string& row) const {
    return parse_country_file(header_ + row + "\n", "f.csv", CountryFormat::fiw_csv);
  }
  std::string header_;
  std::string egypt_;
};

TEST_F(FiwRows, TheFixtureRowParses) {
  EXPECT_TRUE(parse(egypt_));
  EXPECT_EQ(failure(parse(egypt_with(0, "Tibet"))),
            "f.csv: no rows for any country (is the file complete?)");
}

TEST_F(FiwRows, RejectsAnUnknownStatus) {
  EXPECT_EQ(failure(parse(egypt_with(4, "XF"))),
            "f.csv:2: column Status: expected F, PF or NF, found 'XF'");
}

TEST_F(FiwRows, RejectsAnUnknownCountryOrTerritoryMark) {
  EXPECT_EQ(failure(parse(egypt_with(2, "x"))), "f.csv:2: column C/T: expected c or t, found 'x'");
}

TEST_F(FiwRows, RejectsScoresOutOfRange) {
  EXPECT_EQ(failure(parse(egypt_with(7, "5"))),
            "f.csv:2: column A1: expected a score 0 to 4, found '5'");
  EXPECT_EQ(failure(parse(egypt_with(43, "101"))),
            "f.csv:2: column Total: expected a score -4 to 100, found '101'");
  EXPECT_EQ(failure(parse(egypt_with(22, "forty"))),
            "f.csv:2: column PR: expected a score -4 to 40, found 'forty'");
}

TEST_F(FiwRows, ANegativePoliticalRightsScoreIsValid) {
  // The discretionary question subtracts points: the real data has PR -3 and totals below zero.
  const auto imported = parse(egypt_with(22, "-3"));
  ASSERT_TRUE(imported) << imported.error().describe();
  EXPECT_EQ(imported->fiw.at(0).political_rights, -3);
}

TEST_F(FiwRows, RejectsTwoRowsForOneCountryEdition) {
  const auto imported = parse(egypt_ + "\n" + egypt_);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().describe(),
            "f.csv:3: second row for EG edition 2023 (the first is on line 2)");
}

// ---- authority assessments -------------------------------------------------------------------

TEST(AuthorityImport, ReadsAssessments) {
  const auto imported = parse_fixture("authority.json", CountryFormat::authority_json);
  ASSERT_TRUE(imported) << imported.error().describe();
  ASSERT_EQ(imported->authority.size(), 2u);
  const auto& egypt = imported->authority[0];
  EXPECT_EQ(egypt.country, "EG");
  EXPECT_EQ(egypt.level, RiskLevel::high);
  EXPECT_EQ(egypt.author, "Fictional Officer A");
  EXPECT_EQ(egypt.date, "2026-03-01");
  EXPECT_EQ(egypt.reason, "FICTIONAL TEST FIXTURE: not a real assessment");
  EXPECT_EQ(imported->authority[1].country, "NO");  // written as a name
  EXPECT_EQ(imported->source.id, "authority");
  EXPECT_EQ(imported->source.records, 2u);
  EXPECT_EQ(imported->source.first_year, 2025);
  EXPECT_EQ(imported->source.last_year, 2026);
}

TEST(AuthorityImport, AnUnknownLevelNamesTheJsonPath) {
  const auto imported = parse_fixture("authority_bad_level.json", CountryFormat::authority_json);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().where, "authority_bad_level.json: $.assessments[2].level");
  EXPECT_EQ(imported.error().message,
            "unknown level 'dire' (expected low, medium, high or severe)");
}

Error authority_error(const std::string& item) {
  const auto imported = parse_country_file(R"({"assessments": [)" + item + "]}", "a.json",
                                           CountryFormat::authority_json);
  EXPECT_FALSE(imported);
  return imported ? Error{} : imported.error();
}

constexpr std::string_view kGood =
    R"("country": "EG", "level": "high", "author": "A", "date": "2026-03-01", "reason": "R")";

TEST(AuthorityImport, StrictAboutEveryField) {
  const std::string good(kGood);
  EXPECT_EQ(authority_error("{" + good + R"(, "note": "x"})").describe(),
            "a.json: $.assessments[0].note: unknown key (expected country, level, author, date, "
            "reason)");
  EXPECT_EQ(authority_error(R"({"country": "XX", "level": "high", "author": "A",
                                "date": "2026-03-01", "reason": "R"})")
                .describe(),
            "a.json: $.assessments[0].country: unknown country 'XX'");
  EXPECT_EQ(authority_error(R"({"country": "EG", "level": "high", "author": "A",
                                "date": "2026-02-30", "reason": "R"})")
                .describe(),
            "a.json: $.assessments[0].date: expected a date YYYY-MM-DD, found '2026-02-30'");
  EXPECT_EQ(authority_error(R"({"country": "EG", "level": "high", "author": "A",
                                "date": "2026-03-01"})")
                .describe(),
            "a.json: $.assessments[0].reason: missing");
  EXPECT_EQ(authority_error(R"({"country": "EG", "level": "high", "author": " ",
                                "date": "2026-03-01", "reason": "R"})")
                .describe(),
            "a.json: $.assessments[0].author: empty");
  EXPECT_EQ(authority_error(R"({"country": "EG", "level": 3, "author": "A",
                                "date": "2026-03-01", "reason": "R"})")
                .describe(),
            "a.json: $.assessments[0].level: expected a string");
  EXPECT_EQ(authority_error("{" + good + "}, {" + good + "}").describe(),
            "a.json: $.assessments[1].country: a second assessment for EG (the first is "
            "$.assessments[0])");
  EXPECT_EQ(authority_error("[]").describe(), "a.json: $.assessments[0]: expected an object");
}

TEST(AuthorityImport, StrictAboutTheDocument) {
  const auto parse = [](const std::string& text) {
    return parse_country_file(text, "a.json", CountryFormat::authority_json);
  };
  EXPECT_EQ(failure(parse(R"({"assessments": [], "version": 2})")),
            "a.json: $.version: unknown key (expected assessments)");
  EXPECT_EQ(failure(parse(R"({"assessments": {}})")), "a.json: $.assessments: expected an array");
  EXPECT_EQ(failure(parse("[]")), "a.json: $: expected an object {\"assessments\": [...]}");
  const auto broken = parse(R"({"assessments": [)");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().where, "a.json");
  EXPECT_NE(broken.error().message.find("invalid JSON"), std::string::npos);
  EXPECT_TRUE(parse(R"({"assessments": []})"));
}

// ---- the real data ---------------------------------------------------------------------------

// Rows per name in a CSV file, read independently of the importer.
std::map<std::string, std::size_t> rows_per_name(const std::filesystem::path& file,
                                                 const std::string& column) {
  const std::string content = echri::testing::read_file(file);
  core::CsvReader reader(content, ',', file.string());
  std::vector<std::string> fields;
  EXPECT_TRUE(*reader.next(fields));
  const auto at =
      static_cast<std::size_t>(std::find(fields.begin(), fields.end(), column) - fields.begin());
  std::map<std::string, std::size_t> rows;
  while (*reader.next(fields)) {
    const std::string& name = fields.at(at);
    ++rows[core::is_valid_utf8(name) ? name : core::latin1_to_utf8(name)];
  }
  return rows;
}

std::size_t total_rows(const std::map<std::string, std::size_t>& rows) {
  std::size_t total = 0;
  for (const auto& [name, count] : rows) total += count;
  return total;
}

Result<ImportedIndicators> parse_real(const std::filesystem::path& file) {
  const std::string content = echri::testing::read_file(file);
  auto format = detect_country_format(content, file.filename().string());
  if (!format) return tl::unexpected(format.error());
  return parse_country_file(content, file.filename().string(), *format);
}

TEST(PtsImportRealData, ResolvesNearlyAllCurrentStates) {
  ECHRI_REQUIRE_SHARED_DATA(shared);
  const auto file = shared / "countries" / "pts_2024.csv";
  const auto rows = rows_per_name(file, "Country");
  const auto imported = parse_real(file);
  ASSERT_TRUE(imported) << imported.error().describe();
  const auto& unresolved = imported->source.unresolved;

  // Every row is either a record or belongs to an unresolved name.
  std::size_t skipped = 0;
  for (const auto& name : unresolved) skipped += rows.at(name);
  EXPECT_EQ(imported->pts.size() + skipped, total_rows(rows));
  EXPECT_EQ(imported->source.records, imported->pts.size());
  EXPECT_EQ(std::set<std::string>(unresolved.begin(), unresolved.end()).size(), unresolved.size());

  // Historical states and sub-national units are skipped; no current state is.
  for (const char* gone : {"Soviet Union", "Czechoslovakia", "German Democratic Republic",
                           "Yugoslavia, Socialist Federal Republic of", "Yemen Arab Republic"})
    EXPECT_TRUE(contains(unresolved, gone)) << gone;
  EXPECT_LE(unresolved.size(), 20u);
  for (const char* current : {"Egypt", "Türkiye", "Andorra", "Romania", "Timor-Leste", "Kosovo",
                              "Palestine, State of", "Congo, the Democratic Republic of the"})
    EXPECT_FALSE(contains(unresolved, current)) << current;

  // One country per resolved name: no two spellings collapse into one code.
  std::set<std::string> codes;
  for (const auto& record : imported->pts) codes.insert(record.country);
  EXPECT_EQ(codes.size(), rows.size() - unresolved.size());
  EXPECT_GE(codes.size(), 190u);

  EXPECT_EQ(imported->source.first_year, 1976);
  EXPECT_EQ(imported->source.last_year, 2023);
  const auto* egypt = find_pts(*imported, "EG", 2023);
  ASSERT_NE(egypt, nullptr);
  EXPECT_TRUE(egypt->worst());
  EXPECT_NE(find_pts(*imported, "TR", 2023), nullptr);
  EXPECT_NE(find_pts(*imported, "CD", 2023), nullptr);
}

TEST(FiwImportRealData, ResolvesCountriesAndSkipsTerritoriesOfStates) {
  ECHRI_REQUIRE_SHARED_DATA(shared);
  const auto file = shared / "countries" / "freedom_house_fiw_2013-2024.csv";
  const auto rows = rows_per_name(file, "Country/Territory");
  const auto imported = parse_real(file);
  ASSERT_TRUE(imported) << imported.error().describe();
  const auto& unresolved = imported->source.unresolved;

  std::size_t skipped = 0;
  for (const auto& name : unresolved) skipped += rows.at(name);
  EXPECT_EQ(imported->fiw.size() + skipped, total_rows(rows));
  EXPECT_EQ(imported->source.first_year, 2013);
  EXPECT_EQ(imported->source.last_year, 2024);

  for (const char* territory : {"Gaza Strip", "West Bank", "Crimea", "Tibet", "Indian Kashmir"})
    EXPECT_TRUE(contains(unresolved, territory)) << territory;
  for (const char* kept : {"Hong Kong", "Puerto Rico", "Congo (Kinshasa)", "Cote d'Ivoire"})
    EXPECT_FALSE(contains(unresolved, kept)) << kept;

  const auto* congo = find_fiw(*imported, "CD", 2024);
  ASSERT_NE(congo, nullptr);
  EXPECT_EQ(congo->status, "NF");
  EXPECT_NE(find_fiw(*imported, "CG", 2024), nullptr);  // "Congo (Brazzaville)"
  EXPECT_NE(find_fiw(*imported, "EG", 2024), nullptr);
  EXPECT_NE(find_fiw(*imported, "HK", 2024), nullptr);
}

}  // namespace
}  // namespace echri::assessment
