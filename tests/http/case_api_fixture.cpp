#include "http/case_api_fixture.hpp"

#include <chrono>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "cases/demo.hpp"
#include "http/api_fixture.hpp"
#include "http/case_routes.hpp"

namespace echri::http::testing {

void CaseApiFixture::serve_case_api(const std::string& url) {
  auto opened = store::open_store(url, dir_.path());
  ASSERT_TRUE(opened) << opened.error().describe();
  store_ = std::move(*opened);
  accounts_ = std::make_unique<cases::Accounts>(*store_);
  lists_ = std::make_unique<cases::ListHolder>(demo_lists());
  evaluator_ = std::make_unique<cases::Evaluator>(*lists_, assessment::Catalogue::builtin(),
                                                  assessment::Policy::builtin(),
                                                  assessment::CountryData{}, 0.85);
  cases_ = std::make_unique<cases::CaseServices>(*store_, *evaluator_);
  inquiries_ = std::make_unique<cases::Inquiries>(*store_, *evaluator_);
  services_ = std::make_unique<Services>(Services{*store_,
                                                  *accounts_,
                                                  *lists_,
                                                  *evaluator_,
                                                  cases_.get(),
                                                  inquiries_.get(),
                                                  add_case_routes,
                                                  {}});
  router_ = make_router(*services_, Limits{}, [](std::string_view) {});
  auto started = Server::start(*router_, any_loopback_port());
  ASSERT_TRUE(started) << started.error().describe();
  server_ = std::move(*started);
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  client_->set_read_timeout(std::chrono::seconds(30));
}

void CaseApiFixture::TearDown() {
  client_.reset();
  if (server_) server_->stop();
}

void CaseApiFixture::seed_demo_cases() {
  auto seeded = cases::seed_demo(*accounts_, *cases_, *inquiries_);
  ASSERT_TRUE(seeded) << seeded.error().describe();
  for (const auto& user : seeded->users) tokens_[user.user] = user.token;
  applications_ = seeded->applications;
}

}  // namespace echri::http::testing
