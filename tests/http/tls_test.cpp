// HTTPS without a proxy: a throwaway self-signed certificate made here with OpenSSL, a server that
// speaks only TLS 1.2 or later with it, clients written directly on OpenSSL that verify it, and
// the same deadlines as plain HTTP. Reloading swaps the certificate for new connections only when
// the new files load.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/app.hpp"
#include "cli/cli_runner.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/tls_support.hpp"
#include "support/test_support.hpp"

namespace echri::http {
namespace {

using testing::Context;
using testing::make_certificate;
using testing::PemFiles;
using testing::Tls;

// The server closes a connection over its limits before the handshake; a client's write to it
// must fail with EPIPE rather than kill the test process with SIGPIPE.
const bool kBrokenPipesAreErrors = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

using std::chrono::milliseconds;
using std::chrono::steady_clock;

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  // No read waits forever, whatever the server does.
  timeval limit{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  return fd;
}

// A TLS client on a blocking socket that trusts only `trusted` (a PEM certificate) and checks
// that it names 127.0.0.1; `max_version` 0 for the library's range.
class TlsClient {
 public:
  TlsClient(int port, const std::string& trusted, int max_version = 0)
      : fd_(connect_loopback(port)), context_(SSL_CTX_new(TLS_client_method())) {
    if (fd_ < 0 || !context_) return;
    ERR_clear_error();
    if (max_version != 0) {
      // An old client: old protocols need OpenSSL's lowest security level to be offered at all.
      SSL_CTX_set_security_level(context_.get(), 0);
      SSL_CTX_set_cipher_list(context_.get(), "DEFAULT:@SECLEVEL=0");
      SSL_CTX_set_min_proto_version(context_.get(), TLS1_VERSION);
      SSL_CTX_set_max_proto_version(context_.get(), max_version);
    }
    SSL_CTX_set_verify(context_.get(), SSL_VERIFY_PEER, nullptr);
    if (!trusted.empty() &&
        SSL_CTX_load_verify_locations(context_.get(), trusted.c_str(), nullptr) != 1)
      return;
    tls_.reset(SSL_new(context_.get()));
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls_.get()), "127.0.0.1");
    SSL_set_fd(tls_.get(), fd_);
    handshaken_ = SSL_connect(tls_.get()) == 1;
    if (!handshaken_) error_ = ERR_peek_last_error();
  }
  ~TlsClient() {
    tls_.reset();
    if (fd_ >= 0) ::close(fd_);
  }
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  [[nodiscard]] bool handshaken() const { return handshaken_; }
  // The OpenSSL error of a failed handshake.
  [[nodiscard]] unsigned long error() const { return error_; }
  [[nodiscard]] std::string protocol() const { return SSL_get_version(tls_.get()); }

  bool send(std::string_view bytes) {
    return SSL_write(tls_.get(), bytes.data(), static_cast<int>(bytes.size())) ==
           static_cast<int>(bytes.size());
  }

  // True when the server ends the connection (rather than the read timing out, after 5 s).
  bool closed_by_server() {
    const auto began = steady_clock::now();
    std::array<char, 256> chunk{};
    while (SSL_read(tls_.get(), chunk.data(), static_cast<int>(chunk.size())) > 0) {
    }
    return steady_clock::now() - began < milliseconds(4500);
  }

  // Sends a request with Connection: close and reads the answer until the server closes.
  std::string exchange(const std::string& path) {
    const std::string request = "GET " + path +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Connection: close\r\n\r\n";
    if (SSL_write(tls_.get(), request.data(), static_cast<int>(request.size())) <= 0) return {};
    std::string answer;
    std::array<char, 4096> chunk{};
    for (;;) {
      const int got = SSL_read(tls_.get(), chunk.data(), static_cast<int>(chunk.size()));
      if (got <= 0) break;
      answer.append(chunk.data(), static_cast<std::size_t>(got));
    }
    return answer;
  }

 private:
  int fd_;
  Context context_;
  Tls tls_;
  bool handshaken_ = false;
  unsigned long error_ = 0;
};

// True when the server closes the connection within `limit` (reading and dropping what comes).
bool closed_by_server(int fd, milliseconds limit, std::string* received = nullptr) {
  const auto deadline = steady_clock::now() + limit;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd wanted{fd, POLLIN, 0};
    if (::poll(&wanted, 1, static_cast<int>(left)) <= 0) return false;
    std::array<char, 4096> chunk{};
    const auto got = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (got <= 0) return true;
    if (received != nullptr) received->append(chunk.data(), static_cast<std::size_t>(got));
  }
}

