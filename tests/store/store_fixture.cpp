#include "store_fixture.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <pqxx/pqxx>
#include <random>

namespace echri::store::testing {

std::string fresh_postgres_url(std::string& schema) {
  const char* base = std::getenv("ECHRI_TEST_POSTGRES_URL");
  if (base == nullptr || *base == '\0') return {};
  std::random_device random;
  schema = "store_test_" + std::to_string(random()) + "_" + std::to_string(random());
  const std::string url(base);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
}

void drop_postgres_schema(const std::string& schema) {
  const char* base = std::getenv("ECHRI_TEST_POSTGRES_URL");
  if (base == nullptr || schema.empty()) return;
  pqxx::connection connection(base);
  pqxx::work work(connection);
  work.exec0("DROP SCHEMA IF EXISTS " + work.quote_name(schema) + " CASCADE");
  work.commit();
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

void StoreTest::SetUp() {
  dir_ = std::make_unique<echri::testing::TempDir>();
  if (postgres()) {
    url_ = fresh_postgres_url(schema_);
    if (url_.empty())
      GTEST_SKIP() << "ECHRI_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run (run the "
                      "tests under scripts/with-postgres)";
  } else {
    url_ = "sqlite:" + sqlite_path();
  }
  store_ = open(options());
  ASSERT_NE(store_, nullptr);
}

void StoreTest::TearDown() {
  store_.reset();
  drop_postgres_schema(schema_);
}

StoreOptions StoreTest::options() {
  StoreOptions options;
  options.clock = [this] { return now(); };
  return options;
}

Result<std::unique_ptr<Store>> StoreTest::try_open(StoreOptions options) {
  return open_store(url_, dir_->path(), std::move(options));
}

std::unique_ptr<Store> StoreTest::open(StoreOptions options) {
  auto opened = try_open(std::move(options));
  EXPECT_TRUE(opened) << opened.error().describe();
  return opened ? std::move(*opened) : nullptr;
}

void StoreTest::raw_sql(const std::string& sql) {
  if (postgres()) {
    pqxx::connection connection(std::getenv("ECHRI_TEST_POSTGRES_URL"));
    pqxx::work work(connection);
    work.exec0("SET LOCAL search_path TO " + work.quote_name(schema_));
    work.exec0(sql);
    work.commit();
    return;
  }
  sqlite3* raw = nullptr;
  const auto path = sqlite_path();
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  char* message = nullptr;
  const int code = sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message != nullptr ? message : "";
  sqlite3_free(message);
  ASSERT_EQ(code, SQLITE_OK) << text;
}

void StoreTest::set_now(std::string now) {
  std::lock_guard lock(clock_mutex_);
  now_ = std::move(now);
}

std::string StoreTest::now() {
  std::lock_guard lock(clock_mutex_);
  return now_;
}

Record StoreTest::record(std::string kind, std::string id, std::string body) {
  Record record;
  record.kind = std::move(kind);
  record.id = std::move(id);
  record.organisation = "org-1";
  record.state = "draft";
  record.body = std::move(body);
  return record;
}

AuditDraft StoreTest::draft(const std::string& action, std::string kind, std::string id) {
  AuditDraft draft;
  draft.actor = "user-1";
  draft.role = "officer";
  draft.token_id = "tok-1";
  draft.action = action;
  draft.subject_kind = std::move(kind);
  draft.subject_id = std::move(id);
  draft.detail = "{}";
  return draft;
}

AuditRecord StoreTest::append(const std::string& action) {
  const auto described = draft(action, "application", "APP-1");
  auto appended = write_returning<AuditRecord>(
      *store_, [&](Transaction& tx) { return tx.append_audit(described); });
  EXPECT_TRUE(appended) << appended.error().describe();
  return appended ? *appended : AuditRecord{};
}

Result<Record> StoreTest::save(Record record, std::optional<std::int64_t> expected_version) {
  return save(*store_, std::move(record), expected_version);
}

Result<Record> StoreTest::save(Store& store, Record record,
                               std::optional<std::int64_t> expected_version) {
  return write_returning<Record>(store, [&](Transaction& tx) -> Result<Record> {
    ECHRI_ASSIGN_OR_RETURN(
        auto stored, expected_version ? tx.update(record, *expected_version) : tx.insert(record));
    ECHRI_TRY(tx.append_audit(
        draft(expected_version ? "record.update" : "record.create", stored.kind, stored.id)));
    return stored;
  });
}

std::string StoreTest::sqlite_path() const {
  return (dir_->path() / "db" / "echri.db").string();
}

}  // namespace echri::store::testing
