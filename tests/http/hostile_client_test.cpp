// The transport against clients that do not play along, over raw sockets on loopback, on the
// plain and on the TLS listener alike: slow heads, slow bodies and idle connections must not keep
// a well-behaved client waiting; malformed framing is a 400; a request the router refuses from its
// head is answered before its body is sent.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/router.hpp"
#include "http/server.hpp"
#include "http/tls_support.hpp"
#include "support/test_support.hpp"

namespace echri::http {
namespace {

using cases::Role;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Where a test connects: the server's port and, for the TLS listener, the client context.
struct Endpoint {
  int port = 0;
  SSL_CTX* tls = nullptr;  // null: plain HTTP
};

// A loopback connection, plain or TLS, closed when it goes out of scope. Over TLS the handshake
// is made at once (blocking) and the socket is then non-blocking, so that every read waits at
// most its limit, as a plain one does.
class Connection {
 public:
  explicit Connection(Endpoint endpoint) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(endpoint.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    if (!connected_ || endpoint.tls == nullptr) return;
    timeval limit{5, 0};  // no handshake waits forever, whatever the server does
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    tls_.reset(SSL_new(endpoint.tls));
    SSL_set_fd(tls_.get(), fd_);
    connected_ = SSL_connect(tls_.get()) == 1;
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  }
  ~Connection() {
    tls_.reset();
    if (fd_ >= 0) ::close(fd_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connected, and over TLS handshaken.
  [[nodiscard]] bool connected() const { return connected_; }

  bool send(std::string_view bytes) const {
    while (!bytes.empty()) {
      if (!tls_) {
        const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
        continue;
      }
      const int sent = SSL_write(tls_.get(), bytes.data(), static_cast<int>(bytes.size()));
      if (sent > 0) {
        bytes.remove_prefix(static_cast<std::size_t>(sent));
        continue;
      }
      const int reason = SSL_get_error(tls_.get(), sent);
      if (reason != SSL_ERROR_WANT_WRITE && reason != SSL_ERROR_WANT_READ) return false;
      pollfd wanted{fd_, static_cast<short>(reason == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN), 0};
      if (::poll(&wanted, 1, 5000) <= 0) return false;
    }
    return true;
  }

  // Reads until `done` says the bytes so far are enough, the peer closes, or the time is up.
  template <class Done>
  std::string read_until(Done done, milliseconds limit = milliseconds(5000)) {
    const auto deadline = steady_clock::now() + limit;
    while (!done(received_)) {
      std::array<char, 4096> chunk{};
      const auto got = receive(chunk, deadline);
      if (got == kTimedOut) break;
      if (got == kClosed) {
        closed_ = true;
        break;
      }
      received_.append(chunk.data(), static_cast<std::size_t>(got));
    }
    return received_;
  }

  struct Answer {
    int status = 0;
    std::string head;
    std::string body;
    [[nodiscard]] bool has(std::string_view header_line) const {
      return head.find(header_line) != std::string::npos;
    }
  };

  // The next complete answer (head and Content-Length bytes); status 0 when none came in time.
  Answer answer(milliseconds limit = milliseconds(5000)) {
    const auto complete = [](const std::string& bytes) {
      const auto end = bytes.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      return bytes.size() >= end + 4 + length_of(bytes.substr(0, end));
    };
    read_until(complete, limit);
    Answer answer;
    if (!complete(received_)) return answer;
    const auto end = received_.find("\r\n\r\n");
    answer.head = received_.substr(0, end + 2);
    const auto length = length_of(answer.head);
    answer.body = received_.substr(end + 4, length);
    received_.erase(0, end + 4 + length);
    answer.status = std::stoi(answer.head.substr(9, 3));
    return answer;
  }

  // True when the server closes the connection within the time.
  bool closed_by_server(milliseconds limit = milliseconds(5000)) {
    read_until([](const std::string&) { return false; }, limit);
    return closed_;
  }

 private:
  static constexpr long kTimedOut = -1;
  static constexpr long kClosed = 0;

  // Bytes read into `chunk`, kClosed when the peer ended the connection (over TLS, with or
  // without close_notify), or kTimedOut at the deadline.
  long receive(std::array<char, 4096>& chunk, steady_clock::time_point deadline) {
    for (;;) {
      short wanted_events = POLLIN;
      if (!tls_) {
        const auto left =
            std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now()).count();
        if (left <= 0) return kTimedOut;
        pollfd wanted{fd_, wanted_events, 0};
        if (::poll(&wanted, 1, static_cast<int>(left)) <= 0) return kTimedOut;
        const auto got = ::recv(fd_, chunk.data(), chunk.size(), 0);
        return got <= 0 ? kClosed : static_cast<long>(got);
      }
      const int got = SSL_read(tls_.get(), chunk.data(), static_cast<int>(chunk.size()));
      if (got > 0) return got;
      const int reason = SSL_get_error(tls_.get(), got);
      if (reason == SSL_ERROR_WANT_WRITE)
        wanted_events = POLLOUT;
      else if (reason != SSL_ERROR_WANT_READ)
        return kClosed;
      const auto left =
          std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now()).count();
      if (left <= 0) return kTimedOut;
      pollfd wanted{fd_, wanted_events, 0};
      if (::poll(&wanted, 1, static_cast<int>(left)) <= 0) return kTimedOut;
    }
  }

