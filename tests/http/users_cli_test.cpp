// `echri organisations` and `echri users`: bootstrapping an admin without a token, on the
// database the API serves.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "cases/accounts.hpp"
#include "cli/cli_runner.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using testing::Outcome;
using testing::run_cli;

class UsersCliTest : public ::testing::Test {
 protected:
  Outcome run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", dir_.path().string()});
    return run_cli(args);
  }
  echri::testing::TempDir dir_;
};

TEST_F(UsersCliTest, BootstrapsAnAdminWithAWorkingToken) {
  auto done = run({"organisations", "add", "authority", "--name", "Authority (fictional)", "--kind",
                   "authority", "--country", "DE"});
  ASSERT_EQ(done.code, 0) << done.err;
  done = run({"users", "add", "ada", "--name", "Ada Admin", "--role", "admin", "--organisation",
              "authority"});
  ASSERT_EQ(done.code, 0) << done.err;
  const auto issued = run({"users", "token", "ada"});
  ASSERT_EQ(issued.code, 0) << issued.err;
  // Only the token on standard output, for scripts.
  const auto token = issued.out.substr(0, issued.out.find('\n'));
  EXPECT_EQ(token.rfind("echri_", 0), 0U);
  EXPECT_EQ(issued.out, token + "\n");
  EXPECT_NE(issued.err.find("shown once"), std::string::npos);
  // The command acts as the system, not as ada: an enrolment token, which ada exchanges.
  EXPECT_NE(issued.err.find("enrolment token"), std::string::npos);
  EXPECT_NE(issued.err.find("/api/v1/tokens/exchange"), std::string::npos);

  auto store = store::open_store("", dir_.path());
  ASSERT_TRUE(store) << store.error().describe();
  cases::Accounts accounts(**store);
  auto principal = accounts.authenticate(token);
  ASSERT_TRUE(principal) << principal.error().describe();
  EXPECT_EQ(principal->user, "ada");
  EXPECT_EQ(principal->role, cases::Role::admin);
  EXPECT_TRUE(principal->enrolment);
  auto own = accounts.exchange_token(*principal);
  ASSERT_TRUE(own) << own.error().describe();
  EXPECT_FALSE(accounts.authenticate(token));  // exchanged: revoked

  const auto listed = run({"users", "list"});
  ASSERT_EQ(listed.code, 0);
  EXPECT_NE(listed.out.find("ada"), std::string::npos);
  const auto organisations = run({"organisations", "list", "--json"});
  ASSERT_EQ(organisations.code, 0);
  EXPECT_NE(organisations.out.find("\"authority\""), std::string::npos);

  ASSERT_EQ(run({"users", "revoke", own->token_id}).code, 0);
  cases::Accounts fresh(**store);
  EXPECT_FALSE(fresh.authenticate(own->secret));
}

// `echri users deactivate` then `activate`: the tokens from before stay revoked, in a running
// server's memory too.
TEST_F(UsersCliTest, ReactivationDoesNotReviveTokens) {
  ASSERT_EQ(run({"organisations", "add", "authority", "--name", "Authority (fictional)", "--kind",
                 "authority", "--country", "DE"})
                .code,
            0);
  ASSERT_EQ(run({"users", "add", "olga", "--name", "Olga Officer", "--role", "officer",
                 "--organisation", "authority"})
                .code,
            0);
  const auto issued = run({"users", "token", "olga"});
  ASSERT_EQ(issued.code, 0) << issued.err;
  const auto enrolment = issued.out.substr(0, issued.out.find('\n'));
  auto store = store::open_store("", dir_.path());
  ASSERT_TRUE(store) << store.error().describe();
  // The server: it holds the token in memory and reads it again after a millisecond.
  cases::Accounts server(**store, std::chrono::seconds(300), std::chrono::milliseconds(1));
  auto holder = server.authenticate(enrolment);
  ASSERT_TRUE(holder) << holder.error().describe();
  auto own = server.exchange_token(*holder);
  ASSERT_TRUE(own) << own.error().describe();
  ASSERT_TRUE(server.authenticate(own->secret));

  const auto deactivated = run({"users", "deactivate", "olga"});
  ASSERT_EQ(deactivated.code, 0) << deactivated.err;
  EXPECT_NE(deactivated.out.find("revoked"), std::string::npos);
  EXPECT_NE(run({"users", "token", "olga"}).code, 0);
  const auto activated = run({"users", "activate", "olga"});
  ASSERT_EQ(activated.code, 0) << activated.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(server.authenticate(own->secret));
  cases::Accounts fresh(**store);
  EXPECT_FALSE(fresh.authenticate(own->secret));
  // A new enrolment token works (once exchanged).
  const auto again = run({"users", "token", "olga"});
  ASSERT_EQ(again.code, 0);
  auto renewed = fresh.authenticate(again.out.substr(0, again.out.find('\n')));
  ASSERT_TRUE(renewed) << renewed.error().describe();
  EXPECT_TRUE(renewed->enrolment);
}

TEST_F(UsersCliTest, ReportsBadInputWithTheField) {
  auto bad_kind =
      run({"organisations", "add", "x", "--name", "X", "--kind", "company", "--country", "DE"});
  EXPECT_EQ(bad_kind.code, 2);
  EXPECT_NE(bad_kind.err.find("--kind"), std::string::npos);
  auto bad_role =
      run({"users", "add", "x", "--name", "X", "--role", "king", "--organisation", "authority"});
  EXPECT_EQ(bad_role.code, 2);
  auto no_organisation =
      run({"users", "add", "x", "--name", "X", "--role", "officer", "--organisation", "nowhere"});
  EXPECT_EQ(no_organisation.code, 1);
  EXPECT_NE(no_organisation.err.find("organisation"), std::string::npos);
  auto unknown_user = run({"users", "token", "nobody"});
  EXPECT_EQ(unknown_user.code, 3);
  auto bad_id = run(
      {"organisations", "add", "Bad Id", "--name", "X", "--kind", "exporter", "--country", "DE"});
  EXPECT_EQ(bad_id.code, 1);
  EXPECT_NE(bad_id.err.find("id"), std::string::npos);
}

TEST_F(UsersCliTest, ServeRefusesABadListenAddress) {
  const auto outcome = run({"serve", "--listen", "nowhere"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_NE(outcome.err.find("HOST:PORT"), std::string::npos);
}

}  // namespace
}  // namespace echri::cli