class TlsTest : public ::testing::Test {
 protected:
  TlsTest()
      : router_([](std::string_view, cases::TokenLookup) -> Result<cases::Principal> {
          return fail(ErrorKind::not_found, "unknown token");
        }) {
    router_.route(Method::get, "/healthz", Access::public_route(),
                  [](const ApiRequest&) -> Result<ApiResponse> {
                    return ApiResponse::text("ok", "text/plain");
                  });
  }

  void SetUp() override {
    first_ = make_certificate(dir_.path(), "first");
    ASSERT_FALSE(first_.certificate.empty()) << "could not make a certificate";
  }

  void start(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.io_threads = 1;
    options.tls = TlsFiles{first_.certificate, first_.key};
    auto started = Server::start(router_, options);
    ASSERT_TRUE(started) << started.error().describe();
    server_ = std::move(*started);
  }

  [[nodiscard]] int port() const { return server_->port(); }

  echri::testing::TempDir dir_;
  PemFiles first_;
  Router router_;
  std::unique_ptr<Server> server_;
};

TEST_F(TlsTest, AVerifyingClientGetsAnAnswerOverTls) {
  start();
  EXPECT_EQ(server_->url(), "https://127.0.0.1:" + std::to_string(port()));
  TlsClient client(port(), first_.certificate);
  ASSERT_TRUE(client.handshaken()) << ERR_error_string(client.error(), nullptr);
  EXPECT_EQ(client.protocol(), "TLSv1.3");
  const auto answer = client.exchange("/healthz");
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0U) << answer;
  EXPECT_NE(answer.find("\r\n\r\nok"), std::string::npos) << answer;

  // TLS 1.2 is still spoken, with an AEAD suite.
  TlsClient older(port(), first_.certificate, TLS1_2_VERSION);
  ASSERT_TRUE(older.handshaken()) << ERR_error_string(older.error(), nullptr);
  EXPECT_EQ(older.protocol(), "TLSv1.2");
  EXPECT_EQ(older.exchange("/healthz").rfind("HTTP/1.1 200", 0), 0U);
}

TEST_F(TlsTest, AClientThatTrustsAnotherCertificateRefusesTheServer) {
  start();
  const auto other = make_certificate(dir_.path(), "other");
  const TlsClient client(port(), other.certificate);
  EXPECT_FALSE(client.handshaken());
}

TEST_F(TlsTest, ProtocolsBelowTls12AreRefused) {
  start();
  const TlsClient client(port(), first_.certificate, TLS1_1_VERSION);
  EXPECT_FALSE(client.handshaken());
  // The server's refusal, not the client's own inability to offer TLS 1.1.
  EXPECT_EQ(ERR_GET_REASON(client.error()), SSL_R_TLSV1_ALERT_PROTOCOL_VERSION)
      << ERR_error_string(client.error(), nullptr);
}

TEST_F(TlsTest, PlainHttpToTheTlsPortGetsNoHttpAnswer) {
  start();
  const int fd = connect_loopback(port());
  ASSERT_GE(fd, 0);
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string received;
  EXPECT_TRUE(closed_by_server(fd, milliseconds(5000), &received));
  EXPECT_EQ(received.find("HTTP/"), std::string::npos) << received;
  ::close(fd);
}

TEST_F(TlsTest, AStalledHandshakeIsClosedByTheHeaderDeadlineWhileOthersAreServed) {
  ServerOptions options;
  options.header_timeout = milliseconds(1000);
  start(options);
  const auto began = steady_clock::now();
  // One client connects and says nothing; another sends the first bytes of a ClientHello.
  const int silent = connect_loopback(port());
  const int partial = connect_loopback(port());
  ASSERT_GE(silent, 0);
  ASSERT_GE(partial, 0);
  ASSERT_EQ(::send(partial, "\x16\x03\x01", 3, MSG_NOSIGNAL), 3);
  TlsClient good(port(), first_.certificate);
  ASSERT_TRUE(good.handshaken()) << ERR_error_string(good.error(), nullptr);
  EXPECT_EQ(good.exchange("/healthz").rfind("HTTP/1.1 200", 0), 0U);
  EXPECT_TRUE(closed_by_server(silent, milliseconds(6000)));
  EXPECT_TRUE(closed_by_server(partial, milliseconds(6000)));
  const auto waited = steady_clock::now() - began;
  // By the deadline, not at once.
  EXPECT_GE(waited, milliseconds(900));
  EXPECT_LT(waited, milliseconds(6000));
  ::close(silent);
  ::close(partial);
}

