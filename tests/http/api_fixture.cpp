#include "api_fixture.hpp"

#include <atomic>
#include <cstdlib>
#include <random>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "http/peer_network.hpp"
#include "screening/list_format.hpp"

namespace echri::http::testing {

using cases::OrganisationKind;
using cases::Role;

nlohmann::json Reply::json() const {
  return nlohmann::json::parse(body);
}

std::string Reply::header(const std::string& name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

cases::LoadedLists demo_lists() {
  auto parsed = screening::parse_list_files(
      {std::filesystem::path(ECHRI_SOURCE_DIR) / "data/demo/demo_list.csv"},
      screening::ListFormat::csl_csv);
  if (!parsed) throw std::runtime_error(parsed.error().describe());
  std::vector<core::ListedEntity> entities;
  for (auto& list : *parsed)
    for (auto& entity : list.entities) entities.push_back(std::move(entity));
  return cases::LoadedLists{screening::ScreeningIndex(std::move(entities)), {"demo@test"}};
}

std::string exchanged_token(cases::Accounts& accounts, const std::string& user) {
  auto enrolment = accounts.issue_token(cases::system_principal(), user);
  if (!enrolment) throw std::runtime_error(enrolment.error().describe());
  auto holder = accounts.authenticate(enrolment->secret);
  if (!holder) throw std::runtime_error(holder.error().describe());
  auto own = accounts.exchange_token(*holder);
  if (!own) throw std::runtime_error(own.error().describe());
  return own->secret;
}

std::unique_ptr<ApiServer> ApiServer::start(const std::string& backend, std::string& skip_reason,
                                            const exchange::NodeKeys* exchange_keys) {
  auto api = std::make_unique<ApiServer>();
  api->dir_ = std::make_unique<echri::testing::TempDir>();
  std::string url = "sqlite:" + (api->dir_->path() / "echri.db").string();
  if (backend == "postgres") {
    const char* base = std::getenv("ECHRI_TEST_POSTGRES_URL");
    if (base == nullptr || *base == '\0') {
      skip_reason = "ECHRI_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run of the API";
      return nullptr;
    }
    std::random_device random;
    url = std::string(base) + (std::string(base).find('?') == std::string::npos ? "?" : "&") +
          "schema=http_" + std::to_string(random()) + std::to_string(random());
  }
  auto opened = store::open_store(url, api->dir_->path());
  if (!opened) throw std::runtime_error(opened.error().describe());
  api->store_ = std::move(*opened);
  api->accounts_ = std::make_unique<cases::Accounts>(*api->store_);
  api->lists_ = std::make_unique<cases::ListHolder>(demo_lists());
  api->evaluator_ = std::make_unique<cases::Evaluator>(
      *api->lists_, assessment::Catalogue::builtin(), assessment::Policy::builtin(),
      assessment::CountryData{}, 0.85);
  api->services_ = std::make_unique<Services>(Services{
      *api->store_, *api->accounts_, *api->lists_, *api->evaluator_, nullptr, nullptr, {}, {}});
  auto jobs = screening::ScreeningJobs::open(api->dir_->path(),
                                             cases::job_index_source(*api->lists_), {1, 50});
  if (!jobs) throw std::runtime_error(jobs.error().describe());
  api->jobs_ = std::move(*jobs);
  api->services_->screening_jobs = api->jobs_.get();
  if (exchange_keys != nullptr) {
    api->network_ = std::make_unique<HttpPeerNetwork>();
    api->exchange_ =
        std::make_unique<exchange::ExchangeNode>(*api->store_, *exchange_keys, *api->network_);
    api->services_->exchange = api->exchange_.get();
  }
  // Internal errors are part of some tests; they need not clutter the output. Many tests send
  // bad tokens from 127.0.0.1 on purpose: the shared server does not throttle them
  // (throttling_test.cpp has its own router with small limits).
  Limits limits;
  limits.authentication.failures = std::size_t{1} << 30;
  api->router_ = make_router(*api->services_, limits, [](std::string_view) {});

  const auto system = cases::system_principal();
  const std::vector<cases::Organisation> organisations{
      {"authority", "Test Authority (fictional)", OrganisationKind::authority, "DE"},
      {"northwind", "Northwind (fictional)", OrganisationKind::exporter, "SE"},
      {"watch", "Watch (fictional)", OrganisationKind::civil_society, "NL"},
      {"peer", "Peer State (fictional)", OrganisationKind::peer_state, "FR"}};
  for (const auto& organisation : organisations) {
    auto added = api->accounts_->add_organisation(system, organisation);
    if (!added) throw std::runtime_error(added.error().describe());
  }
  for (const auto name : cases::all_roles()) {
    const auto role = *cases::parse_role(name);
    const std::string organisation = role == Role::exporter        ? "northwind"
                                     : role == Role::civil_society ? "watch"
                                     : role == Role::peer_node     ? "peer"
                                                                   : "authority";
    const cases::User user{"the-" + std::string(name), "Test " + std::string(name), role,
                           organisation, true};
    auto added = api->accounts_->add_user(system, user);
    if (!added) throw std::runtime_error(added.error().describe());
    // As a new user would: the system's enrolment token, exchanged for a token of their own.
    api->tokens_[role] = exchanged_token(*api->accounts_, user.id);
  }

  auto options = any_loopback_port();
  options.threads = 8;
  auto server = Server::start(*api->router_, options);
  if (!server) throw std::runtime_error(server.error().describe());
  api->server_ = std::move(*server);
  api->port_ = api->server_->port();
  return api;
}

ApiServer::~ApiServer() {
  if (server_) server_->stop();
}

void ApiServer::stop() {
  if (server_) server_->stop();
  server_.reset();
}

void ApiServer::restart() {
  stop();
  auto options = any_loopback_port();
  options.threads = 8;
  options.port = port_;
  auto server = Server::start(*router_, options);
  if (!server) throw std::runtime_error(server.error().describe());
  server_ = std::move(*server);
}

Reply ApiServer::send(const std::string& method, const std::string& path, const std::string& token,
                      const std::string& body, const std::string& content_type,
                      const httplib::Headers& headers) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(30));
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = headers;
  if (!token.empty()) request.set_header("Authorization", "Bearer " + token);
  if (!body.empty()) {
    request.body = body;
    request.set_header("Content-Type", content_type);
  }
  auto result = client.send(request);
  if (!result) {
    ADD_FAILURE() << method << " " << path << ": " << httplib::to_string(result.error());
    return {};
  }
  return Reply{result->status, result->body, result->headers};
}

