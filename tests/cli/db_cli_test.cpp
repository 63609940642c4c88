// `echri db migrate|backup|restore` and `echri audit verify`, run in-process on SQLite (and on
// PostgreSQL when ECHRI_TEST_POSTGRES_URL is set).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <random>
#include <regex>

#include "cli/cli_runner.hpp"
#include "store/audit_chain.hpp"
#include "store/migrations.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using testing::run_cli;

class DbCliTest : public ::testing::Test {
 protected:
  [[nodiscard]] std::string data() const { return dir_.path().string(); }

  // Three applications and their audit records in the default database under --data-dir.
  void seed() {
    auto opened = store::open_store("", dir_.path());
    ASSERT_TRUE(opened) << opened.error().describe();
    for (int i = 1; i <= 3; ++i) {
      auto done = (*opened)->write([&](store::Transaction& tx) -> Result<void> {
        store::Record record;
        record.kind = "application";
        record.id = "APP-" + std::to_string(i);
        record.state = "refused";
        record.body = R"({"decision":"refuse"})";
        ECHRI_TRY(tx.insert(record));
        store::AuditDraft draft;
        draft.actor = "user-1";
        draft.role = "exporter";
        draft.token_id = "tok-1";
        draft.action = "application.create";
        draft.subject_kind = "application";
        draft.subject_id = record.id;
        draft.detail = "{}";
        ECHRI_TRY(tx.append_audit(draft));
        return {};
      });
      ASSERT_TRUE(done) << done.error().describe();
    }
  }

  // The head `audit verify` printed: "SEQUENCE:HASH".
  static std::string head_in(const std::string& out) {
    std::smatch found;
    if (!std::regex_search(out, found, std::regex("head ([0-9]+:[0-9a-f]{64})"))) return "";
    return found[1];
  }

