#include "http/internal/tls_context.hpp"

#include <openssl/ssl.h>

#include <filesystem>
#include <fstream>
#include <utility>

namespace echri::http::internal {
namespace {

namespace ssl = boost::asio::ssl;
using boost::system::error_code;

// TLS 1.2 suites with forward secrecy and an AEAD only; TLS 1.3 keeps OpenSSL's defaults, which
// are all of that kind.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Result<void> readable(const std::string& file, const std::string& what) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    return fail(ErrorKind::invalid_input, "the TLS " + what + " file does not exist", file);
  if (!std::ifstream(file).good())
    return fail(ErrorKind::invalid_input, "the TLS " + what + " file cannot be read", file);
  return {};
}

Result<std::shared_ptr<ssl::context>> make_context(const std::string& certificate_file,
                                                   const std::string& key_file) {
  ECHRI_TRY(readable(certificate_file, "certificate"));
  ECHRI_TRY(readable(key_file, "key"));
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  // Renegotiation is a denial-of-service lever and was the vehicle of past attacks; compression
  // leaks secrets (CRIME).
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)
    return fail(ErrorKind::internal, "OpenSSL refused the TLS protocol settings");
  error_code error;
  context->use_certificate_chain_file(certificate_file, error);
  if (error)
    return fail(ErrorKind::invalid_input, "not a PEM certificate chain (" + error.message() + ")",
                certificate_file);
  context->use_private_key_file(key_file, ssl::context::pem, error);
  if (error)
    return fail(ErrorKind::invalid_input, "not a PEM private key (" + error.message() + ")",
                key_file);
  if (SSL_CTX_check_private_key(native) != 1)
    return fail(ErrorKind::invalid_input,
                "the private key does not belong to the certificate " + certificate_file, key_file);
  return context;
}

}  // namespace

TlsContext::TlsContext(std::string certificate_file, std::string key_file,
                       std::shared_ptr<boost::asio::ssl::context> context)
    : certificate_file_(std::move(certificate_file)),
      key_file_(std::move(key_file)),
      context_(std::move(context)) {}

Result<std::unique_ptr<TlsContext>> TlsContext::load(std::string certificate_file,
                                                     std::string key_file) {
  ECHRI_ASSIGN_OR_RETURN(auto context, make_context(certificate_file, key_file));
  return std::make_unique<TlsContext>(std::move(certificate_file), std::move(key_file),
                                      std::move(context));
}

std::shared_ptr<boost::asio::ssl::context> TlsContext::current() const {
  const std::lock_guard lock(mutex_);
  return context_;
}

Result<void> TlsContext::reload() {
  ECHRI_ASSIGN_OR_RETURN(auto context, make_context(certificate_file_, key_file_));
  const std::lock_guard lock(mutex_);
  context_ = std::move(context);
  return {};
}

}  // namespace echri::http::internal
