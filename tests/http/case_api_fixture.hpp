#pragma once
// The whole case API over a fresh store, served on loopback: the set-up that the case-route and
// role-view suites share. A suite derives from CaseApiFixture (and WithParamInterface for the
// backend), skips or picks its store URL, calls serve_case_api(url), then seeds what it needs
// through the members.

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/case_services.hpp"
#include "cases/evaluator.hpp"
#include "cases/inquiries.hpp"
#include "cases/party_screening.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace echri::http::testing {

class CaseApiFixture : public ::testing::Test {
 protected:
  // Opens the store at `url`, builds the services with the case routes over the demo list, the
  // built-in catalogue and policy, and starts the server; a fatal test failure when any step
  // fails.
  void serve_case_api(const std::string& url);
  // Seeds the demo's organisations, users and cases (cases::seed_demo), keeps each user's token in
  // tokens_ and puts the demo applications' ids in applications_; a fatal failure otherwise.
  void seed_demo_cases();
  void TearDown() override;

  echri::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<cases::Accounts> accounts_;
  std::unique_ptr<cases::ListHolder> lists_;
  std::unique_ptr<cases::Evaluator> evaluator_;
  std::unique_ptr<cases::CaseServices> cases_;
  std::unique_ptr<cases::Inquiries> inquiries_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
  std::map<std::string, std::string> tokens_;  // by user id
  std::vector<std::string> applications_;      // the demo's, after seed_demo_cases()
};

}  // namespace echri::http::testing