TEST_F(TlsTest, AHeadThatStallsAfterTheHandshakeIsClosedByTheSameDeadline) {
  ServerOptions options;
  options.header_timeout = milliseconds(1000);
  start(options);
  const auto began = steady_clock::now();
  TlsClient client(port(), first_.certificate);
  ASSERT_TRUE(client.handshaken());
  ASSERT_TRUE(client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0"));
  EXPECT_TRUE(client.closed_by_server());
  const auto waited = steady_clock::now() - began;
  EXPECT_GE(waited, milliseconds(900));
  EXPECT_LT(waited, milliseconds(3000));
}

TEST_F(TlsTest, ConnectionsOverTheLimitAreClosedWithoutAHandshake) {
  ServerOptions options;
  options.max_connections_per_client = 1;
  start(options);
  {
    TlsClient first(port(), first_.certificate);
    ASSERT_TRUE(first.handshaken());
    const TlsClient second(port(), first_.certificate);
    EXPECT_FALSE(second.handshaken());
  }
  // Once the first has gone, the next is served (its place is freed as the server notices).
  bool served = false;
  for (int attempt = 0; attempt < 40 && !served; ++attempt) {
    TlsClient next(port(), first_.certificate);
    served = next.handshaken() && next.exchange("/healthz").rfind("HTTP/1.1 200", 0) == 0;
    if (!served) std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_TRUE(served);
}

TEST_F(TlsTest, AReloadServesTheNewCertificateToNewConnections) {
  start();
  TlsClient before(port(), first_.certificate);
  ASSERT_TRUE(before.handshaken());
  const auto second = make_certificate(dir_.path(), "second");
  std::filesystem::copy_file(second.certificate, first_.certificate,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(second.key, first_.key,
                             std::filesystem::copy_options::overwrite_existing);
  const auto reloaded = server_->reload_tls();
  ASSERT_TRUE(reloaded) << reloaded.error().describe();
  EXPECT_TRUE(TlsClient(port(), second.certificate).handshaken());
  EXPECT_FALSE(TlsClient(port(), make_certificate(dir_.path(), "third").certificate).handshaken());
  // The connection opened before keeps working with the certificate it was given.
  EXPECT_EQ(before.exchange("/healthz").rfind("HTTP/1.1 200", 0), 0U);
}

TEST_F(TlsTest, AFailedReloadKeepsTheCertificateInUse) {
  start();
  const auto kept = (dir_.path() / "kept.crt").string();
  std::filesystem::copy_file(first_.certificate, kept);
  echri::testing::write_file(first_.certificate, "not a certificate\n");
  const auto broken = server_->reload_tls();
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(broken.error().where, first_.certificate);
  TlsClient client(port(), kept);
  ASSERT_TRUE(client.handshaken()) << ERR_error_string(client.error(), nullptr);
  EXPECT_EQ(client.exchange("/healthz").rfind("HTTP/1.1 200", 0), 0U);
}

TEST_F(TlsTest, BadFilesAreRefusedBeforeListeningNamingTheFile) {
  const auto other = make_certificate(dir_.path(), "other");
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.io_threads = 1;
  options.tls = TlsFiles{first_.certificate, other.key};
  auto mismatched = Server::start(router_, options);
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().where, other.key);
  options.tls = TlsFiles{(dir_.path() / "absent.crt").string(), first_.key};
  auto absent = Server::start(router_, options);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().where, (dir_.path() / "absent.crt").string());
  const auto garbage = (dir_.path() / "garbage.key").string();
  echri::testing::write_file(garbage, "-----BEGIN PRIVATE KEY-----\nnope\n");
  options.tls = TlsFiles{first_.certificate, garbage};
  auto bad_key = Server::start(router_, options);
  ASSERT_FALSE(bad_key);
  EXPECT_EQ(bad_key.error().where, garbage);
}

TEST(ServeTlsCliTest, MissingOrBrokenFilesAreNamed) {
  const echri::testing::TempDir dir;
  const auto data = dir.path().string();
  const auto missing =
      cli::testing::run_cli({"--data-dir", data, "serve", "--listen", "127.0.0.1:0", "--tls-cert",
                             "missing.pem", "--tls-key", "x"});
  EXPECT_EQ(missing.code, cli::kExitUsage);
  EXPECT_NE(missing.err.find("missing.pem"), std::string::npos) << missing.err;

  const auto broken = (dir.path() / "broken.pem").string();
  echri::testing::write_file(broken, "not a certificate\n");
  const auto only_one = cli::testing::run_cli({"--data-dir", data, "serve", "--tls-cert", broken});
  EXPECT_EQ(only_one.code, cli::kExitUsage);
  EXPECT_NE(only_one.err.find("--tls-key"), std::string::npos) << only_one.err;

  const auto refused =
      cli::testing::run_cli({"--data-dir", data, "serve", "--listen", "127.0.0.1:0", "--tls-cert",
                             broken, "--tls-key", broken});
  EXPECT_EQ(refused.code, cli::kExitFailure);
  EXPECT_NE(refused.err.find(broken), std::string::npos) << refused.err;
}

// `echri serve` in a process of its own, its standard error in a pipe: SIGHUP as a deployment
// sends it.
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      argv.reserve(args.size() + 1);
      for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    fd_ = out[0];
  }
  ~ServeProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) ::close(fd_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Reads the output until it contains `text` (true) or the time is up.
  bool wait_for(std::string_view text, milliseconds limit = milliseconds(20000)) {
    const auto deadline = steady_clock::now() + limit;
    while (output_.find(text) == std::string::npos) {
      const auto left =
          std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now()).count();
      if (left <= 0) return false;
      pollfd wanted{fd_, POLLIN, 0};
      if (::poll(&wanted, 1, static_cast<int>(left)) <= 0) return false;
      std::array<char, 4096> chunk{};
      const auto got = ::read(fd_, chunk.data(), chunk.size());
      if (got <= 0) return false;
      output_.append(chunk.data(), static_cast<std::size_t>(got));
    }
    return true;
  }
  void signal(int number) const { ::kill(pid_, number); }
  // The exit status after SIGTERM, or -1.
  int stop() {
    signal(SIGTERM);
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) return -1;
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  [[nodiscard]] const std::string& output() const { return output_; }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool reaped_ = false;
  std::string output_;
};

