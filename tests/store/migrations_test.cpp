// Schema migrations on both backends.

#include "store/migrations.hpp"

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

ECHRI_STORE_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace echri::store::testing
