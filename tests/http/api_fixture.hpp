#pragma once
// The API under test: a server on 127.0.0.1 (an ephemeral port) over a fresh store (SQLite in a
// temporary folder, or PostgreSQL in a fresh schema when ECHRI_TEST_POSTGRES_URL is set), the
// fictional demo list, and a user with a token of their own (exchanged from the enrolment token the
// system issued) for every role. One server per backend serves
// all the tests of a run; tests that change accounts make their own users.

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cases/accounts.hpp"
#include "cases/evaluator.hpp"
#include "cases/party_screening.hpp"
#include "exchange/node.hpp"
#include "exchange/node_keys.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "screening/screening_jobs.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace echri::http::testing {

// A server on 127.0.0.1 on whichever port is free (Server::port() says which).
inline ServerOptions any_loopback_port() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  return options;
}

struct Reply {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  [[nodiscard]] nlohmann::json json() const;
  [[nodiscard]] std::string header(const std::string& name) const;
};

class ApiServer {
 public:
  // nullopt with the reason when the backend is not available (PostgreSQL without its URL).
  // With `exchange_keys` (which must outlive the server) the node takes part in the exchange
  // (its peers reached over HTTP).
  static std::unique_ptr<ApiServer> start(const std::string& backend, std::string& skip_reason,
                                          const exchange::NodeKeys* exchange_keys = nullptr);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  Reply send(const std::string& method, const std::string& path, const std::string& token = {},
             const std::string& body = {}, const std::string& content_type = "application/json",
             const httplib::Headers& headers = {}) const;
  [[nodiscard]] const std::string& token(cases::Role role) const { return tokens_.at(role); }
  [[nodiscard]] const Router& router() const { return *router_; }
  [[nodiscard]] cases::Accounts& accounts() { return *accounts_; }
  [[nodiscard]] cases::ListHolder& lists() { return *lists_; }
  [[nodiscard]] store::Store& store() { return *store_; }
  [[nodiscard]] Services& services() { return *services_; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  // Takes the node off the network and back on the same port (same store, same accounts).
  void stop();
  void restart();
  // Null without exchange keys.
  [[nodiscard]] exchange::ExchangeNode* exchange() { return exchange_.get(); }
  [[nodiscard]] screening::ScreeningJobs& jobs() { return *jobs_; }

  ApiServer() = default;

 private:
  std::unique_ptr<echri::testing::TempDir> dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<cases::Accounts> accounts_;
  std::unique_ptr<cases::ListHolder> lists_;
  std::unique_ptr<cases::Evaluator> evaluator_;
  std::unique_ptr<exchange::Network> network_;
  std::unique_ptr<exchange::ExchangeNode> exchange_;
  std::unique_ptr<screening::ScreeningJobs> jobs_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
  std::map<cases::Role, std::string> tokens_;
  int port_ = 0;
};

// A token of the user's own: the system issues an enrolment token, the user exchanges it.
std::string exchanged_token(cases::Accounts& accounts, const std::string& user);

// The demo list (data/demo/demo_list.csv) as loaded lists.
cases::LoadedLists demo_lists();

// Parameter: "sqlite" or "postgres".
class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  static void TearDownTestSuite();

  [[nodiscard]] ApiServer& api() const { return *api_; }
  Reply get(const std::string& path, cases::Role role) const {
    return api_->send("GET", path, api_->token(role));
  }
  Reply post(const std::string& path, cases::Role role, const nlohmann::json& body) const {
    return api_->send("POST", path, api_->token(role), body.dump());
  }
  // A fresh id for users and organisations that a test creates.
  static std::string unique(const std::string& prefix);

 private:
  ApiServer* api_ = nullptr;
  static std::map<std::string, std::unique_ptr<ApiServer>>& servers();
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

// Asserts the RFC 9457 shape and returns the problem document.
nlohmann::json expect_problem(const Reply& reply, int status);

}  // namespace echri::http::testing
