// The case table (tests/fixtures/assessment/cases/cases.json): realistic applications with the
// risk level, recommendation and findings a senior licensing officer expects. The destinations'
// indicators are the real Political Terror Scale and Freedom in the World data in ../shared/data;
// the parties, the restricted-party list, the authority's country views and the other states'
// denials are fictional fixtures.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "assessment/application_json.hpp"
#include "assessment/assessment_json.hpp"
#include "assessment/country_import.hpp"
#include "assessment/peer_denials.hpp"
#include "cases/party_screening.hpp"
#include "screening/list_format.hpp"
#include "screening/name_score.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using cases::LoadedLists;
using cases::screen_parties;
using nlohmann::json;

std::filesystem::path cases_dir() {
  return echri::testing::fixtures_dir() / "assessment" / "cases";
}

struct CaseWorld {
  std::optional<LoadedLists> lists;
  assessment::CountryData countries;
  std::vector<assessment::PeerDenial> denials;
  std::string error;  // why the world could not be built
};

void import_into(assessment::CountryData& data, const std::filesystem::path& file,
                 assessment::CountryFormat format, std::string& error) {
  const auto content = echri::testing::read_file(file);
  auto imported = assessment::parse_country_file(content, file.string(), format);
  if (!imported) {
    error += imported.error().describe() + "\n";
    return;
  }
  for (auto& record : imported->pts) data.add(std::move(record));
  for (auto& record : imported->fiw) data.add(std::move(record));
  for (auto& record : imported->authority) data.add(std::move(record));
  data.add_source(imported->source);
}

// Built once: the list index, the country data and the denials are the same for every case.
const CaseWorld& world(const std::filesystem::path& shared) {
  static const CaseWorld built = [&] {
    CaseWorld w;
    auto lists = screening::parse_list_files({cases_dir() / "restricted-parties.csv"},
                                             screening::ListFormat::auto_detect);
    if (!lists) {
      w.error = lists.error().describe();
      return w;
    }
    std::vector<core::ListedEntity> entities;
    std::vector<std::string> versions;
    for (auto& list : *lists) {
      versions.push_back(list.list_id);
      for (auto& entity : list.entities) entities.push_back(std::move(entity));
    }
    w.lists.emplace(LoadedLists{screening::ScreeningIndex(std::move(entities)), versions});
    import_into(w.countries, shared / "countries" / "pts_2024.csv",
                assessment::CountryFormat::pts_csv, w.error);
    import_into(w.countries, shared / "countries" / "freedom_house_fiw_2013-2024.csv",
                assessment::CountryFormat::fiw_csv, w.error);
    import_into(w.countries, cases_dir() / "authority.json",
                assessment::CountryFormat::authority_json, w.error);
    auto denials = assessment::parse_peer_denials(
        echri::testing::read_file(cases_dir() / "denials.json"), "denials.json");
    if (!denials)
      w.error += denials.error().describe();
    else
      w.denials = std::move(*denials);
    return w;
  }();
  return built;
}

std::vector<json> load_cases() {
  const auto file = cases_dir() / "cases.json";
  if (!std::filesystem::exists(file)) return {};
  const auto document = json::parse(echri::testing::read_file(file));
  return document.at("cases").get<std::vector<json>>();
}

bool contains(const json& list, const std::string& value) {
  for (const auto& entry : list)
    if (entry.get<std::string>() == value) return true;
  return false;
}

std::vector<std::string> ids(const json& array, const char* key) {
  std::vector<std::string> out;
  for (const auto& entry : array) out.push_back(entry.at(key).get<std::string>());
  return out;
}

