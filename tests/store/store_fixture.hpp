#pragma once
// Every store test runs once per backend: SQLite in a temporary folder always, PostgreSQL when
// ECHRI_TEST_POSTGRES_URL names a server (scripts/with-postgres starts one), each test in a fresh
// schema dropped afterwards.

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "store/store.hpp"
#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::store::testing {

class StoreTest : public ::testing::TestWithParam<std::string> {
 public:
  // A draft by user-1 (officer, token tok-1) about one record.
  static AuditDraft draft(const std::string& action, std::string kind, std::string id);
  // Inserts (or, with a version, updates) the record and appends its audit record, in one unit.
  static Result<Record> save(Store& store, Record record,
                             std::optional<std::int64_t> expected_version = {});

 protected:
  void SetUp() override;
  void TearDown() override;

  [[nodiscard]] bool postgres() const { return GetParam() == "postgres"; }
  // Another store on the same database, e.g. to reopen or to act as a second process.
  std::unique_ptr<Store> open(StoreOptions options);
  Result<std::unique_ptr<Store>> try_open(StoreOptions options);
  StoreOptions options();
  // Runs SQL on the database behind the store's back: how the tests tamper with it.
  void raw_sql(const std::string& sql);

  // What the store's clock returns.
  void set_now(std::string now);
  std::string now();

  Record record(std::string kind, std::string id, std::string body = "{}");
  // An audit record about application APP-1 (which the tests mostly leave unwritten).
  AuditRecord append(const std::string& action);
  // save() on this test's store.
  Result<Record> save(Record record, std::optional<std::int64_t> expected_version = {});
  [[nodiscard]] std::string sqlite_path() const;

  std::unique_ptr<echri::testing::TempDir> dir_;
  std::string url_;
  std::unique_ptr<Store> store_;

 private:
  std::string base_url_;
  std::string schema_;
  std::mutex clock_mutex_;
  std::string now_ = "2026-03-01T10:00:00Z";
};

// A PostgreSQL URL with a new random schema; "" when ECHRI_TEST_POSTGRES_URL is unset.
std::string fresh_postgres_url(std::string& schema);
void drop_postgres_schema(const std::string& schema);
std::string backend_name(const ::testing::TestParamInfo<std::string>& param);

}  // namespace echri::store::testing

#define ECHRI_STORE_BACKENDS(Suite)                                                  \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values("sqlite", "postgres"), \
                           ::echri::store::testing::backend_name)
