#pragma once
// The HTTP server: binds, serves a Router in the background on an event-driven HTTP/1.1
// transport, and stops when told (the serve command tells it on SIGINT/SIGTERM) or when
// destroyed. It speaks plain HTTP or, given a certificate and key, only HTTPS. A few I/O threads
// own the connections and run the short handlers (reads, one screened name: RouteOptions::
// placement) where they read the request, with no hand-off between threads; the others run on a
// bounded pool of workers. Slow or idle clients hold a socket and a timer, never a thread. Requests
// in progress finish on stop; idle keep-alive connections are closed. docs/api.md, "Limits" and
// "TLS", describes the defaults.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.hpp"
#include "http/router.hpp"

namespace echri::http {

namespace internal {
class BeastTransport;
}

// PEM files: the certificate (followed by its chain, if any) and its private key.
struct TlsFiles {
  std::string certificate_file;
  std::string key_file;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port, see Server::port()
  // Workers that run the handlers placed on them (writes, batches, the audit chain's walk); 0
  // picks 2 per core, at least 4, which suits handlers that do not wait (SQLite). The serve command
  // gives more for a database server, whose round trips a worker waits for.
  std::size_t threads = 0;
  // Threads that read and write the sockets and run the inline handlers; 0 picks one per core, at
  // least 2. Each owns the connections it accepted for their whole life.
  std::size_t io_threads = 0;
  // Requests waiting for a worker beyond which new ones are answered 503 with Retry-After.
  std::size_t max_queued = 1024;
  // Open connections in total and per client address (an IPv6 client by its /64); beyond them a
  // new connection is answered 503 and closed.
  std::size_t max_connections = 4096;
  std::size_t max_connections_per_client = 256;
  std::size_t header_limit = std::size_t{16} << 10;  // request line and headers; 431 beyond
  // The whole head of a connection's first request must arrive within this.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  // A body must arrive within body_timeout plus its length at min_body_rate bytes a second.
  std::chrono::milliseconds body_timeout{std::chrono::seconds(10)};
  std::size_t min_body_rate = std::size_t{64} << 10;
  // Likewise for writing an answer.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(10)};
  // An open connection between requests: the next head must arrive within this.
  std::chrono::milliseconds keep_alive_timeout{std::chrono::seconds(5)};
  std::size_t keep_alive_requests = 1000;  // requests per connection before it is closed
  // How long stop() waits for requests in progress and their answers.
  std::chrono::milliseconds shutdown_timeout{std::chrono::seconds(10)};
  // Runs once on each worker before it serves (see worker_pool.hpp); start() returns when every
  // worker has run it. The serve command screens a name in every script there.
  std::function<void()> warm_up;
  // When set, the listener speaks only TLS (1.2 or 1.3; docs/api.md, "TLS"), under the same
  // limits and deadlines; the handshake counts against header_timeout.
  std::optional<TlsFiles> tls;
};

// "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080" for every address); invalid_input otherwise.
Result<std::pair<std::string, int>> parse_listen_address(std::string_view text);

class Server {
 public:
  // Binds the address and starts serving before it returns; io when the address is taken,
  // invalid_input naming the file when ServerOptions::tls names one that does not load.
  // `router` must outlive the server.
  static Result<std::unique_ptr<Server>> start(const Router& router, const ServerOptions& options);

  struct Key {};  // only start() constructs
  explicit Server(Key /*key*/);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] int port() const;
  // "http://HOST:PORT", or "https://HOST:PORT" with TLS
  [[nodiscard]] std::string url() const;
  [[nodiscard]] bool tls() const;
  // Reads the TLS certificate and key files again; connections accepted afterwards use them and
  // open ones keep theirs. On failure (invalid_input naming the file) the previous certificate
  // stays in use; conflict when the server does not speak TLS. Safe from any thread.
  Result<void> reload_tls();
  // The workers that run the handlers placed on them, and the I/O threads.
  [[nodiscard]] std::size_t threads() const;
  [[nodiscard]] std::size_t io_threads() const;
  // Stops accepting, closes idle connections, lets requests in progress finish and their answers
  // be written (within ServerOptions::shutdown_timeout), then joins the threads. Idempotent.
  void stop();

 private:
  std::unique_ptr<internal::BeastTransport> transport_;
  std::string host_;
};

}  // namespace echri::http
