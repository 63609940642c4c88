#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/app.hpp"
#include "cli/cli_runner.hpp"
#include "cli/context.hpp"
#include "screening/list_test_server.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using testing::Outcome;
using testing::run_cli;

std::string fixture(const std::string& name) {
  return (echri::testing::fixtures_dir() / "lists" / name).string();
}

class ListsCli : public ::testing::Test {
 protected:
  Outcome lists(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", data_dir_, "lists"});
    return run_cli(args);
  }
  echri::testing::TempDir dir_;
  std::string data_dir_ = (dir_.path() / "data").string();
};

TEST_F(ListsCli, ImportPrintsEachListWithCountAndVersion) {
  const auto result = lists(
      {"import", fixture("un/un_small.xml"), fixture("ofac/sdn.csv"), fixture("uk/ConList.csv")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_NE(result.out.find("imported us-ofac-sdn: 6 entities, version sha256:"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("imported un-sc: 3 entities, version sha256:"), std::string::npos);
  EXPECT_NE(result.out.find("imported uk-ofsi: 4 entities"), std::string::npos);
}

TEST_F(ListsCli, ImportWithAnExplicitFormat) {
  const auto result = lists({"import", fixture("csl/csl.csv"), "--format", "csl-csv"});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_NE(result.out.find("imported us-csl: 5 entities"), std::string::npos);
  const auto wrong = lists({"import", fixture("csl/csl.csv"), "--format", "un-xml"});
  EXPECT_EQ(wrong.code, kExitFailure);
  const auto unknown = lists({"import", fixture("csl/csl.csv"), "--format", "pdf"});
  EXPECT_EQ(unknown.code, kExitUsage);
}

TEST_F(ListsCli, AFailingFileImportsNothing) {
  const std::string bad = fixture("malformed/csl_missing_name.csv");
  const auto result = lists({"import", fixture("un/un_small.xml"), bad});
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_EQ(result.err, "echri: " + bad + ":3: field name: empty name\n");
  EXPECT_TRUE(result.out.empty());
  const auto status = lists({"status"});
  EXPECT_EQ(status.code, kExitNotFound);
  EXPECT_NE(status.err.find("no lists imported"), std::string::npos);
}

TEST_F(ListsCli, AFailedReimportKeepsThePreviousVersion) {
  ASSERT_EQ(lists({"import", fixture("un/un_small.xml")}).code, kExitOk);
  const auto before = lists({"status", "--json"});
  EXPECT_EQ(lists({"import", fixture("malformed/un_bad.xml"), "--format", "un-xml"}).code,
            kExitFailure);
  const auto after = lists({"status", "--json"});
  EXPECT_EQ(nlohmann::json::parse(before.out)[0]["version"],
            nlohmann::json::parse(after.out)[0]["version"]);
}

TEST_F(ListsCli, StatusTableAndJson) {
  ASSERT_EQ(lists({"import", fixture("un/un_small.xml"), fixture("eu/eu_fsf.xml")}).code, kExitOk);
  const auto table = lists({"status"});
  ASSERT_EQ(table.code, kExitOk) << table.err;
  std::istringstream lines(table.out);
  std::string header;
  std::string first;
  std::string second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_TRUE(header.starts_with("LIST")) << table.out;
  EXPECT_NE(header.find("ENTITIES"), std::string::npos);
  EXPECT_NE(header.find("PUBLISHED"), std::string::npos);
  EXPECT_TRUE(first.starts_with("eu-fsf")) << table.out;
  EXPECT_NE(first.find("EU Consolidated Financial Sanctions List"), std::string::npos);
  EXPECT_NE(first.find("2026-01-20"), std::string::npos);
  EXPECT_TRUE(second.starts_with("un-sc"));

  const auto json = lists({"status", "--json"});
  ASSERT_EQ(json.code, kExitOk);
  const auto parsed = nlohmann::json::parse(json.out);
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[1]["list_id"], "un-sc");
  EXPECT_EQ(parsed[1]["entities"], 3);
  EXPECT_EQ(parsed[1]["published"], "2026-01-15");
  EXPECT_EQ(parsed[1]["format"], "un-xml");
  // The table shows the first 12 hex digits of the version.
  const std::string version = parsed[1]["version"];
  EXPECT_NE(second.find(version.substr(7, 12)), std::string::npos);
}

TEST_F(ListsCli, DiffBetweenAnImportedListAndAFile) {
  ASSERT_EQ(lists({"import", fixture("csl/csl.csv")}).code, kExitOk);
  // A newer file: one name changed, the last record gone.
  echri::testing::TempDir work;
  const auto changed = work.path() / "csl.csv";
  std::string content = echri::testing::read_file(fixture("csl/csl.csv"));
  content.replace(content.find("DREAM TANKER"), 12, "DREAM TANKER II");
  content = content.substr(0, content.rfind("Denied Persons List (DPL)"));  // drop the last row
  echri::testing::write_file(changed, content);

  const auto text = lists({"diff", "us-csl", changed.string()});
  ASSERT_EQ(text.code, kExitOk) << text.err;
  EXPECT_NE(text.out.find("0 added, 1 removed, 1 changed, 3 unchanged"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("- "), std::string::npos);
  EXPECT_NE(text.out.find("PRETEND EXPORTS LTD."), std::string::npos);
  EXPECT_NE(text.out.find("~ 90002  DREAM TANKER II  (name)"), std::string::npos) << text.out;

  const auto json = lists({"diff", changed.string(), "us-csl", "--json"});
  ASSERT_EQ(json.code, kExitOk) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["counts"]["added"], 1);
  EXPECT_EQ(parsed["counts"]["changed"], 1);
  EXPECT_EQ(parsed["changed"][0]["changed_fields"], nlohmann::json::array({"name"}));
  EXPECT_EQ(parsed["changed"][0]["before"]["name"], "DREAM TANKER II");
  EXPECT_EQ(parsed["added"][0]["name"], "PRETEND EXPORTS LTD.");
}

TEST_F(ListsCli, DiffOfTwoFiles) {
  const auto result = lists({"diff", fixture("csl/csl.csv"), fixture("csl/csl.csv")});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_EQ(result.out, "0 added, 0 removed, 0 changed, 5 unchanged\n");
}

TEST_F(ListsCli, DiffOfAnUnknownOperand) {
  const auto result = lists({"diff", "no-such-list", fixture("csl/csl.csv")});
  EXPECT_EQ(result.code, kExitNotFound);
  EXPECT_NE(result.err.find("no-such-list"), std::string::npos);
}

class ListsUpdateCli : public ListsCli {
 protected:
  echri::testing::ListTestServer server_{echri::testing::fixtures_dir() / "lists"};

  std::vector<std::string> all_urls() const {
    return {"--url", "us-ofac-sdn=" + server_.url("/files/ofac/sdn.csv"),
            "--url", "us-csl=" + server_.url("/moved/csl/consolidated.json"),
            "--url", "un-sc=" + server_.url("/files/un/un_small.xml"),
            "--url", "eu-fsf=" + server_.url("/files/eu/eu_fsf.xml"),
            "--url", "uk-ofsi=" + server_.url("/files/uk/ConList.csv")};
  }
};

TEST_F(ListsUpdateCli, DownloadsAndImportsTheDefaultLists) {
  auto args = all_urls();
  args.insert(args.begin(), "update");
  const auto result = lists(args);
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_NE(result.out.find("downloading un-sc from " + server_.url("/files/un/un_small.xml")),
            std::string::npos)
      << result.out;
  for (const char* line : {"imported us-ofac-sdn: 6 entities", "imported us-csl: 4 entities",
                           "imported un-sc: 3 entities", "imported eu-fsf: 3 entities",
                           "imported uk-ofsi: 4 entities"})
    EXPECT_NE(result.out.find(line), std::string::npos) << line << "\n" << result.out;
  const auto status = nlohmann::json::parse(lists({"status", "--json"}).out);
  ASSERT_EQ(status.size(), 5u);
  // The status names the URLs, as the downloaded files are gone.
  EXPECT_EQ(status[4]["list_id"], "us-ofac-sdn");  // sorted by id
  EXPECT_EQ(status[4]["source_files"],
            nlohmann::json::array(
                {server_.url("/files/ofac/sdn.csv"), server_.url("/files/ofac/alt.csv"),
                 server_.url("/files/ofac/add.csv"), server_.url("/files/ofac/sdn_comments.csv")}));
  // The download folder is gone.
  EXPECT_TRUE(!std::filesystem::exists(std::filesystem::path(data_dir_) / "tmp") ||
              std::filesystem::is_empty(std::filesystem::path(data_dir_) / "tmp"));
}

TEST_F(ListsUpdateCli, OneFailingDownloadImportsNothing) {
  ASSERT_EQ(lists({"import", fixture("un/un_small.xml")}).code, kExitOk);
  const auto before = lists({"status", "--json"}).out;
  auto args = all_urls();
  args.insert(args.begin(), "update");
  args.push_back("--url");
  args.push_back("uk-ofsi=" + server_.url("/broken"));
  const auto result = lists(args);
  EXPECT_EQ(result.code, kExitFailure);
  EXPECT_NE(result.err.find("HTTP 500"), std::string::npos) << result.err;
  EXPECT_EQ(server_.broken_hits(), 1);
  EXPECT_EQ(lists({"status", "--json"}).out, before);
}

TEST_F(ListsUpdateCli, ListsAndUrlsFromAConfigFile) {
  const auto config = dir_.path() / "update.json";
  echri::testing::write_file(config,
                             nlohmann::json({{"lists", {"un-sc", "us-bis-dpl"}},
                                             {"urls",
                                              {{"un-sc", server_.url("/files/un/un_small.xml")},
                                               {"us-bis-dpl", server_.url("/files/dpl/dpl.txt")}}}})
                                 .dump());
  const auto result = lists({"update", "--config", config.string()});
  ASSERT_EQ(result.code, kExitOk) << result.err;
  EXPECT_NE(result.out.find("imported un-sc: 3 entities"), std::string::npos);
  EXPECT_NE(result.out.find("imported us-bis-dpl: 4 entities"), std::string::npos);

  // --list on the command line wins over the file's list.
  const auto only = lists({"update", "--config", config.string(), "--list", "us-bis-dpl"});
  ASSERT_EQ(only.code, kExitOk) << only.err;
  EXPECT_EQ(only.out.find("un-sc"), std::string::npos) << only.out;
}

TEST_F(ListsUpdateCli, UsageErrors) {
  EXPECT_EQ(lists({"update", "--list", "nowhere"}).code, kExitUsage);
  EXPECT_EQ(lists({"update", "--list", "un-sc", "--url", "no-equals-sign"}).code, kExitUsage);
  EXPECT_EQ(lists({"update", "--list", "un-sc", "--url", "nowhere=http://127.0.0.1/"}).code,
            kExitUsage);
  // No URL is known for the DPL: it must be given.
  const auto dpl = lists({"update", "--list", "us-bis-dpl"});
  EXPECT_EQ(dpl.code, kExitFailure);
  EXPECT_NE(dpl.err.find("--url us-bis-dpl=URL"), std::string::npos) << dpl.err;
}

}  // namespace
}  // namespace echri::cli
