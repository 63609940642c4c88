#pragma once
// A workflow under test: a store on each backend (SQLite in a temp dir; PostgreSQL in a fresh
// schema when ECHRI_TEST_POSTGRES_URL is set), the demo list loaded, a fixed clock that tests move,
// and principals for every role.

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cases/accounts.hpp"
#include "cases/case_services.hpp"
#include "cases/evaluator.hpp"
#include "cases/inquiries.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace echri::cases::testing {

// "sqlite" or "postgres"; the parameter of every workflow test.
class CaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Today's date as the clock says it; tests move it forward.
  void advance_days(int days);
  [[nodiscard]] std::string now() const { return today_ + "T09:00:00Z"; }

  // The fictional demo application (data/demo/application.json) as JSON, with tweaks.
  static nlohmann::json demo_application();
  // A complete, low-risk application.
  static nlohmann::json harmless_application();

  std::unique_ptr<echri::testing::TempDir> dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ListHolder> lists_;
  std::unique_ptr<Evaluator> evaluator_;
  std::unique_ptr<CaseServices> cases_;
  std::unique_ptr<Inquiries> inquiries_;
  std::string schema_;  // PostgreSQL only
  std::string today_ = "2026-03-02";

  Principal exporter_{"erik", Role::exporter, "northwind"};
  Principal other_exporter_{"britt", Role::exporter, "bluebird"};
  Principal officer_{"olga", Role::officer, "authority"};
  Principal second_officer_{"otto", Role::officer, "authority"};
  Principal senior_{"sam", Role::senior_officer, "authority"};
  Principal other_senior_{"sue", Role::senior_officer, "authority"};
  Principal auditor_{"aude", Role::auditor, "authority"};
  Principal civil_{"cora", Role::civil_society, "watch"};
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

}  // namespace echri::cases::testing
