#include "http/internal/beast_transport.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text_util.hpp"
#include "http/internal/tls_context.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/throttle.hpp"
#include "http/worker_pool.hpp"

namespace echri::http::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using std::chrono::steady_clock;

// A closing connection still reads (and throws away) what the client sends for a while: closing a
// socket with unread bytes sends a reset that can destroy the answer before the client reads it,
// and most clients send a refused body whole rather than wait for 100 Continue. Bounded by the
// largest body a route takes (plus slack) and by time.
constexpr std::size_t kDrainSlack = std::size_t{1} << 20;
constexpr std::chrono::seconds kDrainTime{5};

class SessionBase;

// The two streams a connection speaks over; everything above the stream is shared.
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One I/O thread's event loop and the connections it owns. Each connection lives on one reactor
// for its whole life, so its handlers never run concurrently and need no strand, and a reactor's
// loop takes no lock against other I/O threads (only workers posting answers back).
struct Reactor {
  asio::io_context io{1};
  // Keeps the thread running while every connection waits for a worker and the acceptor is
  // closed (during stop), so that the workers' answers are still written.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> running{
      asio::make_work_guard(io)};
};

// What the acceptor, the sessions and stop() share. The counters come before the reactors:
// sessions that a reactor destroys with its pending handlers still unregister.
struct State {
  State(const Router& router_in, ServerOptions options_in, std::size_t reactor_count)
      : router(router_in), options(std::move(options_in)) {
    for (std::size_t i = 0; i < reactor_count; ++i) reactors.push_back(std::make_unique<Reactor>());
  }

  const Router& router;
  ServerOptions options;
  std::atomic<bool> stopping{false};

  std::mutex mutex;  // guards what follows up to the io_context
  std::condition_variable closed;
  std::size_t connections = 0;
  std::unordered_map<std::string, std::size_t> per_client;
  std::vector<std::weak_ptr<SessionBase>> sessions;

  std::vector<std::unique_ptr<Reactor>> reactors;  // [0] also runs the acceptor
  std::unique_ptr<WorkerPool> pool;
};

std::chrono::steady_clock::duration transfer_time(const State& state, std::uint64_t bytes) {
  const auto rate = std::max<std::uint64_t>(1, state.options.min_body_rate);
  return std::chrono::seconds(bytes / rate);
}

std::string_view view(beast::string_view text) {
  return {text.data(), text.size()};
}

Response problem_response(const Problem& problem) {
  Response response;
  write_problem(problem, response);
  return response;
}

// What the acceptor and stop() know of a connection, whichever stream it speaks over; it holds
// the connection's place in the limits until it is destroyed.
class SessionBase {
 public:
  SessionBase(State& state, std::string client) : state_(state), client_(std::move(client)) {}
  virtual ~SessionBase() {
    const std::lock_guard lock(state_.mutex);
    --state_.connections;
    if (auto found = state_.per_client.find(client_); found != state_.per_client.end()) {
      if (--found->second == 0) state_.per_client.erase(found);
    }
    state_.closed.notify_all();
  }
  SessionBase(const SessionBase&) = delete;
  SessionBase& operator=(const SessionBase&) = delete;

  virtual void run() = 0;
  // On stop: a connection waiting for a request is closed; one with a request in progress
  // finishes it and closes after the answer.
  virtual void close_if_idle() = 0;

 private:
  State& state_;
  std::string client_;
};

