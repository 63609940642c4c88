#include "http/throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <list>
#include <mutex>
#include <unordered_map>

namespace echri::http {

// A fixed-capacity table of failure counters with least-recently-seen eviction. One mutex: every
// operation is a hash look-up and a splice, well under a microsecond.
class AuthThrottle::Table {
 public:
  explicit Table(const ThrottleOptions& options) : options_(options) {}

  std::optional<std::chrono::seconds> wait(const std::string& key, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return std::nullopt;
    auto entry = found->second;
    order_.splice(order_.begin(), order_, entry);  // seen: a throttled client stays in the table
    const auto ends = entry->window_start + options_.window;
    if (now >= ends || entry->failures < options_.failures) return std::nullopt;
    const auto left = std::chrono::ceil<std::chrono::seconds>(ends - now);
    return std::max(left, std::chrono::seconds(1));
  }

  void failed(const std::string& key, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) {
      if (options_.capacity == 0) return;
      if (index_.size() >= options_.capacity) {
        index_.erase(order_.back().key);
        order_.pop_back();
      }
      order_.push_front(Entry{key, now, 0});
      found = index_.emplace(key, order_.begin()).first;
    }
    auto entry = found->second;
    order_.splice(order_.begin(), order_, entry);
    if (now >= entry->window_start + options_.window) {
      entry->window_start = now;
      entry->failures = 0;
    }
    ++entry->failures;
  }

  std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return index_.size();
  }

 private:
  struct Entry {
    std::string key;
    Clock::time_point window_start;
    std::size_t failures = 0;
  };
  const ThrottleOptions& options_;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recently seen first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

AuthThrottle::AuthThrottle(ThrottleOptions options)
    : options_(options),
      addresses_(std::make_unique<Table>(options_)),
      token_ids_(std::make_unique<Table>(options_)) {}

AuthThrottle::~AuthThrottle() = default;

std::optional<std::chrono::seconds> AuthThrottle::wait(std::string_view address,
                                                       std::string_view token_id,
                                                       Clock::time_point now) {
  if (options_.failures == 0) return std::nullopt;
  auto by_address = addresses_->wait(std::string(address), now);
  if (token_id.empty()) return by_address;
  auto by_token = token_ids_->wait(std::string(token_id), now);
  if (by_address && by_token) return std::max(*by_address, *by_token);
  return by_address ? by_address : by_token;
}

void AuthThrottle::failed(std::string_view address, std::string_view token_id,
                          Clock::time_point now) {
  if (options_.failures == 0) return;
  addresses_->failed(std::string(address), now);
  if (!token_id.empty()) token_ids_->failed(std::string(token_id), now);
}

std::size_t AuthThrottle::addresses() const {
  return addresses_->size();
}

std::size_t AuthThrottle::token_ids() const {
  return token_ids_->size();
}

std::string client_key(std::string_view remote_addr) {
  std::string text(remote_addr);
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
    // ::ffff:a.b.c.d is an IPv4 client of a dual-stack socket.
    const bool mapped =
        std::all_of(bytes.begin(), bytes.begin() + 10, [](auto b) { return b == 0; }) &&
        bytes[10] == 0xff && bytes[11] == 0xff;
    std::array<char, INET6_ADDRSTRLEN> out{};
    if (mapped) {
      inet_ntop(AF_INET, bytes.data() + 12, out.data(), out.size());
      return out.data();
    }
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    inet_ntop(AF_INET6, bytes.data(), out.data(), out.size());
    return std::string(out.data()) + "/64";
  }
  return text;
}

}  // namespace echri::http
