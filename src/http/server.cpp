#include "http/server.hpp"

#include <charconv>

#include "http/internal/beast_transport.hpp"

namespace echri::http {

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

Server::Server(Key /*key*/) {}

Result<std::unique_ptr<Server>> Server::start(const Router& router, const ServerOptions& options) {
  auto server = std::make_unique<Server>(Key{});
  ECHRI_ASSIGN_OR_RETURN(server->transport_, internal::BeastTransport::start(router, options));
  server->host_ = options.host;
  return server;
}

Server::~Server() {
  stop();
}

int Server::port() const {
  return transport_->port();
}

std::size_t Server::threads() const {
  return transport_->threads();
}

std::size_t Server::io_threads() const {
  return transport_->io_threads();
}

std::string Server::url() const {
  const bool ipv6 = host_.find(':') != std::string::npos;
  return (tls() ? "https://" : "http://") + (ipv6 ? "[" + host_ + "]" : host_) + ":" +
         std::to_string(port());
}

bool Server::tls() const {
  return transport_->tls();
}

Result<void> Server::reload_tls() {
  return transport_->reload_tls();
}

void Server::stop() {
  if (transport_) transport_->stop();
}

}  // namespace echri::http
