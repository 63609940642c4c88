#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/app.hpp"
#include "cli/cli_runner.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using testing::run_cli;

// A data dir with a small fictional list imported through the CLI itself.
class ScreenCli : public ::testing::Test {
 protected:
  void SetUp() override {
    list_ = dir_.path() / "fictional.csv";
    echri::testing::write_file(
        list_,
        "source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
        "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
        "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
        "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
        "source_information_url,ids\n"
        "Entity List (EL) - Bureau of Industry and Security,1001,Entity,,Fictitious Surveillance "
        "Systems LLC,,\"1 Imaginary Road, Nowhere\",,,,,,,,,,,,,,,FSS LLC; Fictitious "
        "Surveillance,,,,,,\n"
        "Specially Designated Nationals (SDN) - Treasury Department,1002,Individual,TEST,"
        "\"FICTITSKY, Boris Ivanovich\",,,,,,,,,,,,,,,,,Boris Fiktitski,,1961-03-04,,,,\n");
    data_dir_ = (dir_.path() / "data").string();
    const auto imported = run_cli(
        {"--data-dir", data_dir_, "lists", "import", list_.string(), "--format", "csl-csv"});
    ASSERT_EQ(imported.code, 0) << imported.err;
  }
  echri::testing::TempDir dir_;
  std::filesystem::path list_;
  std::string data_dir_;
};