  void tamper(const std::string& sql) {
    sqlite3* raw = nullptr;
    const auto path = (dir_.path() / "echri.db").string();
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
    ASSERT_EQ(sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  }

  echri::testing::TempDir dir_;
};

TEST_F(DbCliTest, MigrateCreatesTheSchemaOnceAndSaysSo) {
  auto first = run_cli({"--data-dir", data(), "db", "migrate"});
  EXPECT_EQ(first.code, kExitOk) << first.err;
  const auto version = std::to_string(store::latest_schema_version());
  EXPECT_NE(first.out.find("schema at version " + version + " (applied"), std::string::npos)
      << first.out;
  auto second = run_cli({"--data-dir", data(), "db", "migrate"});
  EXPECT_EQ(second.code, kExitOk) << second.err;
  EXPECT_NE(second.out.find("already up to date"), std::string::npos) << second.out;
}

TEST_F(DbCliTest, AuditVerifyReportsAnIntactChain) {
  seed();
  auto verified = run_cli({"--data-dir", data(), "audit", "verify"});
  EXPECT_EQ(verified.code, kExitOk) << verified.err;
  EXPECT_TRUE(verified.out.starts_with("audit chain intact: 3 records, head 3:")) << verified.out;
  EXPECT_NE(verified.out.find("; 3 stored records and 0 documents match it\n"), std::string::npos)
      << verified.out;
  EXPECT_EQ(head_in(verified.out).size(), 66U) << verified.out;
}

TEST_F(DbCliTest, AuditVerifyNamesARecordChangedOutsideTheStore) {
  seed();
  tamper(
      "UPDATE records SET state = 'approved', body = replace(body, 'refuse', 'approve') "
      "WHERE id = 'APP-2'");
  tamper(
      "INSERT INTO records (kind, id, organisation, parent, state, risk, body, version, "
      "created_at, updated_at) VALUES ('user', 'mallory', '', '', 'active', 0, '{}', 1, "
      "'2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z')");
  auto verified = run_cli({"--data-dir", data(), "audit", "verify"});
  EXPECT_EQ(verified.code, kExitFailure);
  EXPECT_NE(verified.out.find("FAILED: 2 problems"), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("application 'APP-2' does not match record 2"), std::string::npos)
      << verified.out;
  EXPECT_NE(verified.out.find("user 'mallory' has no audit record"), std::string::npos)
      << verified.out;
}

TEST_F(DbCliTest, AuditVerifyChecksAnExpectedHead) {
  seed();
  const auto head = head_in(run_cli({"--data-dir", data(), "audit", "verify"}).out);
  ASSERT_FALSE(head.empty());
  auto matched = run_cli({"--data-dir", data(), "audit", "verify", "--expect-head", head});
  EXPECT_EQ(matched.code, kExitOk) << matched.err;
  EXPECT_NE(matched.out.find("contains the expected head 3"), std::string::npos) << matched.out;

  // The chain rewritten from record 2 on by someone who recomputed every hash and the head:
  // consistent in itself, caught against the head kept before.
  auto opened = store::open_store("", dir_.path());
  ASSERT_TRUE(opened);
  auto records = *(*opened)->audit_records(1, 3);
  opened = Result<std::unique_ptr<store::Store>>(nullptr);
  for (std::size_t i = 1; i < records.size(); ++i) {
    records[i].draft.actor = "someone-else";
    records[i].previous_hash = records[i - 1].hash;
    records[i].hash = store::record_hash(records[i]);
    tamper("UPDATE audit SET actor = 'someone-else', previous_hash = '" + records[i].previous_hash +
           "', hash = '" + records[i].hash +
           "' WHERE sequence = " + std::to_string(records[i].sequence));
  }
  tamper("UPDATE audit_head SET hash = '" + records.back().hash + "'");
  EXPECT_EQ(run_cli({"--data-dir", data(), "audit", "verify"}).code, kExitOk);
  auto rewritten = run_cli({"--data-dir", data(), "audit", "verify", "--expect-head", head});
  EXPECT_EQ(rewritten.code, kExitFailure);
  EXPECT_NE(rewritten.out.find("record 3 is not the record expected"), std::string::npos)
      << rewritten.out;

  for (const std::string& bad :
       std::vector<std::string>{"3", "3:abc", "x:" + std::string(64, 'a'), head + "0"}) {
    auto usage = run_cli({"--data-dir", data(), "audit", "verify", "--expect-head", bad});
    EXPECT_EQ(usage.code, kExitUsage) << bad;
    EXPECT_NE(usage.err.find("--expect-head: expected SEQUENCE:HASH"), std::string::npos)
        << usage.err;
  }
}

TEST_F(DbCliTest, CommandsThatReadNeverCreateADatabase) {
  const auto folder = dir_.path() / "mistyped";
  const auto path = (folder / "echri.db").string();
  const auto file = (dir_.path() / "backup.jsonl").string();
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"audit", "verify", "--db", "sqlite:" + path},
           {"db", "backup", file, "--db", "sqlite:" + path},
           {"--data-dir", folder.string(), "audit", "verify"},
           {"--data-dir", folder.string(), "db", "backup", file},
           {"organisations", "list", "--db", "sqlite:" + path},
           {"users", "list", "--db", "sqlite:" + path},
           {"users", "token", "someone", "--db", "sqlite:" + path},
           {"users", "revoke", "abc", "--db", "sqlite:" + path},
           {"users", "activate", "someone", "--db", "sqlite:" + path},
           {"users", "deactivate", "someone", "--db", "sqlite:" + path},
           {"cases", "rescreen", "--db", "sqlite:" + path}}) {
    SCOPED_TRACE(command[0] + " " + command[1] + " " + command[2]);
    auto missing = run_cli(command);
    EXPECT_EQ(missing.code, kExitNotFound) << missing.out;
    EXPECT_NE(missing.err.find(path + ": no database here"), std::string::npos) << missing.err;
    EXPECT_EQ(missing.out, "");
  }
  EXPECT_FALSE(std::filesystem::exists(folder));
  EXPECT_FALSE(std::filesystem::exists(file));
  // db migrate and db restore create it.
  auto migrated = run_cli({"db", "migrate", "--db", "sqlite:" + path});
  EXPECT_EQ(migrated.code, kExitOk) << migrated.err;
  EXPECT_EQ(run_cli({"audit", "verify", "--db", "sqlite:" + path}).code, kExitOk);
}

TEST_F(DbCliTest, AuditVerifyNamesTheFirstBadRecord) {
  seed();
  tamper("UPDATE audit SET actor = 'someone-else' WHERE sequence = 2");
  auto verified = run_cli({"--data-dir", data(), "audit", "verify"});
  EXPECT_EQ(verified.code, kExitFailure);
  EXPECT_NE(verified.out.find("record 2 was altered"), std::string::npos) << verified.out;
}

