// `echri cases rescreen`: after a list update, open cases whose parties now match are flagged.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "cases/demo.hpp"
#include "cli/cli_runner.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using testing::run_cli;

TEST(CasesCli, RescreenFlagsOpenCasesThatANewListEntryMatches) {
  const echri::testing::TempDir dir;
  const auto data = dir.path().string();
  ASSERT_EQ(run_cli({"--data-dir", data, "cases", "rescreen"}).code, kExitNotFound);
  const auto demo_list = std::string(ECHRI_SOURCE_DIR) + "/data/demo/demo_list.csv";
  ASSERT_EQ(run_cli({"--data-dir", data, "lists", "import", demo_list, "--format", "csl-csv"}).code,
            kExitOk);
  std::vector<std::string> applications;
  {
    auto store = store::open_store("", dir.path());
    ASSERT_TRUE(store) << store.error().describe();
    cases::Accounts accounts(**store);
    cases::ListHolder lists;
    const cases::Evaluator evaluator(lists, assessment::Catalogue::builtin(),
                                     assessment::Policy::builtin(), {}, 0.85);
    cases::CaseServices service(**store, evaluator);
    cases::Inquiries inquiries(**store, evaluator);
    auto seeded = cases::seed_demo(accounts, service, inquiries);
    ASSERT_TRUE(seeded) << seeded.error().describe();
    applications = seeded->applications;
  }
  // The demo cases were submitted without lists: the first re-screen finds the listed parties
  // of the open surveillance case (applications[0]); the research case is decided, not open.
  auto first = run_cli({"--data-dir", data, "cases", "rescreen", "--json"});
  ASSERT_EQ(first.code, kExitOk) << first.err;
  const auto report = nlohmann::json::parse(first.out);
  EXPECT_EQ(report["cases_screened"], 2);
  EXPECT_EQ(report["flagged"], nlohmann::json::array({applications[0]}));
  // Nothing new the second time.
  auto again = run_cli({"--data-dir", data, "cases", "rescreen"});
  ASSERT_EQ(again.code, kExitOk) << again.err;
  EXPECT_NE(again.out.find("0 with new matches"), std::string::npos) << again.out;
  // A list update that names the incomplete case's end user flags that case.
  const auto update = dir.path() / "update.csv";
  auto text = echri::testing::read_file(demo_list);
  text +=
      "Entity List (EL) - Bureau of Industry and Security,DEMO-900,Entity,,Make-Believe "
      "Telecom SAE (fictional),,\"Cairo, EG\",,,,,,,,,,,,,Fictional record for the echri "
      "test; not a real listing.,,,,,,,,\n";
  echri::testing::write_file(update, text);
  ASSERT_EQ(
      run_cli({"--data-dir", data, "lists", "import", update.string(), "--format", "csl-csv"}).code,
      kExitOk);
  auto updated = run_cli({"--data-dir", data, "cases", "rescreen", "--json"});
  ASSERT_EQ(updated.code, kExitOk) << updated.err;
  EXPECT_EQ(nlohmann::json::parse(updated.out)["flagged"],
            nlohmann::json::array({applications[2]}));
  EXPECT_EQ(run_cli({"--data-dir", data, "audit", "verify"}).code, kExitOk);
}

}  // namespace
}  // namespace echri::cli