bool has(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

json assess_case(const json& expected, const CaseWorld& w) {
  const auto file = cases_dir() / expected.at("file").get<std::string>();
  auto application = assessment::parse_application(echri::testing::read_file(file),
                                                   assessment::Catalogue::builtin(), file.string());
  if (!application) return json{{"error", application.error().describe()}};
  assessment::AssessmentInput input;
  input.application = &*application;
  input.screening = screen_parties(&*w.lists, *application, screening::kDefaultThreshold);
  input.countries = &w.countries;
  input.as_of = application->submitted_on.empty() ? "2026-06-01" : application->submitted_on;
  if (expected.value("denials", false)) {
    const auto similarity = [](std::string_view a, std::string_view b) {
      return screening::compare_names(a, b, std::nullopt).name.score;
    };
    input.peer_denials =
        assessment::essentially_identical(w.denials, *application, similarity, 0.85);
  }
  const auto result =
      assessment::assess(input, assessment::Catalogue::builtin(), assessment::Policy::builtin());
  return json::parse(assessment::to_json(result, *application).dump());
}

class CaseTable : public ::testing::TestWithParam<json> {};

TEST_P(CaseTable, MeetsTheOfficersExpectation) {
  ECHRI_REQUIRE_SHARED_DATA(shared);
  const auto& w = world(shared);
  ASSERT_TRUE(w.error.empty()) << w.error;
  const json& expected = GetParam();
  const auto report = assess_case(expected, w);
  ASSERT_FALSE(report.contains("error")) << report["error"];
  const auto summary =
      "level " + report["risk"]["level"].get<std::string>() + " (" +
      report["risk"]["score"].dump() + "), " + report["recommendation"].get<std::string>() +
      "; rationale: " + expected.value("rationale", "") + "\n" + report["factors"].dump(1);

  EXPECT_TRUE(contains(expected.at("level"), report["risk"]["level"])) << summary;
  EXPECT_TRUE(contains(expected.at("recommendation"), report["recommendation"])) << summary;
  const auto factors = ids(report["factors"], "id");
  for (const auto& factor : expected.value("factors", json::array()))
    EXPECT_TRUE(has(factors, factor)) << "missing factor " << factor << "\n" << summary;
  for (const auto& factor : expected.value("absent_factors", json::array()))
    EXPECT_FALSE(has(factors, factor)) << "unexpected factor " << factor << "\n" << summary;
  const auto missing = ids(report["missing_information"], "path");
  for (const auto& path : expected.value("missing", json::array()))
    EXPECT_TRUE(has(missing, path)) << "not reported missing: " << path << "\n"
                                    << report["missing_information"].dump(1);
  const auto flags = ids(report["red_flags"], "id");
  for (const auto& flag : expected.value("red_flags", json::array()))
    EXPECT_TRUE(has(flags, flag)) << "red flag not reported: " << flag;
  const auto conditions = ids(report["conditions"], "id");
  for (const auto& condition : expected.value("conditions", json::array()))
    EXPECT_TRUE(has(conditions, condition)) << "condition not proposed: " << condition << "\n"
                                            << summary;
  bool any_hit = false;
  for (const auto& party : report["screening"]) any_hit = any_hit || !party["hits"].empty();
  EXPECT_EQ(any_hit, expected.value("screening_hit", false)) << report["screening"].dump(1);
}

TEST_P(CaseTable, IsDeterministic) {
  ECHRI_REQUIRE_SHARED_DATA(shared);
  const auto& w = world(shared);
  ASSERT_TRUE(w.error.empty()) << w.error;
  EXPECT_EQ(assess_case(GetParam(), w).dump(), assess_case(GetParam(), w).dump());
}

std::string case_name(const ::testing::TestParamInfo<json>& info) {
  std::string name = info.param.at("file").get<std::string>();
  name = name.substr(0, name.rfind('.'));
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, CaseTable, ::testing::ValuesIn(load_cases()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CaseTable);

TEST(CaseTableFile, HasAtLeastFortyCasesAcrossAllClasses) {
  const auto cases = load_cases();
  EXPECT_GE(cases.size(), 40U);
  std::map<std::string, int> classes;
  for (const auto& entry : cases) ++classes[entry.at("class").get<std::string>()];
  for (const auto* name :
       {"clear_approval", "clear_refusal", "incomplete", "conditional", "referral"})
    EXPECT_GE(classes[name], 5) << name;
}

}  // namespace
}  // namespace echri::cli