TEST_F(ScreenCli, ScreensOneNameWithExplanation) {
  const auto result = run_cli({"--data-dir", data_dir_, "screen", "Boris Fictitskiy"});
  ASSERT_EQ(result.code, 0) << result.err;
  EXPECT_NE(result.out.find("FICTITSKY, Boris Ivanovich"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("tokens:"), std::string::npos) << result.out;
  // What officers need to tell namesakes apart: programmes and date of birth.
  EXPECT_NE(result.out.find("programmes: TEST"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("born: 1961-03-04"), std::string::npos) << result.out;
}

TEST_F(ScreenCli, APartyOnTwoListsIsOneMatchNamingBoth) {
  // The SDN entry the CSL above republishes under OFAC's number.
  const auto sdn = dir_.path() / "sdn.csv";
  echri::testing::write_file(sdn,
                             "1002,\"FICTITSKY, Boris Ivanovich\",\"individual\",\"TEST\",-0- ,"
                             "-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 04 Mar 1961; nationality "
                             "Russia.\"\r\n");
  const auto imported = run_cli({"--data-dir", data_dir_, "lists", "import", sdn.string()});
  ASSERT_EQ(imported.code, 0) << imported.err;

  const auto text = run_cli({"--data-dir", data_dir_, "screen", "Boris Fictitskiy"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("1 match for"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("us-csl 1002"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("us-ofac-sdn 1002"), std::string::npos) << text.out;
  // The facts of both listings: the country comes from the SDN entry only.
  EXPECT_NE(text.out.find("countries: RU"), std::string::npos) << text.out;

  // A batch row is one party too, naming its other listings in the last column.
  const auto input = dir_.path() / "batch.csv";
  echri::testing::write_file(input, "id,name\nq1,Boris Fictitskiy\n");
  const auto batch = run_cli({"--data-dir", data_dir_, "screen", "--batch", input.string()});
  ASSERT_EQ(batch.code, 0) << batch.err;
  const auto rows = std::count(batch.out.begin(), batch.out.end(), '\n');
  EXPECT_EQ(rows, 2) << batch.out;  // the header and one party
  const bool names_the_other = batch.out.find(",us-ofac-sdn 1002\n") != std::string::npos ||
                               batch.out.find(",us-csl 1002\n") != std::string::npos;
  EXPECT_TRUE(names_the_other) << batch.out;

  const auto json_run = run_cli({"--data-dir", data_dir_, "screen", "Boris Fictitskiy", "--json"});
  ASSERT_EQ(json_run.code, 0) << json_run.err;
  const auto json = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(json["total_matches"], 1);
  ASSERT_EQ(json["matches"].size(), 1u);
  const auto& match = json["matches"][0];
  ASSERT_EQ(match["sources"].size(), 2u);
  std::set<std::string> lists;
  for (const auto& source : match["sources"]) {
    lists.insert(source["list"].get<std::string>());
    EXPECT_EQ(source["source_id"], "1002");
  }
  EXPECT_EQ(lists, (std::set<std::string>{"us-csl", "us-ofac-sdn"}));
  EXPECT_EQ(match["sources"][0]["list"], match["list"]) << "the best listing first";
  EXPECT_FALSE(match["merged_on"].get<std::string>().empty());
}

TEST_F(ScreenCli, JsonOutputCarriesTheExplanation) {
  const auto result = run_cli({"--data-dir", data_dir_, "screen", "Fictitious Surveillance Systems",
                               "--type", "organization", "--json"});
  ASSERT_EQ(result.code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["matches"].size(), 1u);
  const auto& match = json["matches"][0];
  EXPECT_EQ(match["source_id"], "1001");
  EXPECT_GE(match["score"].get<double>(), 0.8);
  EXPECT_FALSE(match["explanation"]["token_pairs"].empty());
  EXPECT_EQ(match["explanation"]["qualifiers"][0]["qualifier"], "type");
}

TEST_F(ScreenCli, NoMatchIsSaidPlainly) {
  const auto result = run_cli({"--data-dir", data_dir_, "screen", "Jane Nobody"});
  ASSERT_EQ(result.code, 0);
  EXPECT_NE(result.out.find("no match"), std::string::npos);
}

TEST_F(ScreenCli, BadQualifiersAreUsageErrors) {
  auto result = run_cli({"--data-dir", data_dir_, "screen", "X", "--dob", "03/04/1961"});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_NE(result.err.find("date_of_birth"), std::string::npos) << result.err;
  result = run_cli({"--data-dir", data_dir_, "screen", "X", "--threshold", "1.5"});
  EXPECT_EQ(result.code, kExitUsage);
  result = run_cli({"--data-dir", data_dir_, "screen"});
  EXPECT_EQ(result.code, kExitUsage);
}

TEST_F(ScreenCli, BatchWritesOneRowPerMatch) {
  const auto input = dir_.path() / "batch.csv";
  echri::testing::write_file(input,
                             "id,name,dob\nq1,Boris Ivanovich Fictitsky,1961\nq2,Jane Nobody,\n"
                             "q3,\"Fictitious Surveillance Systems, LLC\",\n");
  const auto output = dir_.path() / "out.csv";
  const auto result = run_cli(
      {"--data-dir", data_dir_, "screen", "--batch", input.string(), "--out", output.string()});
  ASSERT_EQ(result.code, 0) << result.err;
  const std::string csv = echri::testing::read_file(output);
  EXPECT_EQ(csv.rfind("id,list,source_id,matched_name,score,also_listed\n", 0), 0u) << csv;
  EXPECT_NE(csv.find("q1,us-csl,1002,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("q3,us-csl,1001,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("q2,"), std::string::npos) << csv;
}

TEST_F(ScreenCli, BatchJsonLinesAndBadInput) {
  const auto input = dir_.path() / "batch.csv";
  echri::testing::write_file(input, "id,name\nq1,Boris Fictitsky\n");
  auto result = run_cli({"--data-dir", data_dir_, "screen", "--batch", input.string(), "--json"});
  ASSERT_EQ(result.code, 0) << result.err;
  const auto line = nlohmann::json::parse(result.out.substr(0, result.out.find('\n')));
  EXPECT_EQ(line["id"], "q1");
  EXPECT_TRUE(line.contains("explanation"));

  echri::testing::write_file(input, "id,name\nq1,Boris\nq2\n");
  const auto output = dir_.path() / "never.csv";
  result = run_cli(
      {"--data-dir", data_dir_, "screen", "--batch", input.string(), "--out", output.string()});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_NE(result.err.find("batch.csv:3"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(output));
}

TEST(ScreenCliNoLists, SaysWhatToDo) {
  echri::testing::TempDir dir;
  const auto result = run_cli({"--data-dir", dir.path().string(), "screen", "Anyone"});
  EXPECT_EQ(result.code, kExitNotFound);
  EXPECT_NE(result.err.find("lists import"), std::string::npos) << result.err;
}

TEST(CompareCli, PrintsScoreAndExplanation) {
  auto result = run_cli({"compare", "Vladimir Vladimirovich Putin", "PUTIN, Vladimir"});
  ASSERT_EQ(result.code, 0) << result.err;
  EXPECT_NE(result.out.find("only in query: vladimirovich"), std::string::npos) << result.out;
  result = run_cli({"compare", "Acme Trading LLC", "ACME TRADING L.L.C.", "--json"});
  ASSERT_EQ(result.code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["schema"], "organization");
  EXPECT_DOUBLE_EQ(json["score"].get<double>(), 1.0);
  result = run_cli({"compare", "only one"});
  EXPECT_EQ(result.code, kExitUsage);
}

// Real list entries: identifiers with their kind written in front, vessels with their type, and
// names written in other scripts or run together (docs/matching.md).
TEST(ScreenCliRealData, IdentifiersVesselsAndScripts) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  echri::testing::TempDir dir;
  const std::string data_dir = (dir.path() / "data").string();
  const auto imported = run_cli(
      {"--data-dir", data_dir, "lists", "import", (data / "lists" / "ofac" / "sdn.csv").string()});
  ASSERT_EQ(imported.code, 0) << imported.err;
  const auto screen = [&](std::vector<std::string> args) {
    std::vector<std::string> all{"--data-dir", data_dir, "screen"};
    all.insert(all.end(), args.begin(), args.end());
    const auto result = run_cli(all);
    EXPECT_EQ(result.code, 0) << result.err;
    return result.out;
  };
  // --id "IMO 9116412" finds what --id 9116412 finds: the vessel ADRIAN DARYA 1.
  for (const std::string id : {"9116412", "IMO 9116412", "IMO: 9116412", "imo9116412"}) {
    EXPECT_NE(screen({"Unknown Ship", "--id", id}).find("ADRIAN DARYA 1"), std::string::npos) << id;
  }
  for (const std::string name : {"MT Artavil", "M/T Artavil", "MV ARTAVIL", "M/V Artavil"})
    EXPECT_NE(screen({name, "--type", "vessel"}).find("ARTAVIL"), std::string::npos) << name;
  // A common name: the cut list says how many matched.
  const std::string many = screen({"Mohammed Ali"});
  EXPECT_NE(many.find("10 of "), std::string::npos) << many;
  const auto json = nlohmann::json::parse(screen({"Mohammed Ali", "--json", "--limit", "3"}));
  EXPECT_EQ(json["matches"].size(), 3u);
  EXPECT_GT(json["total_matches"].get<int>(), 10);
  EXPECT_NE(screen({"김정은"}).find("KIM, Jong Un"), std::string::npos);
  EXPECT_NE(screen({"حسن نصر الله"}).find("NASRALLAH, Hasan"), std::string::npos);
  EXPECT_NE(screen({"B a s h a r Al-Assad"}).find("AL-ASSAD, Bashar"), std::string::npos);
  EXPECT_NE(screen({"BasharAlAssad"}).find("AL-ASSAD, Bashar"), std::string::npos);
  EXPECT_NE(screen({"Bash4r al-Ass4d"}).find("AL-ASSAD, Bashar"), std::string::npos);
}

}  // namespace
}  // namespace echri::cli