  static std::size_t length_of(const std::string& head) {
    const auto at = head.find("Content-Length: ");
    if (at == std::string::npos) return 0;
    return std::stoul(head.substr(at + 16));
  }

  int fd_;
  testing::Tls tls_;
  bool connected_ = false;
  bool closed_ = false;
  std::string received_;
};

enum class Listener { plain, tls };

class HostileClientTest : public ::testing::TestWithParam<Listener> {
 protected:
  HostileClientTest()
      : router_(
            [this](std::string_view token, cases::TokenLookup) -> Result<cases::Principal> {
              ++authentications_;
              if (token == "officer" && !revoked_)
                return cases::Principal{"olga", Role::officer, "authority"};
              return fail(ErrorKind::not_found, "unknown token");
            },
            Limits{std::size_t{64} << 10, std::size_t{128} << 10, 16}) {
    router_.route(Method::get, "/ping", Access::public_route(),
                  [](const ApiRequest&) -> Result<ApiResponse> {
                    return ApiResponse::text("pong", "text/plain");
                  });
    router_.route(
        Method::get, "/page", Access::public_route(), [](const ApiRequest&) -> Result<ApiResponse> {
          return ApiResponse::text("<!doctype html><title>p</title>", "text/html; charset=utf-8");
        });
    router_.route(
        Method::get, "/slow", Access::public_route(),
        [](const ApiRequest&) -> Result<ApiResponse> {
          std::this_thread::sleep_for(milliseconds(400));
          return ApiResponse::text("finished", "text/plain");
        },
        RouteOptions{.placement = Placement::worker});
    // Holds a worker until the test releases it (or 10 s pass).
    router_.route(
        Method::get, "/hold", Access::public_route(),
        [this](const ApiRequest&) -> Result<ApiResponse> {
          holding_ = true;
          const auto deadline = steady_clock::now() + std::chrono::seconds(10);
          while (!released_ && steady_clock::now() < deadline)
            std::this_thread::sleep_for(milliseconds(5));
          holding_ = false;
          return ApiResponse::text("released", "text/plain");
        },
        RouteOptions{.placement = Placement::worker});
    // The thread each handler ran on, by where it is placed.
    const auto where = [this](const ApiRequest& request) -> Result<ApiResponse> {
      const std::lock_guard lock(threads_mutex_);
      ran_on_[std::string(request.path())].push_back(std::this_thread::get_id());
      return ApiResponse::no_content();
    };
    router_.route(Method::get, "/where/read", Access::public_route(), where);
    router_.route(Method::post, "/where/write", Access::public_route(), where,
                  RouteOptions{BodyKind::json});
    router_.route(
        Method::post, "/where/small", Access::public_route(), where,
        RouteOptions{
            .body = BodyKind::json, .placement = Placement::inline_when_small, .inline_body = 32});
    router_.route(
        Method::post, "/echo", {Role::officer},
        [](const ApiRequest& request) -> Result<ApiResponse> {
          return ApiResponse::json({{"size", request.raw_body().size()}});
        },
        RouteOptions{BodyKind::json});
    router_.route(
        Method::post, "/documents", {Role::officer},
        [](const ApiRequest& request) -> Result<ApiResponse> {
          return ApiResponse::json({{"size", request.raw_body().size()}}, 201);
        },
        RouteOptions{BodyKind::bytes});
    router_.route(
        Method::post, "/touch", {Role::officer},
        [](const ApiRequest&) -> Result<ApiResponse> { return ApiResponse::no_content(); });
  }

