// Schema migrations on both backends.

#include "store/migrations.hpp"

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>

#include "core/digest.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

class MigrationsTest : public StoreTest {};

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
  int expected = 1;
  for (const auto& migration : migrations()) {
    EXPECT_EQ(migration.version, expected++);
    EXPECT_FALSE(migration.sqlite.empty());
    EXPECT_FALSE(migration.postgres.empty());
  }
  EXPECT_EQ(latest_schema_version(), expected - 1);
}

// Released migrations are frozen: databases were created by exactly this text. A change to the
// schema is a new migration, never an edit of an old one.
TEST(Migrations, ReleasedMigrationsAreFrozen) {
  const struct {
    int version;
    std::string_view sqlite;
    std::string_view postgres;
  } released[] = {
      {1, "8be6959a49dc18439ffc007ee21f0e2c65a0b0ccb726bdd6ebd4cfdab180baa9",
       "3698a6b5024c86b47e23629c8d3ee356cbf75129479b6c84785f82b9fa6d7395"},
      {2, "e392f6b2e349c5a2eac13882cd0c47e4c0de3529dfc6283fe747067e5ce217a5",
       "d169c3602d833b5136dba9f93e07448fed0278a68f35766d3746c65f11748a07"},
      {3, "9f8bdd19b24264d1af7a0112d6982fce90e3349e1c0aa42c780cf6b373f6396a",
       "7201038783cfbea95b5102b8bdd6ac6cc0dfc4ec5843dcd0b6767bef607ad455"},
  };
  for (const auto& frozen : released) {
    const auto& migration = migrations()[static_cast<std::size_t>(frozen.version - 1)];
    EXPECT_EQ(core::sha256_hex(migration.sqlite), frozen.sqlite) << frozen.version;
    EXPECT_EQ(core::sha256_hex(migration.postgres), frozen.postgres) << frozen.version;
  }
}

TEST(Migrations, PendingRefusesANewerDatabase) {
  auto pending = pending_migrations(0, "db");
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), migrations().size());
  auto none = pending_migrations(latest_schema_version(), "db");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto newer = pending_migrations(latest_schema_version() + 1, "db");
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().kind, ErrorKind::io);
}

TEST_P(MigrationsTest, OpeningMigratesAndMigratingAgainIsANoOp) {
  auto version = store_->schema_version();
  ASSERT_TRUE(version) << version.error().describe();
  EXPECT_EQ(*version, latest_schema_version());
  auto again = store_->migrate();
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(*again, 0);
  // Reopening does not migrate twice either.
  auto reopened = open(options());
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->schema_version(), latest_schema_version());
}

TEST_P(MigrationsTest, AnUnmigratedDatabaseMigratesOnRequest) {
  std::string schema;
  std::string url;
  if (postgres()) {
    url = fresh_postgres_url(schema);
  } else {
    url = "sqlite:" + (dir_->path() / "fresh.db").string();
  }
  StoreOptions lazy = options();
  lazy.migrate = false;
  {
    auto opened = open_store(url, dir_->path(), lazy);
    ASSERT_TRUE(opened) << opened.error().describe();
    auto& fresh = **opened;
    EXPECT_EQ(*fresh.schema_version(), 0);
    auto applied = fresh.migrate();
    ASSERT_TRUE(applied) << applied.error().describe();
    EXPECT_EQ(*applied, latest_schema_version());
    EXPECT_EQ(*fresh.migrate(), 0);
    EXPECT_EQ(*fresh.schema_version(), latest_schema_version());
    EXPECT_EQ(fresh.audit_head()->sequence, 0);
  }
  drop_postgres_schema(schema);
}

TEST_P(MigrationsTest, ADatabaseNewerThanTheBinaryIsRefused) {
  raw_sql("INSERT INTO schema_migrations (version, applied_at) VALUES (" +
          std::to_string(latest_schema_version() + 1) + ", '2030-01-01T00:00:00Z')");
  for (const bool migrate : {true, false}) {
    auto lazy = options();
    lazy.migrate = migrate;
    auto refused = try_open(lazy);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::io);
    EXPECT_NE(refused.error().message.find("newer than this echri"), std::string::npos)
        << refused.error().message;
  }
  auto migrate = store_->migrate();
  ASSERT_FALSE(migrate);
  EXPECT_EQ(migrate.error().kind, ErrorKind::io);
}

TEST_P(MigrationsTest, OpeningToReadNeverCreatesADatabase) {
  StoreOptions reading = options();
  reading.create_if_missing = false;
  // The database the fixture created opens.
  ASSERT_THAT(try_open(reading), echri::testing::IsOk());

  std::string schema;
  std::string url;
  std::string named;
  const auto folder = dir_->path() / "mistyped";
  if (postgres()) {
    url = fresh_postgres_url(schema);
    named = "schema=" + schema;
  } else {
    url = "sqlite:" + (folder / "echri.db").string();
    named = (folder / "echri.db").string();
  }
  for (const bool migrate : {true, false}) {
    reading.migrate = migrate;
    auto missing = open_store(url, dir_->path(), reading);
    EXPECT_THAT(missing, echri::testing::FailsWith(ErrorKind::not_found, named));
  }
  if (postgres()) {
    pqxx::connection connection(std::getenv("ECHRI_TEST_POSTGRES_URL"));
    pqxx::read_transaction work(connection);
    EXPECT_EQ(work.exec_params("SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1", schema)[0][0]
                  .as<int>(),
              0);
  } else {
    EXPECT_FALSE(std::filesystem::exists(folder));
    // A file that holds no echri schema is not one either, and stays as it was.
    std::filesystem::create_directories(folder);
    echri::testing::write_file(folder / "echri.db", "");
    EXPECT_THAT(open_store(url, dir_->path(), reading),
                echri::testing::FailsWith(ErrorKind::not_found, named));
    EXPECT_EQ(std::filesystem::file_size(folder / "echri.db"), 0U);
  }
  // Creating is the default.
  auto created = open_store(url, dir_->path(), options());
  EXPECT_THAT(created, echri::testing::IsOk());
  created = Result<std::unique_ptr<Store>>(nullptr);
  drop_postgres_schema(schema);
}

ECHRI_STORE_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace echri::store::testing
