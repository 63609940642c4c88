// Crash safety: the server is killed with SIGKILL in the middle of a write load; after a restart
// every write the server acknowledged is there and the audit chain verifies. Runs on SQLite and
// PostgreSQL. The server runs in a forked child so that the kill is a real process death.

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "cases/case_services.hpp"
#include "cases/demo.hpp"
#include "http/api.hpp"
#include "http/api_fixture.hpp"
#include "http/case_routes.hpp"
#include "http/server.hpp"
#include "store/audit_chain.hpp"
#include "support/test_support.hpp"

namespace echri::http {
namespace {

using testing::any_loopback_port;

using nlohmann::json;

// Everything a node needs, built from a store URL; what the child serves and the parent checks.
struct Node {
  explicit Node(const std::string& url, const std::filesystem::path& dir) {
    auto opened = store::open_store(url, dir);
    if (!opened) throw std::runtime_error(opened.error().describe());
    store = std::move(*opened);
    accounts = std::make_unique<cases::Accounts>(*store);
    evaluator = std::make_unique<cases::Evaluator>(lists, assessment::Catalogue::builtin(),
                                                   assessment::Policy::builtin(),
                                                   assessment::CountryData{}, 0.85);
    cases = std::make_unique<cases::CaseServices>(*store, *evaluator);
    inquiries = std::make_unique<cases::Inquiries>(*store, *evaluator);
  }
  std::unique_ptr<store::Store> store;
  std::unique_ptr<cases::Accounts> accounts;
  cases::ListHolder lists;
  std::unique_ptr<cases::Evaluator> evaluator;
  std::unique_ptr<cases::CaseServices> cases;
  std::unique_ptr<cases::Inquiries> inquiries;
};

// Forks a child that serves the node on an ephemeral port and reports the port through a pipe.
pid_t start_server_process(const std::string& url, const std::filesystem::path& dir, int& port) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) return -1;
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_ends[0]);
    try {
      Node node(url, dir);
      Services services{*node.store,      *node.accounts,       node.lists,      *node.evaluator,
                        node.cases.get(), node.inquiries.get(), add_case_routes, {}};
      auto router = make_router(services, Limits{}, [](std::string_view) {});
      auto server = Server::start(*router, any_loopback_port());
      if (!server) _exit(2);
      const int chosen = (*server)->port();
      if (write(pipe_ends[1], &chosen, sizeof chosen) != sizeof chosen) _exit(3);
      for (;;) pause();  // until SIGKILL
    } catch (...) {
      _exit(4);
    }
  }
  close(pipe_ends[1]);
  port = 0;
  if (read(pipe_ends[0], &port, sizeof port) != sizeof port) port = 0;
  close(pipe_ends[0]);
  return child;
}

class CrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashTest, AcknowledgedWritesSurviveSigkill) {
  echri::testing::TempDir dir;
  ECHRI_STORE_URL_OR_SKIP(url, GetParam(), dir.path(), "crash");
  std::string token;
  {
    Node node(url, dir.path());
    auto seeded = cases::seed_demo(*node.accounts, *node.cases, *node.inquiries);
    ASSERT_TRUE(seeded) << seeded.error().describe();
    for (const auto& user : seeded->users)
      if (user.user == "erik.exporter") token = user.token;
  }  // closed before fork: no connection is shared with the child

  int port = 0;
  const pid_t child = start_server_process(url, dir.path(), port);
  ASSERT_GT(child, 0);
  ASSERT_GT(port, 0) << "the server process did not start";

  const auto application = json::parse(echri::testing::read_file(
      std::filesystem::path(ECHRI_SOURCE_DIR) / "data/demo/application.json"));
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  // Two writers: creating and submitting applications (screening, assessment, audit).
  auto writer = [&] {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(2);
    const httplib::Headers headers{{"Authorization", "Bearer " + token}};
    for (int i = 0; i < 2000 && !stop; ++i) {
      auto created =
          client.Post("/api/v1/applications", headers, application.dump(), "application/json");
      if (!created || created->status != 201) break;
      const auto id = json::parse(created->body)["id"].get<std::string>();
      {
        const std::lock_guard lock(mutex);
        acknowledged.push_back(id);
      }
      auto submitted =
          client.Post("/api/v1/applications/" + id + "/submit", headers, "{}", "application/json");
      if (!submitted || submitted->status != 200) break;
      const std::lock_guard lock(mutex);
      acknowledged.push_back(id + "/submitted");
    }
  };
  std::thread first(writer);
  std::thread second(writer);
  // Kill once a good number of writes were acknowledged, while the writers are still going.
  for (int waited = 0; waited < 600; ++waited) {
    {
      const std::lock_guard lock(mutex);
      if (acknowledged.size() >= 60) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  stop = true;
  first.join();
  second.join();
  EXPECT_TRUE(WIFSIGNALED(status));
  ASSERT_GE(acknowledged.size(), 20U) << "too few writes before the kill to test anything";

  // Restart: a new server on the same database answers, and everything acknowledged is there.
  int new_port = 0;
  const pid_t restarted = start_server_process(url, dir.path(), new_port);
  ASSERT_GT(new_port, 0);
  httplib::Client client("127.0.0.1", new_port);
  const httplib::Headers headers{{"Authorization", "Bearer " + token}};
  std::size_t checked = 0;
  for (const auto& entry : acknowledged) {
    const auto slash = entry.find('/');
    const auto id = entry.substr(0, slash);
    auto found = client.Get("/api/v1/applications/" + id, headers);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->status, 200) << id << " was acknowledged but is gone";
    if (slash != std::string::npos) {
      EXPECT_NE(json::parse(found->body)["state"], "draft") << id << " lost its submission";
    }
    ++checked;
  }
  kill(restarted, SIGKILL);
  waitpid(restarted, &status, 0);
  EXPECT_EQ(checked, acknowledged.size());

  Node node(url, dir.path());
  auto verified = store::verify_audit(*node.store);
  ASSERT_TRUE(verified) << verified.error().describe();
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_GE(verified->checked, static_cast<std::int64_t>(acknowledged.size()));
  // For the record of the run (docs/benchmarks.md quotes it).
  std::cout << "[ crash    ] " << GetParam() << ": " << acknowledged.size()
            << " acknowledged writes before SIGKILL, all present after restart; audit chain of "
            << verified->checked << " records intact\n";
}

std::string backend(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::Values("sqlite", "postgres"), backend);

}  // namespace
}  // namespace echri::http
