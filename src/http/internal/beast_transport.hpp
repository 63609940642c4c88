#pragma once
// The event-driven HTTP/1.1 transport behind http::Server, on Boost.Beast and Asio: a few I/O
// threads own every socket and never wait on a handler; handlers run on a bounded WorkerPool.
// Each connection reads the request head first, under a header deadline and a size limit, and
// asks the router whether it can answer from the head alone (Router::check_head) before it reads
// a byte of the body, which then has its own deadline that grows with the declared length at a
// minimum transfer rate. With ServerOptions::tls, every connection speaks TLS (tls_context.hpp)
// under the same deadlines and limits; its handshake counts against the first head's deadline.
// Malformed framing (duplicate or conflicting Content-Length, Content-Length with
// Transfer-Encoding, bad chunk sizes) is a 400; connections over the limits are refused.

#include <cstddef>
#include <memory>

#include "core/result.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace echri::http::internal {

class BeastTransport {
 public:
  // Binds, starts the I/O threads and the workers, and returns once the workers have warmed up;
  // io when the address cannot be bound. `router` must outlive the transport.
  static Result<std::unique_ptr<BeastTransport>> start(const Router& router,
                                                       const ServerOptions& options);
  virtual ~BeastTransport() = default;
  BeastTransport(const BeastTransport&) = delete;
  BeastTransport& operator=(const BeastTransport&) = delete;

  [[nodiscard]] virtual int port() const = 0;
  [[nodiscard]] virtual std::size_t threads() const = 0;
  [[nodiscard]] virtual std::size_t io_threads() const = 0;
  [[nodiscard]] virtual bool tls() const = 0;
  // Loads the certificate and key files again for new connections; conflict without TLS.
  virtual Result<void> reload_tls() = 0;
  // Stops accepting, closes idle connections, lets requests in progress finish and be written
  // (until ServerOptions::shutdown_timeout), then stops the threads. Idempotent.
  virtual void stop() = 0;

 protected:
  BeastTransport() = default;
};

}  // namespace echri::http::internal