// One client connection: (over TLS, a handshake first, then) reads requests one after the other,
// runs each handler (on its reactor's thread, or on a worker: RouteOptions::placement) and writes
// the answer. Every member is touched only on the reactor's thread, except request_ and
// admission_, which a worker reads while the connection waits for its answer.
template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  // `context` (TLS only) is the one current when the connection was accepted: a reload changes
  // the certificate of later connections only.
  Session(State& state, tcp::socket socket, std::shared_ptr<ssl::context> context,
          std::string address, std::string client)
      : SessionBase(state, std::move(client)),
        state_(state),
        context_(std::move(context)),
        stream_(open_stream(std::move(socket), context_.get())),
        address_(std::move(address)) {}

  ~Session() override = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run() override {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->handshake();
      } else {
        self->read_header();
      }
    });
  }

  void close_if_idle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      error_code ignored;
      if (self->idle_) self->lowest().socket().close(ignored);
    });
  }

 private:
  static Stream open_stream(tcp::socket socket, ssl::context* context) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *context);
    } else {
      (void)context;
      return Stream(std::move(socket));
    }
  }

  // The TCP stream under a TLS one (or the stream itself): deadlines and closing act there.
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  // The handshake runs under the header deadline, which goes on running for the first head: a
  // client that stalls in the handshake is closed like one that stalls in its head, and the two
  // together cannot take longer than a head alone.
  void handshake() {
    idle_ = true;
    lowest().expires_after(state_.options.header_timeout);
    stream_.async_handshake(ssl::stream_base::server,
                            [self = this->shared_from_this()](error_code error) {
                              if (error) return self->close();
                              self->read_header();
                            });
  }

  void read_header() {
    if (state_.stopping.load()) return close();
    idle_ = true;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_.options.header_limit));
    // The route's limit is known only once the head is read; until then a declared length must
    // not fail the head (it is answered 413, not 400).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    // A first request gets the header deadline; a kept-alive connection the idle timeout, within
    // which the whole next head must arrive.
    if (!first_)
      lowest().expires_after(state_.options.keep_alive_timeout);
    else if (!kTls)
      lowest().expires_after(state_.options.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](error_code error, std::size_t) {
                               self->on_header(error);
                             });
  }

  void on_header(error_code error) {
    idle_ = false;
    first_ = false;
    if (error == bhttp::error::header_limit)
      return answer(problem_response(for_status(431, "")), true);
    if (error) {
      // A malformed head is answered; a client that went away or was too slow is not.
      if (error.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
          error != bhttp::error::end_of_stream && error != bhttp::error::partial_message)
        return answer(problem_response(for_status(400, "")), true);
      return close();
    }
    const auto& head = parser_->get();
    version_ = head.version();
    request_ = Request{};
    request_.method = std::string(view(head.method_string()));
    request_.remote_address = address_;
    head_method_ = head.method() == bhttp::verb::head;
    keep_alive_ = parser_->keep_alive();
    if (!parse_target(view(head.target()), request_))
      return answer(bad_request("the request target is not a path"), true);
    std::size_t lengths = 0;
    bool transfer_encoding = false;
    for (const auto& field : head) {
      request_.headers.add(view(field.name_string()), view(field.value()));
      lengths += field.name() == bhttp::field::content_length ? 1 : 0;
      transfer_encoding = transfer_encoding || field.name() == bhttp::field::transfer_encoding;
    }
    // Two lengths, or a length beside chunked framing, is how requests are smuggled past a proxy
    // that reads the other one.
    if (lengths > 1) return answer(bad_request("more than one Content-Length"), true);
    if (lengths == 1 && transfer_encoding)
      return answer(bad_request("Content-Length together with Transfer-Encoding"), true);
    if (transfer_encoding && !parser_->chunked())
      return answer(bad_request("Transfer-Encoding other than chunked"), true);

    std::optional<std::uint64_t> length;
    if (const auto declared = parser_->content_length()) length = *declared;
    auto verdict = state_.router.check_head(request_, length);
    if (verdict.refusal) return answer(std::move(*verdict.refusal), !parser_->is_done());

    limit_ = verdict.body_limit;
    admission_ = std::move(verdict.admission);
    // A route that takes no body still reads (and ignores) a small one.
    if (limit_ == 0) limit_ = state_.router.limits().json_body;
    if (length && *length > limit_)
      return answer(problem_response(payload_too_large(request_.path, limit_)), true);
    parser_->body_limit(limit_);
    expected_ = length.value_or(limit_);

    const auto expect = head[bhttp::field::expect];
    if (!expect.empty()) {
      if (core::ascii_lower(core::trim(view(expect))) != "100-continue")
        return answer(problem_response(for_status(417, request_.path)), true);
      if (!parser_->is_done()) return send_continue();
    }
    if (parser_->is_done()) return run_handler();
    read_body();
  }

  void send_continue() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    lowest().expires_after(state_.options.write_timeout);
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = this->shared_from_this()](error_code error, std::size_t) {
                        if (error) return self->close();
                        self->read_body();
                      });
  }

  void read_body() {
    lowest().expires_after(state_.options.body_timeout + transfer_time(state_, expected_));
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code error, std::size_t) { self->on_body(error); });
  }

  void on_body(error_code error) {
    if (error == bhttp::error::body_limit)
      return answer(problem_response(payload_too_large(request_.path, limit_)), true);
    if (error) {
      if (error.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
          error != bhttp::error::end_of_stream && error != bhttp::error::partial_message)
        return answer(bad_request("the body's framing is malformed (" + error.message() + ")"),
                      true);
      return close();
    }
    request_.body = std::move(parser_->get().body());
    run_handler();
  }

  void run_handler() {
    if (admission_.runs_inline(request_.body.size())) {
      Response response;
      state_.router.handle(request_, response, std::move(admission_));
      return answer(std::move(response), false);
    }
    lowest().expires_never();
    auto self = this->shared_from_this();
    const bool queued = state_.pool->try_enqueue([self] {
      Response response;
      self->state_.router.handle(self->request_, response, std::move(self->admission_));
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->answer(std::move(response), false);
      });
    });
    if (!queued) {
      auto busy = problem_response(for_status(503, request_.path));
      busy.headers.set("Retry-After", "1");
      answer(std::move(busy), false);
    }
  }

  Response bad_request(const std::string& detail) const {
    auto problem = for_status(400, request_.path);
    problem.detail = detail;
    return problem_response(problem);
  }

  // Writes the answer; `close` when the connection cannot carry another request (a body left
  // unread, a framing error).
  void answer(Response response, bool close) {
    response_ = {};
    response_.version(version_ == 10 ? 10 : 11);
    response_.result(static_cast<unsigned>(response.status));
    set_security_headers(response.headers);
    for (const auto& [name, value] : response.headers.fields()) response_.insert(name, value);
    response_.body() = std::move(response.body);
    response_.prepare_payload();
    if (head_method_) response_.body().clear();
    ++served_;
    const bool keep = !close && keep_alive_ && !state_.stopping.load() &&
                      served_ < state_.options.keep_alive_requests;
    response_.keep_alive(keep);
    keep_alive_ = false;
    lowest().expires_after(state_.options.write_timeout +
                           transfer_time(state_, response_.body().size()));
    bhttp::async_write(stream_, response_,
                       [self = this->shared_from_this(), keep](error_code error, std::size_t) {
                         if (error) {
                           error_code ignored;
                           self->lowest().socket().close(ignored);
                         } else if (keep) {
                           self->read_header();
                         } else {
                           self->close();
                         }
                       });
  }

  // Half-closes and drains what the client still sends, so that it reads the answer. Over TLS the
  // raw bytes are drained below the TLS layer and no close_notify is sent: every answer carries
  // its length, so a client cannot mistake a truncated answer for a whole one.
  void close() {
    error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    drained_ = 0;
    lowest().expires_after(kDrainTime);
    drain();
  }

  void drain() {
    lowest().async_read_some(asio::buffer(scratch_), [self = this->shared_from_this()](
                                                         error_code error, std::size_t bytes) {
      self->drained_ += bytes;
      const auto& limits = self->state_.router.limits();
      const auto most = std::max(limits.json_body, limits.document_body) + kDrainSlack;
      if (error || self->drained_ > most) {
        error_code ignored;
        self->lowest().socket().close(ignored);
        return;
      }
      self->drain();
    });
  }

  State& state_;
  std::shared_ptr<ssl::context> context_;  // outlives stream_, which uses it
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  Request request_;
  std::string address_;
  unsigned version_ = 11;
  bool head_method_ = false;
  bool keep_alive_ = false;
  bool idle_ = false;
  bool first_ = true;
  std::size_t served_ = 0;
  std::size_t limit_ = 0;        // of this request's body
  Router::Admission admission_;  // what check_head granted this request
  std::uint64_t expected_ = 0;   // body bytes, for its deadline
  std::size_t drained_ = 0;
  std::array<char, 4096> scratch_{};
};