TEST_F(DbCliTest, BackupAndRestoreIntoAnotherDatabase) {
  seed();
  const auto file = (dir_.path() / "backup.jsonl").string();
  auto backed_up = run_cli({"--data-dir", data(), "db", "backup", file});
  EXPECT_EQ(backed_up.code, kExitOk) << backed_up.err;
  EXPECT_NE(backed_up.out.find("3 records"), std::string::npos) << backed_up.out;

  const auto target = "sqlite:" + (dir_.path() / "restored" / "echri.db").string();
  auto restored = run_cli({"db", "restore", file, "--db", target});
  EXPECT_EQ(restored.code, kExitOk) << restored.err;
  EXPECT_NE(restored.out.find("audit chain intact: 3 records"), std::string::npos) << restored.out;
  auto verified = run_cli({"audit", "verify", "--db", target});
  EXPECT_EQ(verified.code, kExitOk) << verified.err;

  auto again = run_cli({"db", "restore", file, "--db", target});
  EXPECT_EQ(again.code, kExitFailure);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
}

TEST_F(DbCliTest, ErrorsAreReportedWithExitCodes) {
  auto missing = run_cli({"--data-dir", data(), "db", "restore", "/nonexistent/backup.jsonl"});
  EXPECT_EQ(missing.code, kExitNotFound);
  EXPECT_NE(missing.err.find("echri: "), std::string::npos);
  auto bad_url = run_cli({"audit", "verify", "--db", "mysql://x"});
  EXPECT_EQ(bad_url.code, kExitFailure);
  EXPECT_NE(bad_url.err.find("unknown database URL"), std::string::npos) << bad_url.err;
  auto usage = run_cli({"db", "backup"});
  EXPECT_EQ(usage.code, kExitUsage);
}

TEST_F(DbCliTest, WorksOnPostgres) {
  const char* base = std::getenv("ECHRI_TEST_POSTGRES_URL");
  if (base == nullptr || *base == '\0')
    GTEST_SKIP() << "ECHRI_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run (run the "
                    "tests under scripts/with-postgres)";
  std::random_device random;
  const auto schema = "cli_test_" + std::to_string(random());
  const std::string url = std::string(base) + "?schema=" + schema;
  seed();
  const auto file = (dir_.path() / "backup.jsonl").string();
  ASSERT_EQ(run_cli({"--data-dir", data(), "db", "backup", file}).code, kExitOk);
  auto migrated = run_cli({"db", "migrate", "--db", url});
  EXPECT_EQ(migrated.code, kExitOk) << migrated.err;
  auto restored = run_cli({"db", "restore", file, "--db", url});
  EXPECT_EQ(restored.code, kExitOk) << restored.err;
  auto verified = run_cli({"audit", "verify", "--db", url});
  EXPECT_EQ(verified.code, kExitOk) << verified.err;
  EXPECT_TRUE(verified.out.starts_with("audit chain intact: 3 records, head 3:")) << verified.out;
  EXPECT_NE(verified.out.find("3 stored records"), std::string::npos) << verified.out;
  auto expected = run_cli({"audit", "verify", "--db", url, "--expect-head", head_in(verified.out)});
  EXPECT_EQ(expected.code, kExitOk) << expected.err;

  // A record changed by SQL, named.
  {
    pqxx::connection connection(base);
    pqxx::work work(connection);
    work.exec0("UPDATE " + work.quote_name(schema) +
               ".records SET body = replace(body, 'refuse', 'approve') WHERE id = 'APP-3'");
    work.commit();
  }
  auto tampered = run_cli({"audit", "verify", "--db", url});
  EXPECT_EQ(tampered.code, kExitFailure);
  EXPECT_NE(tampered.out.find("application 'APP-3' does not match record 3"), std::string::npos)
      << tampered.out;

  // A schema that does not exist is a database that does not exist.
  const auto absent = std::string(base) + "?schema=" + schema + "_absent";
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"audit", "verify", "--db", absent}, {"db", "backup", file + ".2", "--db", absent}}) {
    auto missing = run_cli(command);
    EXPECT_EQ(missing.code, kExitNotFound) << missing.out;
    EXPECT_NE(missing.err.find("schema=" + schema + "_absent: no echri database here"),
              std::string::npos)
        << missing.err;
  }
  pqxx::connection connection(base);
  pqxx::work work(connection);
  EXPECT_EQ(work.exec_params("SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1",
                             schema + "_absent")[0][0]
                .as<int>(),
            0);
  work.exec0("DROP SCHEMA " + work.quote_name(schema) + " CASCADE");
  work.commit();
}

}  // namespace
}  // namespace echri::cli