std::map<std::string, std::unique_ptr<ApiServer>>& ApiTest::servers() {
  static std::map<std::string, std::unique_ptr<ApiServer>> all;
  return all;
}

void ApiTest::SetUp() {
  auto& slot = servers()[GetParam()];
  if (!slot) {
    std::string skip;
    // The shared servers take part in the exchange too, so that every route is on them (the
    // OpenAPI and role tests walk them all).
    static const auto keys = exchange::generate_node_keys("api-test.example/echri", "DE");
    slot = ApiServer::start(GetParam(), skip, &*keys);
    if (!slot) GTEST_SKIP() << skip;
  }
  api_ = slot.get();
}

void ApiTest::TearDownTestSuite() {
  servers().clear();
}

std::string ApiTest::unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(++counter);
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

nlohmann::json expect_problem(const Reply& reply, int status) {
  EXPECT_EQ(reply.status, status) << reply.body;
  EXPECT_EQ(reply.header("Content-Type"), "application/problem+json") << reply.body;
  nlohmann::json problem;
  try {
    problem = nlohmann::json::parse(reply.body);
  } catch (const nlohmann::json::exception& error) {
    ADD_FAILURE() << "not JSON: " << reply.body;
    return {};
  }
  EXPECT_TRUE(problem.contains("type") && problem["type"].is_string()) << reply.body;
  EXPECT_TRUE(problem.contains("title") && problem["title"].is_string()) << reply.body;
  EXPECT_EQ(problem.value("status", 0), status) << reply.body;
  return problem;
}

}  // namespace echri::http::testing
