#include "http/tls_support.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace echri::http::testing {
namespace {

using Key = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Freer<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using Extension = std::unique_ptr<X509_EXTENSION, Freer<X509_EXTENSION, X509_EXTENSION_free>>;

}  // namespace

PemFiles make_certificate(const std::filesystem::path& dir, const std::string& name) {
  Key key(EVP_EC_gen("P-256"));
  Certificate certificate(X509_new());
  if (!key || !certificate) return {};
  X509_set_version(certificate.get(), 2);
  static long serial = 1;
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 86400);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(certificate.get());
  const std::string common_name = "127.0.0.1";
  X509_NAME_add_entry_by_txt(
      subject, "CN", MBSTRING_ASC,
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL takes bytes
      reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(certificate.get(), subject);
  X509V3_CTX extension_context;
  X509V3_set_ctx_nodb(&extension_context);
  X509V3_set_ctx(&extension_context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
  Extension alt_name(
      X509V3_EXT_conf_nid(nullptr, &extension_context, NID_subject_alt_name, "IP:127.0.0.1"));
  if (!alt_name || X509_add_ext(certificate.get(), alt_name.get(), -1) != 1) return {};
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) return {};

  PemFiles files{(dir / (name + ".crt")).string(), (dir / (name + ".key")).string()};
  const Bio certificate_out(BIO_new_file(files.certificate.c_str(), "w"));
  const Bio key_out(BIO_new_file(files.key.c_str(), "w"));
  if (!certificate_out || !key_out ||
      PEM_write_bio_X509(certificate_out.get(), certificate.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1)
    return {};
  return files;
}

}  // namespace echri::http::testing
