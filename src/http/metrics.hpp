#pragma once
// Request metrics in the Prometheus text exposition format: requests by method, route template
// and status, a latency histogram per route, the requests in flight, and failed and throttled
// authentications. Lock-free on the request
// path (atomics only); series are created while routes are registered, before serving.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace echri::http {

class Metrics {
 public:
  using SeriesId = std::size_t;
  // Requests that matched no route (404, 405 and errors before routing) share this series.
  static constexpr SeriesId kUnmatched = 0;

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Not thread-safe: call while building the router, before the server starts.
  SeriesId add_series(std::string method, std::string route);

  void record(SeriesId series, int status, std::chrono::steady_clock::duration elapsed);

  // Counts a request in flight for its lifetime.
  class InFlight {
   public:
    explicit InFlight(std::atomic<std::int64_t>& gauge) : gauge_(&gauge) { gauge_->fetch_add(1); }
    ~InFlight() { gauge_->fetch_sub(1); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

   private:
    std::atomic<std::int64_t>* gauge_;
  };
  [[nodiscard]] InFlight in_flight() { return InFlight(in_flight_); }

  // Requests whose bearer token was refused (401), and requests refused because their client
  // address or token id failed too often (429).
  void count_failed_authentication() {
    failed_authentications_.fetch_add(1, std::memory_order_relaxed);
  }
  void count_throttled() { throttled_.fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t failed_authentications() const {
    return failed_authentications_.load(std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t throttled() const {
    return throttled_.load(std::memory_order_relaxed);
  }

  // text/plain; version=0.0.4
  [[nodiscard]] std::string render() const;

  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

 private:
  struct Series;
  std::vector<std::unique_ptr<Series>> series_;
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> failed_authentications_{0};
  std::atomic<std::uint64_t> throttled_{0};
};

}  // namespace echri::http