TEST(ServeTlsCliTest, SighupReloadsTheCertificateAndKeepsItWhenTheNewOneIsBroken) {
  const char* binary = std::getenv("ECHRI_BINARY");
  if (binary == nullptr || *binary == '\0') GTEST_SKIP() << "ECHRI_BINARY is not set";
  const echri::testing::TempDir dir;
  const auto first = make_certificate(dir.path(), "first");
  const auto second = make_certificate(dir.path(), "second");
  const auto certificate = (dir.path() / "server.crt").string();
  const auto key = (dir.path() / "server.key").string();
  std::filesystem::copy_file(first.certificate, certificate);
  std::filesystem::copy_file(first.key, key);
  ServeProcess serve({binary, "--data-dir", (dir.path() / "data").string(), "serve", "--listen",
                      "127.0.0.1:0", "--threads", "2", "--io-threads", "1", "--tls-cert",
                      certificate, "--tls-key", key});
  ASSERT_TRUE(serve.wait_for("; Ctrl-C stops")) << serve.output();
  const auto at = serve.output().find("serving https://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << serve.output();
  const int port = std::stoi(serve.output().substr(at + 26));
  EXPECT_TRUE(TlsClient(port, first.certificate).handshaken());

  std::filesystem::copy_file(second.certificate, certificate,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(second.key, key, std::filesystem::copy_options::overwrite_existing);
  serve.signal(SIGHUP);
  ASSERT_TRUE(serve.wait_for("for new connections")) << serve.output();
  EXPECT_TRUE(TlsClient(port, second.certificate).handshaken());
  EXPECT_FALSE(TlsClient(port, first.certificate).handshaken());

  echri::testing::write_file(key, "half a key\n");
  serve.signal(SIGHUP);
  // The message names the file that did not load.
  ASSERT_TRUE(serve.wait_for("kept the previous TLS certificate: " + key)) << serve.output();
  {
    TlsClient still(port, second.certificate);
    ASSERT_TRUE(still.handshaken());
    EXPECT_EQ(still.exchange("/healthz").rfind("HTTP/1.1 200", 0), 0U);
  }
  EXPECT_EQ(serve.stop(), 0) << serve.output();
}

TEST(ServeCliTest, RaisesItsOpenFileLimitForItsConnections) {
  const char* binary = std::getenv("ECHRI_BINARY");
  if (binary == nullptr || *binary == '\0') GTEST_SKIP() << "ECHRI_BINARY is not set";
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
  constexpr rlim_t kWanted = 4096 + 256;  // the default --max-connections and the server's own
  if (original.rlim_max < kWanted) GTEST_SKIP() << "the hard open-file limit is below " << kWanted;
  // The usual default soft limit, which the child inherits.
  rlimit lowered = original;
  lowered.rlim_cur = 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  const echri::testing::TempDir dir;
  ServeProcess serve({binary, "--data-dir", (dir.path() / "data").string(), "serve", "--listen",
                      "127.0.0.1:0", "--threads", "2", "--io-threads", "1"});
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &original), 0);
  ASSERT_TRUE(serve.wait_for("; Ctrl-C stops")) << serve.output();
  std::ifstream limits("/proc/" + std::to_string(serve.pid()) + "/limits");
  std::string line;
  std::optional<unsigned long> soft;
  while (std::getline(limits, line))
    if (line.starts_with("Max open files")) soft = std::stoul(line.substr(26));
  ASSERT_TRUE(soft) << "no open-file limit in /proc/PID/limits";
  EXPECT_GE(*soft, kWanted);
  EXPECT_EQ(serve.output().find("open-file limit"), std::string::npos) << serve.output();
  EXPECT_EQ(serve.stop(), 0) << serve.output();
}

