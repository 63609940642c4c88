#pragma once
// What the HTTP tests need of OpenSSL: owning handles, and a self-signed certificate to serve.

#include <openssl/ssl.h>

#include <filesystem>
#include <memory>
#include <string>

namespace echri::http::testing {

template <class T, void (*Free)(T*)>
struct Freer {
  void operator()(T* pointer) const { Free(pointer); }
};
using Context = std::unique_ptr<SSL_CTX, Freer<SSL_CTX, SSL_CTX_free>>;
using Tls = std::unique_ptr<SSL, Freer<SSL, SSL_free>>;

struct PemFiles {
  std::string certificate;
  std::string key;
};

// A P-256 key and a self-signed certificate for 127.0.0.1 (subject and subjectAltName), valid
// for a day, written as PEM under `dir` with `name` as the file stem; empty paths on failure.
PemFiles make_certificate(const std::filesystem::path& dir, const std::string& name);

}  // namespace echri::http::testing
