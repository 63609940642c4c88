// GET /api/v1/audit/verify on a server of its own (these tests tamper with its database), on both
// backends: record binding, ?expect_head=, and a write after the chain was tampered with.

#include <sqlite3.h>

#include <cstdlib>
#include <pqxx/pqxx>

#include "api_fixture.hpp"
#include "store/audit_chain.hpp"

namespace echri::http::testing {
namespace {

using cases::Role;

class AuditRoutesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string skip;
    api_ = ApiServer::start(GetParam(), skip);
    if (!api_) GTEST_SKIP() << skip;
  }

  Reply get(const std::string& path) const {
    return api_->send("GET", path, api_->token(Role::auditor));
  }

  // SQL behind the store's back, on the server's database.
  void tamper(const std::string& sql) const {
    const auto where = api_->store().describe();
    if (GetParam() == "postgres") {
      const auto schema = where.substr(where.find("schema=") + 7);
      pqxx::connection connection(std::getenv("ECHRI_TEST_POSTGRES_URL"));
      pqxx::work work(connection);
      work.exec0("SET LOCAL search_path TO " + work.quote_name(schema));
      work.exec0(sql);
      work.commit();
      return;
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open_v2(where.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
    ASSERT_EQ(sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db.get());
  }

  std::unique_ptr<ApiServer> api_;
};

TEST_P(AuditRoutesTest, VerifiesTheChainTheRecordsAndAnExpectedHead) {
  const auto verdict = get("/api/v1/audit/verify").json();
  EXPECT_EQ(verdict["intact"], true) << verdict.dump();
  EXPECT_GE(verdict["records_checked"].get<int>(), 7);  // organisations, users, tokens
  EXPECT_TRUE(verdict["problems"].empty());
  const auto head = std::to_string(verdict["head"]["sequence"].get<int>()) + ":" +
                    verdict["head"]["hash"].get<std::string>();

  const auto expected = get("/api/v1/audit/verify?expect_head=" + head).json();
  EXPECT_EQ(expected["intact"], true) << expected.dump();
  const auto other = get("/api/v1/audit/verify?expect_head=2:" + std::string(64, 'a')).json();
  EXPECT_EQ(other["intact"], false);
  EXPECT_EQ(other["first_bad_sequence"], 2);

  const auto problem = expect_problem(get("/api/v1/audit/verify?expect_head=2"), 400);
  ASSERT_EQ(problem["errors"].size(), 1U) << problem.dump();
  EXPECT_EQ(problem["errors"][0]["parameter"], "expect_head");
}

TEST_P(AuditRoutesTest, NamesAUserMadeAdminBySql) {
  tamper(
      "UPDATE records SET body = replace(body, '\"auditor\"', '\"admin\"') WHERE kind = "
      "'user' AND body LIKE '%\"auditor\"%'");
  const auto verdict = get("/api/v1/audit/verify").json();
  EXPECT_EQ(verdict["intact"], false);
  ASSERT_GE(verdict["problems"].size(), 1U) << verdict.dump();
  const auto& found = verdict["problems"][0];
  EXPECT_EQ(found["kind"], "user");
  EXPECT_TRUE(found["sequence"].is_number());
  EXPECT_NE(found["problem"].get<std::string>().find("changed outside the store"),
            std::string::npos);
}

TEST_P(AuditRoutesTest, AWriteAfterAnAuditRecordAddedOutsideTheStoreShowsNoDetails) {
  const auto head = *api_->store().audit_head();
  tamper(
      "INSERT INTO audit (sequence, at, actor, role, token_id, action, subject_kind, "
      "subject_id, before_digest, after_digest, detail, previous_hash, hash, format) VALUES (" +
      std::to_string(head.sequence + 1) +
      ", '2026-03-01T10:00:00Z', 'mallory', 'admin', '', 'user.add', 'user', 'mallory', '', "
      "'', '{}', '" +
      head.hash + "', '" + std::string(64, 'b') + "', 2)");
  const auto reply = api_->send(
      "POST", "/api/v1/organisations", api_->token(Role::admin),
      R"json({"id":"late","name":"Late (fictional)","kind":"exporter","country":"IE"})json");
  const auto problem = expect_problem(reply, 500);
  const auto text = problem.dump();
  for (const std::string& secret :
       {api_->store().describe(), std::string("echri.db"), std::string("INSERT"),
        std::string("UNIQUE"), std::string("SQL"), std::string("http_")})
    EXPECT_EQ(text.find(secret), std::string::npos) << text;

  const auto verdict = get("/api/v1/audit/verify").json();
  EXPECT_EQ(verdict["intact"], false);
  EXPECT_EQ(verdict["first_bad_sequence"], head.sequence + 1) << verdict.dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditRoutesTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace echri::http::testing