  [[nodiscard]] static bool over_tls() { return GetParam() == Listener::tls; }

  void start(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.threads == 0) options.threads = 2;
    if (options.io_threads == 0) options.io_threads = 1;
    if (over_tls()) {
      const auto files = testing::make_certificate(dir_.path(), "server");
      ASSERT_FALSE(files.certificate.empty()) << "could not make a certificate";
      options.tls = TlsFiles{files.certificate, files.key};
      // The test is of the transport, not of certificate checks (tls_test.cpp has those).
      client_context_.reset(SSL_CTX_new(TLS_client_method()));
      ASSERT_TRUE(client_context_);
    }
    auto started = Server::start(router_, options);
    ASSERT_TRUE(started) << started.error().describe();
    server_ = std::move(*started);
  }

  [[nodiscard]] Endpoint endpoint() const { return {server_->port(), client_context_.get()}; }

  std::atomic<int> authentications_{0};
  std::atomic<bool> revoked_{false};
  std::atomic<bool> holding_{false};
  std::atomic<bool> released_{false};
  std::mutex threads_mutex_;
  std::map<std::string, std::vector<std::thread::id>> ran_on_;
  echri::testing::TempDir dir_;
  testing::Context client_context_;  // null on the plain listener
  Router router_;
  std::unique_ptr<Server> server_;
};

constexpr std::string_view kPing = "GET /ping HTTP/1.1\r\nHost: test\r\n\r\n";

// The head of an officer's POST /echo announcing `length` bytes of JSON; `extra` are more header
// lines.
std::string echo_head(std::size_t length, std::string_view extra = "") {
  return "POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
         "application/json\r\nContent-Length: " +
         std::to_string(length) + "\r\n" + std::string(extra) + "\r\n";
}

TEST_P(HostileClientTest, EveryAnswerSaysNoSniff) {
  start();
  Connection client(endpoint());
  ASSERT_TRUE(client.send(kPing));
  const auto ok = client.answer();
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "pong");
  EXPECT_TRUE(ok.has("X-Content-Type-Options: nosniff"));
  EXPECT_TRUE(ok.has("Referrer-Policy: no-referrer"));
  EXPECT_TRUE(ok.has("Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"));
  ASSERT_TRUE(client.send("GET /page HTTP/1.1\r\nHost: test\r\n\r\n"));
  const auto page = client.answer();
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(page.has("Content-Security-Policy: default-src 'none'; script-src 'self';"));
  EXPECT_TRUE(page.has("frame-ancestors 'none'\r\n"));
  EXPECT_TRUE(page.has("X-Frame-Options: DENY"));
  EXPECT_TRUE(page.has("Referrer-Policy: no-referrer"));
  ASSERT_TRUE(client.send("GET /nowhere HTTP/1.1\r\nHost: test\r\n\r\n"));
  const auto missing = client.answer();
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.has("X-Content-Type-Options: nosniff"));
  EXPECT_TRUE(missing.has("application/problem+json"));
}