TEST(ServeCliTest, OnSqliteDefaultsToTwoWorkersAndOneIOThreadPerCore) {
  const char* binary = std::getenv("ECHRI_BINARY");
  if (binary == nullptr || *binary == '\0') GTEST_SKIP() << "ECHRI_BINARY is not set";
  const echri::testing::TempDir dir;
  ServeProcess serve(
      {binary, "--data-dir", (dir.path() / "data").string(), "serve", "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(serve.wait_for("; Ctrl-C stops")) << serve.output();
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const auto workers = std::max<std::size_t>(4, 2 * cores);
  const auto io_threads = std::max<std::size_t>(2, cores);
  EXPECT_NE(serve.output().find("; " + std::to_string(workers) + " workers, " +
                                std::to_string(io_threads) + " I/O threads)"),
            std::string::npos)
      << serve.output();
  EXPECT_EQ(serve.stop(), 0) << serve.output();
}

TEST(ServeCliTest, ServesTheBuiltFrontEndAtTheRootWithItsCaching) {
  const char* binary = std::getenv("ECHRI_BINARY");
  if (binary == nullptr || *binary == '\0') GTEST_SKIP() << "ECHRI_BINARY is not set";
  const echri::testing::TempDir dir;
  const auto web = dir.path() / "dist";
  echri::testing::write_file(web / "index.html", "<!doctype html><title>echri</title>");
  echri::testing::write_file(web / "assets" / "index-C0ffee_1.js", "export {};");
  ServeProcess serve({binary, "--data-dir", (dir.path() / "data").string(), "serve", "--listen",
                      "127.0.0.1:0", "--web", web.string()});
  ASSERT_TRUE(serve.wait_for("; Ctrl-C stops")) << serve.output();
  const auto at = serve.output().find("http://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << serve.output();
  httplib::Client client("127.0.0.1", std::stoi(serve.output().substr(at + 17)));

  const auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, "<!doctype html><title>echri</title>");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  // A page gets the strict policy of every page the server sends.
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
  const auto revalidated = client.Get("/", {{"If-None-Match", page->get_header_value("ETag")}});
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304);

  const auto bundle = client.Get("/assets/index-C0ffee_1.js");
  ASSERT_TRUE(bundle);
  EXPECT_EQ(bundle->status, 200);
  EXPECT_EQ(bundle->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(bundle->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  // The API is still there.
  const auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(serve.stop(), 0) << serve.output();
}

TEST(ServeCliTest, ABrokenFrontEndIsRefusedBeforeTheDatabaseIsCreated) {
  const echri::testing::TempDir dir;
  const auto web = dir.path() / "dist";
  echri::testing::write_file(web / "assets" / "index-C0ffee_1.js", "export {};");
  const auto data = (dir.path() / "data").string();
  const auto refused = cli::testing::run_cli(
      {"--data-dir", data, "serve", "--listen", "127.0.0.1:0", "--web", web.string()});
  EXPECT_NE(refused.code, 0);
  EXPECT_NE(refused.err.find("index.html"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(web.string()), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data" / "echri.db"));
}

}  // namespace
}  // namespace echri::http
