// `echri db migrate|backup|restore` and `echri audit verify`, run in-process on SQLite (and on
// PostgreSQL when ECHRI_TEST_POSTGRES_URL is set).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <pqxx/pqxx>
#include <random>

#include "cli/cli_runner.hpp"
#include "store/migrations.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace echri::cli {
namespace {

using testing::run_cli;

class DbCliTest : public ::testing::Test {
 protected:
  [[nodiscard]] std::string data() const { return dir_.path().string(); }

  // Three audit records in the default database under --data-dir.
  void seed() {
    auto opened = store::open_store("", dir_.path());
    ASSERT_TRUE(opened) << opened.error().describe();
    for (int i = 1; i <= 3; ++i) {
      auto done = (*opened)->write([&](store::Transaction& tx) -> Result<void> {
        store::Record record;
        record.kind = "application";
        record.id = "APP-" + std::to_string(i);
        record.body = "{}";
        if (auto inserted = tx.insert(record); !inserted) return tl::unexpected(inserted.error());
        auto appended = tx.append_audit(
            {"user-1", "exporter", "application.create", "application", record.id, "", "", "{}"});
        if (!appended) return tl::unexpected(appended.error());
        return {};
      });
      ASSERT_TRUE(done) << done.error().describe();
    }
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
  EXPECT_EQ(verified.out, "audit chain intact: 3 records\n");
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
  EXPECT_EQ(verified.out, "audit chain intact: 3 records\n");
  pqxx::connection connection(base);
  pqxx::work work(connection);
  work.exec0("DROP SCHEMA " + work.quote_name(schema) + " CASCADE");
  work.commit();
}

}  // namespace
}  // namespace echri::cli