TEST_P(HostileClientTest, AmbiguousFramingIsABadRequest) {
  start();
  const std::vector<std::string> requests = {
      // the same length twice, two lengths, a length beside chunked framing, a bad chunk size
      "POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
      "application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
      "POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
      "application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
      "POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
      "application/json\r\nContent-Length: 2\r\nTransfer-Encoding: "
      "chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
      "application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
  };
  for (const auto& request : requests) {
    Connection client(endpoint());
    ASSERT_TRUE(client.send(request));
    const auto answer = client.answer();
    EXPECT_EQ(answer.status, 400) << request;
    EXPECT_TRUE(answer.has("application/problem+json")) << request;
    EXPECT_TRUE(client.closed_by_server()) << request;
  }
}

TEST_P(HostileClientTest, ChunkedBodiesThatAreWellFormedAreRead) {
  start();
  Connection client(endpoint());
  ASSERT_TRUE(client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
      "application/json\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n"));
  const auto answer = client.answer();
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, R"({"size":7})");
}

TEST_P(HostileClientTest, RefusesFromTheHeadWithoutWaitingForTheBody) {
  start();
  // Neither body is ever sent: an answer can only come from the head.
  {
    Connection client(endpoint());
    ASSERT_TRUE(
        client.send("POST /documents HTTP/1.1\r\nHost: t\r\nContent-Type: "
                    "application/pdf\r\nContent-Length: 100000000\r\n\r\n"));
    const auto answer = client.answer(milliseconds(3000));
    EXPECT_EQ(answer.status, 401);
    EXPECT_TRUE(answer.has("Connection: close"));
  }
  {
    Connection client(endpoint());
    ASSERT_TRUE(client.send(
        "POST /documents HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
        "application/pdf\r\nContent-Length: 100000000\r\n\r\n"));
    EXPECT_EQ(client.answer(milliseconds(3000)).status, 413);
  }
  {
    Connection client(endpoint());
    ASSERT_TRUE(
        client.send("PUT /documents HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n"));
    EXPECT_EQ(client.answer(milliseconds(3000)).status, 405);
  }
  {
    // A query that is not UTF-8 once decoded is refused from the head too.
    Connection client(endpoint());
    ASSERT_TRUE(client.send(
        "POST /documents?filename=%FF HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\n"
        "Content-Type: application/pdf\r\nContent-Length: 1000\r\n\r\n"));
    EXPECT_EQ(client.answer(milliseconds(3000)).status, 400);
  }
}

TEST_P(HostileClientTest, EachRequestIsAuthenticatedOnce) {
  start();
  Connection client(endpoint());
  const std::string post = echo_head(2) + "{}";
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send(post));
    EXPECT_EQ(client.answer().status, 200);
  }
  EXPECT_EQ(authentications_.load(), 3);
}

TEST_P(HostileClientTest, ATokenRevokedWhileItsBodyArrivesDoesNotAct) {
  start();
  Connection client(endpoint());
  ASSERT_TRUE(client.send(echo_head(2) + "{"));
  const auto deadline = steady_clock::now() + milliseconds(5000);
  while (authentications_.load() == 0 && steady_clock::now() < deadline)
    std::this_thread::sleep_for(milliseconds(5));
  ASSERT_EQ(authentications_.load(), 1) << "the head was never checked";
  revoked_ = true;
  // The head was admitted; the body comes after the admission has lapsed.
  std::this_thread::sleep_for(Router::kAdmissionLifetime + milliseconds(200));
  ASSERT_TRUE(client.send("}"));
  EXPECT_EQ(client.answer().status, 401);
  EXPECT_EQ(authentications_.load(), 2);
}

