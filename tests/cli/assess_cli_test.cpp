#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/cli_runner.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using nlohmann::json;
using testing::Outcome;
using testing::run_cli;

std::string fixture(const std::string& name) {
  return (echri::testing::fixtures_dir() / "assessment" / "cli" / name).string();
}

std::string country_fixture(const std::string& name) {
  return (echri::testing::fixtures_dir() / "countries" / name).string();
}

bool has_factor(const json& report, const std::string& id) {
  for (const auto& factor : report["factors"])
    if (factor["id"] == id) return true;
  return false;
}

class AssessCli : public ::testing::Test {
 protected:
  Outcome echri(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", data_dir_});
    return run_cli(args);
  }
  void import_data() {
    const auto demo_list = std::string(ECHRI_SOURCE_DIR) + "/data/demo/demo_list.csv";
    ASSERT_EQ(echri({"lists", "import", demo_list, "--format", "csl-csv"}).code, kExitOk);
    const auto countries = echri({"countries", "import", country_fixture("pts_small.csv"),
                                  country_fixture("fiw_small.csv")});
    ASSERT_EQ(countries.code, kExitOk) << countries.err;
  }
  echri::testing::TempDir dir_;
  std::string data_dir_ = (dir_.path() / "data").string();
};

TEST_F(AssessCli, WithoutDataItSaysWhatIsMissingAndStillAssesses) {
  const auto result = echri({"assess", fixture("egypt-police.json")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_NE(result.err.find("no restricted-party lists"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("echri lists import"), std::string::npos);
  EXPECT_NE(result.err.find("no country data"), std::string::npos);
  EXPECT_NE(result.err.find("echri countries import"), std::string::npos);
  const auto report = json::parse(result.out);
  EXPECT_FALSE(report["screening_status"]["performed"].get<bool>());
  EXPECT_TRUE(has_factor(report, "screening.not_performed"));
  EXPECT_TRUE(has_factor(report, "destination_data.missing"));
  EXPECT_EQ(report["screening"][0]["status"], "not_screened");
  EXPECT_EQ(report["data_warnings"].size(), 2U);
}

TEST_F(AssessCli, JsonCarriesTheRequiredFields) {
  import_data();
  const auto result = echri({"assess", fixture("egypt-police.json"), "--format", "json"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  const auto report = json::parse(result.out);
  for (const auto* key : {"conditions", "factors", "missing_information", "red_flags", "screening"})
    EXPECT_TRUE(report[key].is_array()) << key;
  const auto level = report["risk"]["level"].get<std::string>();
  EXPECT_TRUE(level == "high" || level == "severe") << level;
  const double score = report["risk"]["score"];
  EXPECT_GE(score, 0);
  EXPECT_LE(score, 100);
  for (const auto& factor : report["factors"]) {
    EXPECT_TRUE(factor["id"].is_string());
    EXPECT_TRUE(factor["points"].is_number());
    EXPECT_FALSE(factor["evidence"].get<std::string>().empty());
    EXPECT_FALSE(factor["citation"].get<std::string>().empty());
  }
  EXPECT_TRUE(has_factor(report, "item_sensitivity.critical"));
  EXPECT_TRUE(has_factor(report, "end_user_type.police"));
  EXPECT_TRUE(has_factor(report, "destination_pts.5"));  // the fixture's fictional 2023 level
  EXPECT_TRUE(has_factor(report, "red_flag.payment_in_cash"));
  EXPECT_TRUE(has_factor(report, "assurance_refused.post_shipment_checks"));
  EXPECT_EQ(report["red_flags"][0]["id"], "payment_in_cash");
  EXPECT_EQ(report["screening"][0]["status"], "clear");
  EXPECT_EQ(report["destination"]["country"]["alpha2"], "EG");
}

TEST_F(AssessCli, TheSameInputGivesByteIdenticalJson) {
  import_data();
  const auto out = (dir_.path() / "report.json").string();
  const auto first = echri({"assess", fixture("egypt-police.json"), "--out", out});
  ASSERT_EQ(first.code, kExitOk) << first.err;
  const auto written = echri::testing::read_file(out);
  const auto second = echri({"assess", fixture("egypt-police.json")});
  EXPECT_EQ(written, second.out);
  EXPECT_FALSE(written.empty());
}

TEST_F(AssessCli, AListedEndUserIsFlaggedAndReferred) {
  import_data();
  const auto result = echri({"assess", fixture("listed-end-user.json")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  const auto report = json::parse(result.out);
  EXPECT_TRUE(has_factor(report, "screening.match")) << report["factors"].dump(1);
  EXPECT_EQ(report["screening"][0]["status"], "potential_match");
  EXPECT_EQ(report["screening"][0]["hits"][0]["source_id"], "DEMO-001");
  const auto recommendation = report["recommendation"].get<std::string>();
  EXPECT_TRUE(recommendation == "refer" || recommendation == "deny") << recommendation;
  bool resolve = false;
  for (const auto& condition : report["conditions"])
    resolve = resolve || condition["id"] == "resolve_screening_match";
  EXPECT_TRUE(resolve || recommendation == "deny");
}

TEST_F(AssessCli, MissingInformationAsksForIt) {
  import_data();
  const auto result = echri({"assess", fixture("incomplete.json"), "--as-of", "2026-06-01"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  const auto report = json::parse(result.out);
  EXPECT_EQ(report["recommendation"], "request_information");
  EXPECT_EQ(report["as_of"], "2026-06-01");
  std::vector<std::string> paths;
  for (const auto& missing : report["missing_information"]) paths.push_back(missing["path"]);
  for (const auto* path : {"$.parties", "$.end_use.category", "$.end_use.description",
                           "$.items[0].capabilities", "$.assurances.end_use_statement"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), path), paths.end()) << path;
}

TEST_F(AssessCli, AnEssentiallyIdenticalDenialIsWeighedAndTheOtherIsNot) {
  import_data();
  const auto result =
      echri({"assess", fixture("egypt-police.json"), "--denials", fixture("denials.json")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  const auto report = json::parse(result.out);
  ASSERT_EQ(report["peer_denials"].size(), 1U);
  EXPECT_EQ(report["peer_denials"][0]["reference"], "DN-NL-TEST-1");
  EXPECT_TRUE(has_factor(report, "peer_denial.denial"));
}

TEST_F(AssessCli, MarkdownAndHtmlReportsAreReadableAndEscaped) {
  import_data();
  const auto markdown = echri({"assess", fixture("egypt-police.json"), "--format", "md"});
  ASSERT_EQ(markdown.code, kExitOk) << markdown.err;
  EXPECT_EQ(markdown.out.rfind("# Human-rights risk assessment: CLI-EG-1", 0), 0U);
  EXPECT_NE(markdown.out.find("| `end_user_type.police` |"), std::string::npos);
  const auto html = echri({"assess", fixture("egypt-police.json"), "--format", "html"});
  ASSERT_EQ(html.code, kExitOk) << html.err;
  EXPECT_EQ(html.out.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_NE(html.out.find("</html>"), std::string::npos);
  // The item description carries "<with DPI>": it must never reach the page unescaped.
  EXPECT_EQ(html.out.find("<with DPI>"), std::string::npos);
  EXPECT_NE(html.out.find("Fictional Police Directorate (test)"), std::string::npos);
}

TEST_F(AssessCli, BadInputIsRefusedWithItsPathAndNothingIsWritten) {
  const auto out = (dir_.path() / "never.json").string();
  const auto result = echri({"assess", fixture("bad-field.json"), "--out", out});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_EQ(result.err, "echri: " + fixture("bad-field.json") +
                            ": $.items[0].colour: unknown field (expected one of: description, "
                            "control_entry, capabilities, quantity, value, currency)\n");
  EXPECT_TRUE(result.out.empty());
  EXPECT_FALSE(std::filesystem::exists(out));

  const auto missing = echri({"assess", fixture("nonexistent.json")});
  EXPECT_EQ(missing.code, kExitNotFound);

  const auto bad_date = echri({"assess", fixture("incomplete.json"), "--as-of", "01/06/2026"});
  EXPECT_EQ(bad_date.code, kExitUsage);

  const auto bad_format = echri({"assess", fixture("incomplete.json"), "--format", "pdf"});
  EXPECT_EQ(bad_format.code, kExitUsage);
}

TEST_F(AssessCli, ABadPolicyFileIsNamedWithItsLine) {
  const auto policy = dir_.path() / "policy.toml";
  echri::testing::write_file(policy,
                             "[policy]\nname = \"x\"\nversion = \"1\"\n[levels]\nlow = 3\n");
  const auto result = echri({"assess", fixture("incomplete.json"), "--policy", policy.string()});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_NE(result.err.find(policy.string() + ":5: levels.low: unknown field"), std::string::npos)
      << result.err;
}

TEST_F(AssessCli, AnAuthoritysOwnPolicyReplacesTheDefault) {
  import_data();
  auto text =
      echri::testing::read_file(std::string(ECHRI_SOURCE_DIR) + "/data/policy/default-policy.toml");
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("name = \"echri default policy\"", "name = \"Fictional Authority policy (test)\"");
  replace("police = 15,", "police = 40,");
  const auto policy = dir_.path() / "authority-policy.toml";
  echri::testing::write_file(policy, text);
  const auto standard = json::parse(echri({"assess", fixture("egypt-police.json")}).out);
  const auto result = echri({"assess", fixture("egypt-police.json"), "--policy", policy.string()});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  const auto custom = json::parse(result.out);
  EXPECT_EQ(custom["policy"]["name"], "Fictional Authority policy (test)");
  EXPECT_GT(custom["risk"]["score"].get<double>(), standard["risk"]["score"].get<double>());
}

TEST_F(AssessCli, DiligenceListsTheActionsStillToTake) {
  import_data();
  const auto result = echri({"diligence", fixture("questionnaire.json")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  const auto report = json::parse(result.out);
  EXPECT_EQ(report["reference"], "DD-EG-1");
  std::map<std::string, json> steps;
  for (const auto& step : report["steps"]) steps[step["id"]] = step;
  for (const auto* id : {"commit", "classify", "assess_misuse", "screen_parties",
                         "assess_destination", "mitigate", "notify", "remedy_and_record"})
    EXPECT_TRUE(steps.contains(id)) << id;
  EXPECT_EQ(steps["commit"]["status"], "done");
  EXPECT_EQ(steps["assess_destination"]["status"], "action_required");
  EXPECT_EQ(steps["remedy_and_record"]["status"], "action_required");
  EXPECT_GT(report["open_actions"].get<int>(), 3);
  EXPECT_NE(report["licence"]["indication"], "not_indicated");
  EXPECT_TRUE(report["assessment"]["factors"].is_array());

  const auto markdown = echri({"diligence", fixture("questionnaire.json"), "--format", "md"});
  ASSERT_EQ(markdown.code, kExitOk);
  EXPECT_NE(markdown.out.find("- [ ] "), std::string::npos);
  EXPECT_NE(markdown.out.find("[done] Commit to respecting human rights"), std::string::npos);
}

TEST_F(AssessCli, DiligenceNamesErrorsInsideTheApplication) {
  const auto questionnaire = dir_.path() / "q.json";
  echri::testing::write_file(questionnaire,
                             R"json({"application": {"reference": "X", "exporter": {"name": "A",
                             "country": "DE"}, "destination": "ZZ", "items": []},
                             "steps": {}})json");
  const auto result = echri({"diligence", questionnaire.string()});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_NE(result.err.find("$.application.destination"), std::string::npos) << result.err;

  echri::testing::write_file(questionnaire,
                             R"json({"application": {}, "steps": {"vibes": true}})json");
  const auto bad_step = echri({"diligence", questionnaire.string()});
  EXPECT_NE(bad_step.err.find("$.steps.vibes: unknown field"), std::string::npos) << bad_step.err;
}

}  // namespace
}  // namespace echri::cli
