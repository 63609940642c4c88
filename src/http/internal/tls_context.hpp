#pragma once
// The TLS side of the transport: loads a PEM certificate chain and private key into an OpenSSL
// context configured for TLS 1.2 and 1.3 only (ECDHE with AES-GCM or ChaCha20-Poly1305 under 1.2,
// OpenSSL's defaults under 1.3), without compression or renegotiation, and hands the current
// context to each new connection. A reload builds a whole new context and swaps it in only when it
// loaded, so that connections already open keep theirs and a bad file never leaves the server
// without a certificate.

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"

namespace echri::http::internal {

class TlsContext {
 public:
  // invalid_input naming the file when the certificate or key cannot be read, is not PEM, or
  // the key does not belong to the certificate.
  static Result<std::unique_ptr<TlsContext>> load(std::string certificate_file,
                                                  std::string key_file);

  TlsContext(std::string certificate_file, std::string key_file,
             std::shared_ptr<boost::asio::ssl::context> context);

  // The context for a new connection; the connection keeps it alive for as long as it lasts.
  [[nodiscard]] std::shared_ptr<boost::asio::ssl::context> current() const;
  // Reads the files again; on failure the previous context stays in use.
  Result<void> reload();

  [[nodiscard]] const std::string& certificate_file() const { return certificate_file_; }

 private:
  std::string certificate_file_;
  std::string key_file_;
  mutable std::mutex mutex_;  // guards context_
  std::shared_ptr<boost::asio::ssl::context> context_;
};

}  // namespace echri::http::internal