TEST_P(HostileClientTest, HonoursExpectContinue) {
  start();
  Connection client(endpoint());
  ASSERT_TRUE(client.send(echo_head(8, "Expect: 100-continue\r\n")));
  EXPECT_EQ(client.answer().status, 100);
  ASSERT_TRUE(client.send(R"({"a":12})"));
  const auto final_answer = client.answer();
  EXPECT_EQ(final_answer.status, 200);
  EXPECT_EQ(final_answer.body, R"({"size":8})");

  // Refused from the head: no 100 Continue, the refusal instead.
  Connection stranger(endpoint());
  ASSERT_TRUE(
      stranger.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: "
                    "application/json\r\nContent-Length: 8\r\nExpect: 100-continue\r\n\r\n"));
  EXPECT_EQ(stranger.answer().status, 401);
}

TEST_P(HostileClientTest, APostWithoutABodyIsAnsweredAtOnce) {
  start();
  Connection client(endpoint());
  ASSERT_TRUE(
      client.send("POST /touch HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\n\r\n"));
  EXPECT_EQ(client.answer(milliseconds(3000)).status, 204);
  // The connection is still good for another request.
  ASSERT_TRUE(client.send(kPing));
  EXPECT_EQ(client.answer().status, 200);
}

TEST_P(HostileClientTest, AnOversizedHeadIsRefused) {
  start();
  Connection client(endpoint());
  ASSERT_TRUE(client.send("GET /ping HTTP/1.1\r\nHost: t\r\nX-Padding: " +
                          std::string(std::size_t{64} << 10, 'a') + "\r\n\r\n"));
  EXPECT_EQ(client.answer().status, 431);
}

TEST_P(HostileClientTest, SlowAndIdleClientsDoNotStarveAWellBehavedOne) {
  ServerOptions options;
  options.header_timeout = std::chrono::seconds(30);
  options.body_timeout = std::chrono::seconds(30);
  options.keep_alive_timeout = std::chrono::seconds(30);
  start(options);
  // More hostile connections than there are I/O threads and workers together, many times over.
  std::vector<std::unique_ptr<Connection>> hostile;
  for (int i = 0; i < 20; ++i) {
    auto slow_head = std::make_unique<Connection>(endpoint());
    ASSERT_TRUE(slow_head->send("GET /ping HTTP/1.1\r\nHost: t\r\nX-Slow: "));
    hostile.push_back(std::move(slow_head));
    auto slow_body = std::make_unique<Connection>(endpoint());
    ASSERT_TRUE(slow_body->send(
        "POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer officer\r\nContent-Type: "
        "application/json\r\nContent-Length: 1000\r\n\r\n{\"a\":"));
    hostile.push_back(std::move(slow_body));
    auto idle = std::make_unique<Connection>(endpoint());
    ASSERT_TRUE(idle->send(kPing));
    EXPECT_EQ(idle->answer().status, 200);
    hostile.push_back(std::move(idle));
  }
  for (int i = 0; i < 10; ++i) {
    Connection client(endpoint());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send(kPing));
    const auto answer = client.answer(milliseconds(5000));
    EXPECT_EQ(answer.status, 200) << "request " << i;
  }
}

TEST_P(HostileClientTest, ASlowHeadIsCutOffAtItsDeadline) {
  ServerOptions options;
  options.header_timeout = milliseconds(300);
  start(options);
  Connection client(endpoint());
  ASSERT_TRUE(client.send("GET /ping HTTP/1.1\r\nHost: t\r\n"));
  EXPECT_TRUE(client.closed_by_server(milliseconds(5000)));
}

TEST_P(HostileClientTest, TooManyConnectionsFromOneClientAreRefused) {
  ServerOptions options;
  options.max_connections_per_client = 3;
  start(options);
  std::vector<std::unique_ptr<Connection>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<Connection>(endpoint()));
    ASSERT_TRUE(open.back()->send(kPing));
    EXPECT_EQ(open.back()->answer().status, 200);
  }
  Connection extra(endpoint());
  if (over_tls()) {
    // Closed before the handshake: an answer would cost the work the limit refuses.
    EXPECT_FALSE(extra.connected());
  } else {
    EXPECT_EQ(extra.answer().status, 503);
  }
  open.clear();
  // Once they are closed, the client may connect again.
  bool answered = false;
  for (int attempt = 0; attempt < 50 && !answered; ++attempt) {
    Connection again(endpoint());
    again.send(kPing);
    answered = again.answer().status == 200;
    if (!answered) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(answered);
}

