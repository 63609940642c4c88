#include "http/metrics.hpp"

#include <algorithm>
#include <sstream>

namespace echri::http {

struct Metrics::Series {
  std::string method;
  std::string route;
  // Indexed by status - 100: every status a response can have, without a lock or a map.
  std::array<std::atomic<std::uint64_t>, 500> by_status{};
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> nanoseconds{0};
};

Metrics::Metrics() {
  add_series("", "unmatched");
}

Metrics::~Metrics() = default;

Metrics::SeriesId Metrics::add_series(std::string method, std::string route) {
  auto series = std::make_unique<Series>();
  series->method = std::move(method);
  series->route = std::move(route);
  series_.push_back(std::move(series));
  return series_.size() - 1;
}

void Metrics::record(SeriesId id, int status, std::chrono::steady_clock::duration elapsed) {
  if (id >= series_.size()) id = kUnmatched;
  auto& series = *series_[id];
  if (status >= 100 && status < 600)
    series.by_status[static_cast<std::size_t>(status - 100)].fetch_add(1,
                                                                       std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(elapsed).count();
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      series.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  series.count.fetch_add(1, std::memory_order_relaxed);
  series.nanoseconds.fetch_add(
      static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()),
      std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::ostringstream out;
  const auto labels = [](const Series& series) {
    return "method=\"" + series.method + "\",route=\"" + series.route + "\"";
  };
  out << "# HELP echri_http_requests_total HTTP requests answered, by route template and status.\n"
         "# TYPE echri_http_requests_total counter\n";
  for (const auto& series : series_) {
    for (std::size_t i = 0; i < series->by_status.size(); ++i) {
      const auto count = series->by_status[i].load(std::memory_order_relaxed);
      if (count == 0) continue;
      out << "echri_http_requests_total{" << labels(*series) << ",status=\"" << i + 100 << "\"} "
          << count << "\n";
    }
  }
  out << "# HELP echri_http_request_duration_seconds Time from routing to the response being "
         "ready, by route template.\n"
         "# TYPE echri_http_request_duration_seconds histogram\n";
  for (const auto& series : series_) {
    if (series->count.load(std::memory_order_relaxed) == 0) continue;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += series->buckets[i].load(std::memory_order_relaxed);
      out << "echri_http_request_duration_seconds_bucket{" << labels(*series) << ",le=\""
          << kBuckets[i] << "\"} " << cumulative << "\n";
    }
    // Read after the buckets and never below them, so the histogram stays monotonic while
    // requests are being recorded concurrently.
    const auto count = std::max(series->count.load(std::memory_order_relaxed), cumulative);
    out << "echri_http_request_duration_seconds_bucket{" << labels(*series) << ",le=\"+Inf\"} "
        << count << "\n";
    out << "echri_http_request_duration_seconds_sum{" << labels(*series) << "} "
        << static_cast<double>(series->nanoseconds.load(std::memory_order_relaxed)) / 1e9 << "\n";
    out << "echri_http_request_duration_seconds_count{" << labels(*series) << "} " << count << "\n";
  }
  out << "# HELP echri_http_requests_in_flight Requests being handled now.\n"
         "# TYPE echri_http_requests_in_flight gauge\n"
         "echri_http_requests_in_flight "
      << in_flight_.load(std::memory_order_relaxed) << "\n";
  out << "# HELP echri_http_authentication_failures_total Requests refused with 401 because their "
         "bearer token is unknown, malformed or revoked, or its user inactive.\n"
         "# TYPE echri_http_authentication_failures_total counter\n"
         "echri_http_authentication_failures_total "
      << failed_authentications() << "\n";
  out << "# HELP echri_http_authentication_throttled_total Requests refused with 429 because their "
         "client address or token id failed to authenticate too often.\n"
         "# TYPE echri_http_authentication_throttled_total counter\n"
         "echri_http_authentication_throttled_total "
      << throttled() << "\n";
  return out.str();
}

}  // namespace echri::http
