// `echri exchange ...` run in-process on SQLite: keys, peers, publishing, the inbox, the
// directory, and verification that catches a log edited in the database.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_runner.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using testing::run_cli;

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

class ExchangeCliTest : public ::testing::Test {
 protected:
  [[nodiscard]] std::string data(const echri::testing::TempDir& dir) const {
    return dir.path().string();
  }
  testing::Outcome in(const echri::testing::TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", data(dir)});
    return run_cli(args);
  }
  void init(const echri::testing::TempDir& dir, const std::string& origin,
            const std::string& state) {
    const auto created =
        in(dir, {"exchange", "keys", "--init", "--origin", origin, "--state", state});
    ASSERT_EQ(created.code, 0) << created.err;
    ASSERT_EQ(in(dir, {"db", "migrate"}).code, 0);
  }
  std::filesystem::path body(const std::string& name, const std::string& json) {
    auto path = files_.path() / name;
    write_file(path, json);
    return path;
  }

  echri::testing::TempDir us_;
  echri::testing::TempDir de_;
  echri::testing::TempDir files_;
};

constexpr std::string_view kThreat =
    R"({"subject_type":"technology","subject":"Fictional spyware","summary":"Demo.","risk":"high"})";

TEST_F(ExchangeCliTest, KeysAreCreatedOncePrivatelyAndPrintedInPublicForm) {
  const auto created =
      in(us_, {"exchange", "keys", "--init", "--origin", "us.node.example/echri", "--state", "US"});
  ASSERT_EQ(created.code, 0) << created.err;
  EXPECT_EQ(
      created.out.rfind("origin us.node.example/echri\nstate US\nlog us.node.example/echri+", 0),
      0U)
      << created.out;
  EXPECT_NE(created.out.find("\nwitness us.node.example/echri/witness+"), std::string::npos);
  EXPECT_NE(created.out.find("\nencryption x25519:"), std::string::npos);
  EXPECT_EQ(created.out.find("PRIVATE"), std::string::npos);
  struct stat info {};
  ASSERT_EQ(::stat((us_.path() / "exchange.keys").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);

  // Never replaced; printed again as they are.
  const auto again =
      in(us_, {"exchange", "keys", "--init", "--origin", "other.example/x", "--state", "US"});
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("not replaced"), std::string::npos) << again.err;
  EXPECT_EQ(in(us_, {"exchange", "keys"}).out, created.out);

  EXPECT_EQ(in(de_, {"exchange", "keys", "--init", "--origin", "de.example/x"}).code, 2);
  const auto bad_state =
      in(de_, {"exchange", "keys", "--init", "--origin", "de.example/x", "--state", "QQ"});
  EXPECT_EQ(bad_state.code, 1);
  EXPECT_NE(bad_state.err.find("'QQ' is not a state code"), std::string::npos) << bad_state.err;
  const auto none = in(de_, {"exchange", "status"});
  EXPECT_EQ(none.code, 3);
  EXPECT_NE(none.err.find("exchange keys --init"), std::string::npos) << none.err;
}

TEST_F(ExchangeCliTest, PeersAreAddedFromTheirPublicKeysAndBadFilesAreNamed) {
  init(us_, "us.node.example/echri", "US");
  init(de_, "de.node.example/echri", "DE");
  const auto public_us = files_.path() / "us.pub";
  write_file(public_us, in(us_, {"exchange", "keys"}).out);
  const auto added = in(de_, {"exchange", "peers", "add", "--public", public_us.string(), "--url",
                              "http://127.0.0.1:1", "--token", "secret-token"});
  ASSERT_EQ(added.code, 0) << added.err;
  const auto listed = in(de_, {"exchange", "peers", "list"});
  EXPECT_NE(listed.out.find("us.node.example/echri  US"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("secret-token"), std::string::npos);

  // A key file whose log key is named for another origin.
  auto text = in(us_, {"exchange", "keys"}).out;
  text.replace(text.find("us.node.example/echri"), 21, "xx.node.example/echri");
  const auto forged = files_.path() / "forged.pub";
  write_file(forged, text);
  const auto refused = in(de_, {"exchange", "peers", "add", "--public", forged.string(), "--url",
                                "http://127.0.0.1:1"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find(forged.string() + ":3"), std::string::npos) << refused.err;

  // Syncing an unreachable peer fails naming it, and raises no alert.
  const auto sync = in(de_, {"exchange", "sync"});
  EXPECT_EQ(sync.code, 1);
  EXPECT_NE(sync.err.find("us.node.example/echri: "), std::string::npos) << sync.err;
  EXPECT_NE(in(de_, {"exchange", "status"}).out.find("ok"), std::string::npos);
}

TEST_F(ExchangeCliTest, PublishedNotificationsReachTheInboxAndBadBodiesAreNamed) {
  init(us_, "us.node.example/echri", "US");
  const auto published = in(us_, {"exchange", "publish", "--kind", "threat_report", "--body",
                                  body("threat.json", std::string(kThreat)).string()});
  ASSERT_EQ(published.code, 0) << published.err;
  EXPECT_NE(published.out.find("published entry 0 of us.node.example/echri"), std::string::npos);

  const auto bad = body("bad.json", R"({"subject_type":"technology","subject":"x","summary":"y",
                                         "risk":"catastrophic"})");
  const auto refused =
      in(us_, {"exchange", "publish", "--kind", "threat_report", "--body", bad.string()});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find(bad.string() + ": $.body.risk"), std::string::npos) << refused.err;
  const auto unknown = in(us_, {"exchange", "publish", "--kind", "threat_report", "--body",
                                body("t.json", std::string(kThreat)).string(), "--to", "NL"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.err.find("no known node of the state 'NL'"), std::string::npos) << unknown.err;
  EXPECT_EQ(in(us_, {"exchange", "publish", "--kind", "rumour", "--body", bad.string()}).code, 2);

  const auto inbox = in(us_, {"exchange", "inbox"});
  EXPECT_NE(inbox.out.find("threat_report"), std::string::npos) << inbox.out;
  const auto status = in(us_, {"exchange", "status"});
  EXPECT_NE(status.out.find("us.node.example/echri (US): 1 entries"), std::string::npos)
      << status.out;
  const auto states = in(us_, {"exchange", "states"});
  EXPECT_NE(states.out.find("US *"), std::string::npos) << states.out;
  EXPECT_NE(states.out.find("Costa Rica"), std::string::npos);
}

TEST_F(ExchangeCliTest, VerifyCatchesAnEntryEditedInTheDatabase) {
  init(us_, "us.node.example/echri", "US");
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(in(us_, {"exchange", "publish", "--kind", "threat_report", "--body",
                       body("t.json", std::string(kThreat)).string()})
                  .code,
              0);
  const auto intact = in(us_, {"exchange", "verify"});
  EXPECT_EQ(intact.code, 0) << intact.out << intact.err;

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((us_.path() / "echri.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE exchange_entries SET entry = CAST('{}' AS BLOB) WHERE idx = 1",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const auto broken = in(us_, {"exchange", "verify"});
  EXPECT_EQ(broken.code, 1);
  EXPECT_NE(broken.out.find("PROBLEM us.node.example/echri: the stored entries do not hash"),
            std::string::npos)
      << broken.out;
}

}  // namespace
}  // namespace echri::cli