TEST_P(HostileClientTest, ReadsRunOnTheIOThreadAndWritesOnAWorker) {
  ServerOptions options;
  options.threads = 1;
  options.io_threads = 1;
  start(options);
  const auto post = [](std::string_view path, std::size_t body_bytes) {
    const std::string body = "{\"pad\":\"" + std::string(body_bytes - 10, 'x') + "\"}";
    return "POST " + std::string(path) +
           " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  Connection first(endpoint());
  Connection second(endpoint());
  for (auto* client : {&first, &second}) {
    ASSERT_TRUE(client->send("GET /where/read HTTP/1.1\r\nHost: t\r\n\r\n"));
    EXPECT_EQ(client->answer().status, 204);
    ASSERT_TRUE(client->send(post("/where/write", 20)));
    EXPECT_EQ(client->answer().status, 204);
  }
  ASSERT_TRUE(first.send(post("/where/small", 20)));
  EXPECT_EQ(first.answer().status, 204);
  ASSERT_TRUE(first.send(post("/where/small", 40)));
  EXPECT_EQ(first.answer().status, 204);

  const std::lock_guard lock(threads_mutex_);
  const auto& reads = ran_on_["/where/read"];
  const auto& writes = ran_on_["/where/write"];
  const auto& small = ran_on_["/where/small"];
  ASSERT_EQ(reads.size(), 2U);
  ASSERT_EQ(writes.size(), 2U);
  ASSERT_EQ(small.size(), 2U);
  // One I/O thread and one worker: every read on the first, every write on the second.
  EXPECT_EQ(reads[0], reads[1]);
  EXPECT_EQ(writes[0], writes[1]);
  EXPECT_NE(reads[0], writes[0]);
  EXPECT_EQ(small[0], reads[0]);   // a body within the route's inline size
  EXPECT_EQ(small[1], writes[0]);  // a larger one
}

TEST_P(HostileClientTest, AHandlerOnAWorkerDoesNotHoldItsIOThread) {
  ServerOptions options;
  options.threads = 2;
  options.io_threads = 1;
  start(options);
  Connection holder(endpoint());
  ASSERT_TRUE(holder.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n"));
  while (!holding_) std::this_thread::sleep_for(milliseconds(1));
  // The only I/O thread still answers other connections while the worker is held.
  Connection other(endpoint());
  ASSERT_TRUE(other.send(kPing));
  EXPECT_EQ(other.answer(milliseconds(3000)).status, 200);
  EXPECT_TRUE(holding_);
  released_ = true;
  const auto held = holder.answer();
  EXPECT_EQ(held.status, 200);
  EXPECT_EQ(held.body, "released");
}

TEST_P(HostileClientTest, StopFinishesARequestInProgress) {
  start();
  Connection client(endpoint());
  ASSERT_TRUE(client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
  Connection idle(endpoint());
  ASSERT_TRUE(idle.send(kPing));
  EXPECT_EQ(idle.answer().status, 200);
  std::this_thread::sleep_for(milliseconds(100));  // the handler is running
  std::thread stopper([this] { server_->stop(); });
  const auto answer = client.answer();
  stopper.join();
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "finished");
  EXPECT_TRUE(answer.has("Connection: close"));
  EXPECT_TRUE(idle.closed_by_server(milliseconds(2000)));
  // Nothing listens any more.
  Connection late(endpoint());
  EXPECT_FALSE(late.connected() && late.send(kPing) && late.answer(milliseconds(500)).status != 0);
}

INSTANTIATE_TEST_SUITE_P(Listeners, HostileClientTest,
                         ::testing::Values(Listener::plain, Listener::tls),
                         [](const ::testing::TestParamInfo<Listener>& listener) {
                           return listener.param == Listener::tls ? "Tls" : "Plain";
                         });

}  // namespace
}  // namespace echri::http
