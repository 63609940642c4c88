// Hostile load for bench/run-hostile-load: holds COUNT slow-header, COUNT slow-body and COUNT idle
// keep-alive connections to a server for SECONDS, reconnecting whatever the server closes, as an
// attacker on a network would. Loopback only. Each kind spreads its connections over source
// addresses 127.0.1.x, at most 200 per address, so that the per-client connection limit
// (docs/api.md, "Limits") is not what refuses them: the deadlines and the event loop must hold.
//
//   slow header: the request line, then one header line every 5 s, never the blank line
//   slow body:   an authenticated POST /api/v1/screen announcing 100,000 bytes, then one byte a
//   second idle:        GET /healthz, then nothing; the connection is kept for the next request
//
// KINDS (default all three) chooses which: a comma-separated list of slow-header, slow-body and
// idle, so that each load can also be measured alone. Prints how many connections were opened,
// closed by the server, and held at the end.
//
// usage: echri_hostile_load PORT TOKEN COUNT SECONDS [KINDS]

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

enum class Kind { slow_header, slow_body, idle };
constexpr std::size_t kPerSourceAddress = 200;

struct Connection {
  Kind kind = Kind::idle;
  int fd = -1;
  std::uint32_t source = 0;  // host-order IPv4 source address
  Clock::time_point next_send{};
  std::size_t sent_lines = 0;
};

struct Totals {
  std::size_t opened = 0;
  std::size_t closed_by_server = 0;
  std::size_t refused = 0;  // connect() failed
};

class Attack {
 public:
  Attack(int port, std::string token) : port_(port), token_(std::move(token)) {}
  Attack(const Attack&) = delete;
  Attack& operator=(const Attack&) = delete;
  ~Attack() {
    for (auto& connection : connections_)
      if (connection.fd >= 0) ::close(connection.fd);
  }

  void add(Kind kind, std::size_t count, std::uint32_t first_source) {
    for (std::size_t i = 0; i < count; ++i) {
      Connection connection;
      connection.kind = kind;
      connection.source = first_source + static_cast<std::uint32_t>(i / kPerSourceAddress);
      connections_.push_back(connection);
    }
  }

  void run(std::chrono::seconds length) {
    const auto end = Clock::now() + length;
    std::vector<pollfd> polled;
    std::vector<Connection*> owners;
    while (Clock::now() < end) {
      for (auto& connection : connections_) {
        if (connection.fd < 0) open(connection);
        if (connection.fd >= 0 && Clock::now() >= connection.next_send) advance(connection);
      }
      polled.clear();
      owners.clear();
      for (auto& connection : connections_) {
        if (connection.fd < 0) continue;
        polled.push_back({connection.fd, POLLIN, 0});
        owners.push_back(&connection);
      }
      // Waiting here is also what paces the loop: a tick of 50 ms.
      if (::poll(polled.data(), polled.size(), 50) > 0) {
        for (std::size_t i = 0; i < polled.size(); ++i)
          if (polled[i].revents != 0) drain(*owners[i]);
      }
    }
  }

  [[nodiscard]] std::size_t held() const {
    std::size_t open = 0;
    for (const auto& connection : connections_) open += connection.fd >= 0 ? 1 : 0;
    return open;
  }
  [[nodiscard]] const Totals& totals() const { return totals_; }

 private:
  void open(Connection& connection) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return;
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(connection.source);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(static_cast<std::uint16_t>(port_));
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0 ||
        ::connect(fd, reinterpret_cast<const sockaddr*>(&target), sizeof target) != 0) {
      // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
      ::close(fd);
      ++totals_.refused;
      return;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    connection.fd = fd;
    connection.sent_lines = 0;
    connection.next_send = Clock::now();
    ++totals_.opened;
    std::string first;
    switch (connection.kind) {
      case Kind::slow_header:
        first = "GET /healthz HTTP/1.1\r\nHost: bench\r\n";
        break;
      case Kind::slow_body:
        first =
            "POST /api/v1/screen HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            "Authorization: Bearer " +
            token_ + "\r\nContent-Length: 100000\r\n\r\n";
        break;
      case Kind::idle:
        first = "GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n";
        break;
    }
    send(connection, first);
    connection.next_send = Clock::now() + std::chrono::seconds(1);
  }

  void advance(Connection& connection) {
    switch (connection.kind) {
      case Kind::slow_header:
        if (Clock::now() >= connection.next_send) {
          send(connection, "X-Slow-" + std::to_string(connection.sent_lines++) + ": 1\r\n");
          connection.next_send = Clock::now() + std::chrono::seconds(5);
        }
        break;
      case Kind::slow_body:
        send(connection, connection.sent_lines++ == 0 ? "[" : " ");
        connection.next_send = Clock::now() + std::chrono::seconds(1);
        break;
      case Kind::idle:
        connection.next_send = Clock::time_point::max();
        break;
    }
  }

  void send(Connection& connection, const std::string& bytes) {
    if (::send(connection.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0 && errno != EAGAIN)
      close_by_server(connection);
  }

  // Reads and discards what the server sent; notices when it closed the connection.
  void drain(Connection& connection) {
    std::array<char, 4096> buffer{};
    for (;;) {
      const auto got = ::recv(connection.fd, buffer.data(), buffer.size(), 0);
      if (got > 0) continue;
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      close_by_server(connection);
      return;
    }
  }

  void close_by_server(Connection& connection) {
    ::close(connection.fd);
    connection.fd = -1;
    ++totals_.closed_by_server;
  }

  int port_;
  std::string token_;
  std::vector<Connection> connections_;
  Totals totals_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(
        stderr,
        "usage: echri_hostile_load PORT TOKEN COUNT SECONDS [slow-header,slow-body,idle]\n");
    return 2;
  }
  const std::vector<std::string> args(argv + 1, argv + argc);
  const int port = std::stoi(args[0]);
  const auto count = static_cast<std::size_t>(std::stoul(args[2]));
  const auto seconds = std::chrono::seconds(std::stoul(args[3]));
  const std::string kinds = args.size() > 4 ? "," + args[4] + "," : ",slow-header,slow-body,idle,";
  const auto wanted = [&kinds](const char* kind) {
    return kinds.find("," + std::string(kind) + ",") != std::string::npos;
  };
  Attack attack(port, args[1]);
  std::size_t kinds_added = 0;
  // 127.0.1.1 onwards, 127.0.2.1 onwards, 127.0.3.1 onwards: one range per kind.
  const std::array<std::pair<const char*, Kind>, 3> all{
      {{"slow-header", Kind::slow_header}, {"slow-body", Kind::slow_body}, {"idle", Kind::idle}}};
  for (std::uint32_t i = 0; i < all.size(); ++i) {
    if (!wanted(all[i].first)) continue;
    attack.add(all[i].second, count, 0x7F000101U + (i << 8));
    ++kinds_added;
  }
  if (kinds_added == 0) {
    std::fprintf(stderr,
                 "echri_hostile_load: no known kind in '%s' (slow-header, slow-body, idle)\n",
                 args[4].c_str());
    return 2;
  }
  attack.run(seconds);
  const auto& totals = attack.totals();
  std::printf(
      "hostile connections: %zu opened, %zu closed by the server, %zu refused at connect, %zu "
      "held at the end (of %zu)\n",
      totals.opened, totals.closed_by_server, totals.refused, attack.held(), kinds_added * count);
  return 0;
}
