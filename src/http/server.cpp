#include "http/server.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <charconv>

#include "http/worker_pool.hpp"

namespace echri::http {
namespace {

// cpp-httplib 0.11 listens with a backlog of 5: when a client opens dozens of connections at once
// (a proxy's pool, wrk), the kernel drops the SYNs beyond it and the clients retry after a second.
// Listening again on the bound socket raises the backlog; the socket is protected, hence the
// subclass.
class HttpServer : public httplib::Server {
 public:
  void raise_backlog() {
    const auto socket = svr_sock_.load();
    if (socket != INVALID_SOCKET) ::listen(socket, SOMAXCONN);
  }
};

}  // namespace

Result<std::pair<std::string, int>> parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  const auto bad = [&](const std::string& why) {
    return fail(ErrorKind::invalid_input,
                "'" + std::string(text) + "' is not HOST:PORT (" + why + ")", "--listen");
  };
  if (colon == std::string_view::npos) return bad("no port");
  std::string host(text.substr(0, colon));
  const auto port_text = text.substr(colon + 1);
  int port = -1;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 ||
      port > 65535)
    return bad("the port must be 0 to 65535");
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  return std::pair<std::string, int>(std::move(host), port);
}

Result<std::unique_ptr<Server>> Server::start(const Router& router, const ServerOptions& options) {
  auto server = std::make_unique<Server>(Key{});
  auto owned = std::make_unique<HttpServer>();
  auto& http = *owned;
  server->http_ = std::move(owned);
  const auto cores = std::max(1U, std::thread::hardware_concurrency());
  server->threads_ =
      options.threads > 0 ? options.threads : std::max<std::size_t>(64, std::size_t{16} * cores);
  const auto threads = server->threads_;
  // httplib takes ownership of the queue it is given (a unique_ptr inside listen_after_bind).
  server->warm_up_ = options.warm_up;
  http.new_task_queue = [threads, raw = server.get()] {
    return std::make_unique<WorkerPool>(threads, raw->warm_up_, raw->ready_).release();
  };
  http.set_read_timeout(options.read_timeout);
  http.set_write_timeout(options.write_timeout);
  http.set_keep_alive_timeout(options.keep_alive_timeout.count());
  http.set_keep_alive_max_count(std::max<std::size_t>(1, options.keep_alive_requests));
  // Small JSON answers on kept-alive connections: Nagle's algorithm would hold each one back
  // until the client's delayed ACK, tens of milliseconds.
  http.set_tcp_nodelay(true);
  // httplib's default adds SO_REUSEPORT, which lets a second server bind the same port and
  // silently take half of the connections; SO_REUSEADDR alone still allows a quick restart.
  http.set_socket_options([](socket_t socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // httplib reads (or skips) up to this many bytes; the router applies each route's own limit.
  http.set_payload_max_length(std::max(router.limits().json_body, router.limits().document_body));

  const httplib::Server::Handler handle = [&router](const httplib::Request& request,
                                                    httplib::Response& response) {
    router.handle(request, response);
  };
  // One catch-all per method: the router does its own matching (405 with Allow needs to know
  // every route of a path, which httplib's per-method tables do not tell).
  http.Get(".*", handle);
  http.Post(".*", handle);
  http.Put(".*", handle);
  http.Patch(".*", handle);
  http.Delete(".*", handle);
  http.Options(".*", handle);
  // Errors httplib answers itself (a bad request line, 413 beyond the payload limit, 414) get a
  // problem body too; the router's own problems already have one.
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request& request,
                                                           httplib::Response& response) {
    if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    write_problem(for_status(response.status, request.path), response);
    return httplib::Server::HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);
  http.set_exception_handler([](const httplib::Request& request, httplib::Response& response,
                                const std::exception_ptr& /*error*/) {
    write_problem(internal_error(request.path), response);
  });

  server->host_ = options.host;
  if (options.port == 0) {
    server->port_ = http.bind_to_any_port(options.host);
    if (server->port_ < 0)
      return fail(ErrorKind::io, "cannot listen on " + options.host + " (any port)");
  } else {
    if (!http.bind_to_port(options.host, options.port))
      return fail(ErrorKind::io, "cannot listen on " + options.host + ":" +
                                     std::to_string(options.port) +
                                     " (in use, or not an address of this machine)");
    server->port_ = options.port;
  }
  http.raise_backlog();
  // The socket listens from here on: connections made before the thread accepts wait in the
  // backlog, so callers may connect as soon as start() returns.
  server->thread_ = std::thread([&http, finished = &server->finished_] {
    http.listen_after_bind();
    finished->store(true);
  });
  // Connections that arrive meanwhile wait in the backlog; answering them only after the warm-up
  // keeps the first requests as fast as the rest.
  while (server->ready_.load() < threads && !server->finished_.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return server;
}

Server::~Server() {
  stop();
}

std::string Server::url() const {
  const bool ipv6 = host_.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

void Server::stop() {
  if (!thread_.joinable()) return;
  // httplib's stop() does nothing before its accept loop runs; a stop right after start() waits
  // for the loop (or for the thread to give up).
  while (!http_->is_running() && !finished_.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  http_->stop();
  thread_.join();
}

}  // namespace echri::http
