#pragma once
// A cpp-httplib server on 127.0.0.1 serving fixture files, for the list download tests. The tests
// never touch the internet.

// The Debian library is built with these; the declarations must match it.
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

namespace echri::testing {

class ListTestServer {
 public:
  // Serves `folder` under /files/; /moved/<name> redirects to /files/<name>; anything else 404.
  explicit ListTestServer(const std::filesystem::path& folder) {
    if (!server_.set_mount_point("/files", folder.string()))
      throw std::runtime_error("cannot serve " + folder.string());
    server_.Get(R"(/moved/(.+))", [](const httplib::Request& request, httplib::Response& response) {
      response.set_redirect("/files/" + std::string(request.matches[1]));
    });
    server_.Get("/broken", [this](const httplib::Request&, httplib::Response& response) {
      ++broken_hits_;
      response.status = 500;
      response.set_content("fictional failure", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a test server port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost and the destructor would hang.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ListTestServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  ListTestServer(const ListTestServer&) = delete;
  ListTestServer& operator=(const ListTestServer&) = delete;

  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  [[nodiscard]] int broken_hits() const { return broken_hits_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::atomic<int> broken_hits_{0};
  std::thread thread_;
};

}  // namespace echri::testing
