#pragma once
// Throttling of failed authentications, per client address and per token id. After `failures`
// failures within a window of `window`, a key is throttled until that window ends: the router
// answers 429 with Retry-After without looking the token up in the database. Memory is bounded:
// each of the two tables holds at most `capacity` keys and forgets the least recently seen one
// when full, so a flood of random token ids or addresses cannot grow it.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace echri::http {

struct ThrottleOptions {
  // Failed authentications allowed per window and key; 0 turns throttling off (behind a reverse
  // proxy that throttles itself, where every client has the proxy's address).
  std::size_t failures = 10;
  std::chrono::seconds window{60};
  std::size_t capacity = 16384;  // keys per table (addresses, token ids)
};

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit AuthThrottle(ThrottleOptions options = {});
  ~AuthThrottle();
  AuthThrottle(const AuthThrottle&) = delete;
  AuthThrottle& operator=(const AuthThrottle&) = delete;

  // How long the client must wait, when its address or the token id ("" for none) is throttled.
  [[nodiscard]] std::optional<std::chrono::seconds> wait(std::string_view address,
                                                         std::string_view token_id,
                                                         Clock::time_point now = Clock::now());
  // Counts a failed authentication against both keys.
  void failed(std::string_view address, std::string_view token_id,
              Clock::time_point now = Clock::now());

  // Keys held (addresses, token ids): for tests and metrics.
  [[nodiscard]] std::size_t addresses() const;
  [[nodiscard]] std::size_t token_ids() const;

  [[nodiscard]] const ThrottleOptions& options() const { return options_; }

 private:
  class Table;
  ThrottleOptions options_;
  std::unique_ptr<Table> addresses_;
  std::unique_ptr<Table> token_ids_;
};

// The key a client address is throttled under: an IPv4 address as it is (IPv4-mapped IPv6
// addresses too), an IPv6 address by its /64 prefix (one subscriber usually has a whole /64), and
// anything that does not parse as it is.
std::string client_key(std::string_view remote_addr);

}  // namespace echri::http
