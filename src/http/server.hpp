#pragma once
// The HTTP server: binds, serves a Router on a pool of threads in the background, and stops when
// told (the serve command tells it on SIGINT/SIGTERM) or when destroyed. Requests in progress
// finish; idle keep-alive connections are closed.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "http/router.hpp"

namespace echri::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port, see Server::port()
  // cpp-httplib keeps a worker for each open connection while it is kept alive, so the pool must
  // be at least as large as the clients' connections (docs/api.md, "Limits"); 0 picks
  // max(64, 16 per core).
  std::size_t threads = 0;
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_requests = 1000;  // requests per connection before it is closed
  // Runs once on each worker thread before it serves (see worker_pool.hpp); start() returns
  // when every worker has run it. The serve command screens a name in every script there.
  std::function<void()> warm_up;
};

// "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080" for every address); invalid_input otherwise.
Result<std::pair<std::string, int>> parse_listen_address(std::string_view text);

class Server {
 public:
  // Binds the address and starts serving before it returns; io when the address is taken.
  // `router` must outlive the server.
  static Result<std::unique_ptr<Server>> start(const Router& router, const ServerOptions& options);

  struct Key {};  // only start() constructs
  explicit Server(Key /*key*/) {}
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] int port() const { return port_; }
  // "http://HOST:PORT"
  [[nodiscard]] std::string url() const;
  [[nodiscard]] std::size_t threads() const { return threads_; }
  // Stops accepting, lets requests in progress finish, and joins the serving thread. Idempotent.
  void stop();

 private:
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  std::atomic<bool> finished_{false};  // the serving thread has returned
  std::function<void()> warm_up_;
  std::atomic<std::size_t> ready_{0};  // workers that have warmed up
  std::string host_;
  int port_ = 0;
  std::size_t threads_ = 0;
};

}  // namespace echri::http