class Transport final : public BeastTransport {
 public:
  Transport(const Router& router, const ServerOptions& options, std::unique_ptr<TlsContext> tls)
      : tls_(std::move(tls)),
        state_(router, options, reactor_count(options)),
        acceptor_(state_.reactors.front()->io),
        retry_(state_.reactors.front()->io) {}

  ~Transport() override { stop(); }
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  Result<bool> open() {
    const auto& options = state_.options;
    error_code error;
    tcp::resolver resolver(state_.reactors.front()->io);
    const auto endpoints =
        resolver.resolve(options.host, std::to_string(options.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, error);
    if (error || endpoints.empty())
      return fail(ErrorKind::io, "cannot listen on " + options.host + " (not an address)");
    const auto endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), error);
    // SO_REUSEADDR for a quick restart; not SO_REUSEPORT, which would let a second server take
    // half of the connections.
    if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error)
      return fail(ErrorKind::io, "cannot listen on " + options.host + ":" +
                                     std::to_string(options.port) + " (" + error.message() + ")");
    port_ = acceptor_.local_endpoint().port();

    workers_ = options.threads > 0 ? options.threads : default_threads();
    state_.pool = std::make_unique<WorkerPool>(
        workers_, std::max<std::size_t>(1, options.max_queued), options.warm_up, ready_);
    accept();
    // Handlers run on the I/O threads too: each warms up as a worker does before its loop runs.
    for (const auto& reactor : state_.reactors) {
      io_threads_.emplace_back([this, &reactor = *reactor] {
        run_warm_up(state_.options.warm_up);
        ready_.fetch_add(1);
        reactor.io.run();
      });
    }
    // Connections that arrive meanwhile wait in the backlog; answering them only after the
    // warm-up keeps the first requests as fast as the rest.
    while (ready_.load() < workers_ + state_.reactors.size())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return true;
  }

  [[nodiscard]] int port() const override { return port_; }
  [[nodiscard]] std::size_t threads() const override { return workers_; }
  [[nodiscard]] std::size_t io_threads() const override { return state_.reactors.size(); }
  [[nodiscard]] bool tls() const override { return tls_ != nullptr; }

  Result<void> reload_tls() override {
    if (!tls_) return fail(ErrorKind::conflict, "the server does not speak TLS");
    return tls_->reload();
  }

  void stop() override {
    if (stopped_.exchange(true)) return;
    state_.stopping.store(true);
    asio::post(acceptor_.get_executor(), [this] {
      error_code ignored;
      acceptor_.close(ignored);
      retry_.cancel();
    });
    std::vector<std::shared_ptr<SessionBase>> open;
    {
      const std::lock_guard lock(state_.mutex);
      for (const auto& weak : state_.sessions)
        if (auto session = weak.lock()) open.push_back(std::move(session));
    }
    for (const auto& session : open) session->close_if_idle();
    open.clear();
    {
      std::unique_lock lock(state_.mutex);
      state_.closed.wait_until(lock, steady_clock::now() + state_.options.shutdown_timeout,
                               [this] { return state_.connections == 0; });
    }
    for (const auto& reactor : state_.reactors) {
      reactor->running.reset();
      reactor->io.stop();
    }
    for (auto& thread : io_threads_)
      if (thread.joinable()) thread.join();
    if (state_.pool) state_.pool->shutdown();
  }

 private:
  static std::size_t default_threads() {
    return std::max<std::size_t>(
        4, std::size_t{2} * std::max(1U, std::thread::hardware_concurrency()));
  }

  static std::size_t reactor_count(const ServerOptions& options) {
    return options.io_threads > 0
               ? options.io_threads
               : std::max<std::size_t>(2, std::max(1U, std::thread::hardware_concurrency()));
  }

  // Connections go to the reactors in turn.
  asio::io_context& next_reactor() {
    const auto& reactors = state_.reactors;
    return reactors[next_reactor_++ % reactors.size()]->io;
  }

  void accept() {
    acceptor_.async_accept(next_reactor(), [this](error_code error, tcp::socket socket) {
      if (state_.stopping.load()) return;
      if (error) {
        // Out of file descriptors and the like: try again shortly rather
        // than spin.
        retry_.expires_after(std::chrono::milliseconds(50));
        retry_.async_wait([this](error_code waited) {
          if (!waited) accept();
        });
        return;
      }
      admit(std::move(socket));
      accept();
    });
  }

  void admit(tcp::socket socket) {
    error_code error;
    const auto remote = socket.remote_endpoint(error);
    if (error) return;
    socket.set_option(tcp::no_delay(true), error);
    auto address = remote.address().to_string();
    auto client = client_key(address);
    {
      std::unique_lock lock(state_.mutex);
      auto& mine = state_.per_client[client];
      if (state_.connections >= state_.options.max_connections ||
          mine >= state_.options.max_connections_per_client) {
        if (mine == 0) state_.per_client.erase(client);
        lock.unlock();
        return refuse(socket, tls_ != nullptr);
      }
      ++mine;
      ++state_.connections;
      if (state_.sessions.size() > 2 * state_.connections + 64)
        std::erase_if(state_.sessions, [](const auto& weak) { return weak.expired(); });
    }
    std::shared_ptr<SessionBase> session;
    if (tls_)
      session = std::make_shared<Session<TlsStream>>(state_, std::move(socket), tls_->current(),
                                                     std::move(address), std::move(client));
    else
      session = std::make_shared<Session<PlainStream>>(state_, std::move(socket), nullptr,
                                                       std::move(address), std::move(client));
    {
      const std::lock_guard lock(state_.mutex);
      state_.sessions.push_back(session);
    }
    session->run();
  }

  // Too many connections: a short 503 written at once (it fits the socket's empty send buffer).
  // Over TLS the connection is just closed: an answer would need a handshake first, which costs
  // the very work the limit is there to refuse.
  static void refuse(tcp::socket& socket, bool tls) {
    if (tls) {
      error_code ignored;
      socket.close(ignored);
      return;
    }
    static const std::string kBusy = [] {
      const auto body = for_status(503, "").to_json();
      return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
             "Retry-After: 1\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n"
             "Content-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    error_code ignored;
    asio::write(socket, asio::buffer(kBusy), ignored);
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    socket.close(ignored);
  }

  std::unique_ptr<TlsContext> tls_;  // null: plain HTTP
  State state_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  std::vector<std::thread> io_threads_;
  std::atomic<std::size_t> ready_{0};
  std::atomic<bool> stopped_{false};
  std::size_t workers_ = 0;
  std::size_t next_reactor_ = 0;  // touched only on reactor 0, by the acceptor
  int port_ = 0;
};

}  // namespace

Result<std::unique_ptr<BeastTransport>> BeastTransport::start(const Router& router,
                                                              const ServerOptions& options) {
  std::unique_ptr<TlsContext> tls;
  // Before binding: a bad certificate is reported before the server listens.
  if (options.tls) {
    ECHRI_ASSIGN_OR_RETURN(tls,
                           TlsContext::load(options.tls->certificate_file, options.tls->key_file));
  }
  auto transport = std::make_unique<Transport>(router, options, std::move(tls));
  ECHRI_TRY(transport->open());
  return std::unique_ptr<BeastTransport>(std::move(transport));
}

}  // namespace echri::http::internal
