// Screening against all lists in ../shared/data: index build time and size, the yente
// candidate-generation fixtures (UN positives found, synthetic negatives flagged), retrieval
// recall against an exhaustive scan, single-query latency and batch throughput.
//
// Usage: echri_screening_eval [--threshold X] [--recall-sample N] [--latency-sample N]
//                             [--quick] [--misses] [--hits] [--name-hits]

#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>
#include <thread>

#include "bench_support.hpp"
#include "core/country.hpp"
#include "screening/batch_screening.hpp"
#include "screening/list_format.hpp"

namespace {

using namespace echri;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<screening::BatchQuery> fixture_queries(const std::filesystem::path& path,
                                                   bool with_qualifiers, std::size_t limit) {
  std::vector<screening::BatchQuery> queries;
  for (const auto& row : bench::read_csv_rows(path)) {
    if (queries.size() >= limit) break;
    screening::BatchQuery query;
    query.id = std::to_string(queries.size());
    query.query.name = row.at("full_name");
    query.query.type = core::EntityType::person;
    if (with_qualifiers) {
      const std::string& dob = row.at("date_of_birth");
      if (dob.size() >= 4) query.query.date_of_birth = dob.substr(0, dob.size() >= 10 ? 10 : 4);
      if (const auto country = core::resolve_country(row.at("nationality")))
        query.query.country = country->alpha2;
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

struct Rate {
  std::size_t hits = 0;
  std::size_t total = 0;
  [[nodiscard]] double share() const { return total == 0 ? 0 : double(hits) / double(total); }
};

Rate flagged(const screening::ScreeningIndex& index,
             const std::vector<screening::BatchQuery>& queries, double threshold, bool show_misses,
             bool show_hits) {
  const auto results = screening::screen_batch(index, queries, {threshold, 5});
  Rate rate;
  for (const auto& result : results) {
    ++rate.total;
    const bool hit = !result.matches.empty();
    if (hit) ++rate.hits;
    const auto& query = queries[result.query_index].query;
    if (show_misses && !hit) std::printf("    miss: %s\n", query.name.c_str());
    if (show_hits && hit) {
      const auto& match = result.matches.front();
      std::printf("    hit %.3f: %s ~ %s\n", match.score, query.name.c_str(),
                  match.explanation.matched_name.c_str());
    }
  }
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  double threshold = screening::kDefaultThreshold;
  std::size_t recall_sample = 300;
  std::size_t latency_sample = 5000;
  bool quick = false, show_misses = false, show_hits = false, show_name_hits = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threshold" && i + 1 < argc)
      threshold = std::stod(argv[++i]);
    else if (arg == "--recall-sample" && i + 1 < argc)
      recall_sample = std::stoul(argv[++i]);
    else if (arg == "--latency-sample" && i + 1 < argc)
      latency_sample = std::stoul(argv[++i]);
    else if (arg == "--quick")
      quick = true;
    else if (arg == "--misses")
      show_misses = true;
    else if (arg == "--hits")
      show_hits = true;
    else if (arg == "--name-hits")
      show_name_hits = true;
    else {
      std::cerr << "usage: echri_screening_eval [--threshold X] [--recall-sample N] "
                   "[--latency-sample N] [--quick] [--misses] [--hits] [--name-hits]\n";
      return 2;
    }
  }
  const auto data = bench::shared_data_or_exit();
  const auto lists = data / "lists";

  auto start = Clock::now();
  auto parsed = screening::parse_list_files(
      {lists / "ofac" / "sdn.csv", lists / "other" / "cons_prim.csv", lists / "other" / "dpl.txt",
       lists / "other" / "csl.csv", lists / "un" / "UN_consolidated.xml"},
      screening::ListFormat::auto_detect);
  if (!parsed) {
    std::cerr << parsed.error().describe() << "\n";
    return 1;
  }
  const double parse_seconds = seconds_since(start);
  std::vector<core::ListedEntity> entities;
  for (auto& list : *parsed)
    for (auto& entity : list.entities) entities.push_back(std::move(entity));
  start = Clock::now();
  const screening::ScreeningIndex index(std::move(entities));
  const double build_seconds = seconds_since(start);
  const auto stats = index.stats();
  std::printf(
      "lists: %zu parsed in %.2f s; index: %zu entities, %zu names, %zu keys, %zu fuzzy "
      "keys, built in %.2f s\n",
      parsed->size(), parse_seconds, stats.entities, stats.names, stats.vocabulary,
      stats.fuzzy_keys, build_seconds);

  const auto matching = data / "matching";
  const std::size_t all = static_cast<std::size_t>(-1);
  const std::size_t negatives_limit = quick ? 5000 : all;
  std::printf(
      "yente fixtures at threshold %.2f (with date of birth and nationality | name only):\n",
      threshold);
  for (const char* file :
       {"positives_un_untreated.csv", "positives_un_treated.csv",
        "positives_us_congress_untreated.csv", "negatives_us.csv", "negatives_global.csv"}) {
    const bool positive = std::string(file).find("positives_un") == 0;
    const std::size_t limit = positive ? all : negatives_limit;
    const auto with = flagged(index, fixture_queries(matching / file, true, limit), threshold,
                              show_misses && positive, show_hits && !positive);
    const auto without = flagged(index, fixture_queries(matching / file, false, limit), threshold,
                                 false, show_name_hits && !positive);
    std::printf("  %-38s %s %6.2f%% | %6.2f%%  (%zu | %zu of %zu)\n", file,
                positive ? "found  " : "flagged", 100 * with.share(), 100 * without.share(),
                with.hits, without.hits, with.total);
  }

  // Retrieval recall: every (query, entity) pair the exhaustive scan reports at the threshold
  // should come out of the index too.
  {
    auto sample = fixture_queries(matching / "positives_un_treated.csv", false, recall_sample / 2);
    auto negatives = fixture_queries(matching / "negatives_global.csv", false, recall_sample / 2);
    sample.insert(sample.end(), negatives.begin(), negatives.end());
    std::size_t exhaustive_pairs = 0, found_pairs = 0;
    const screening::ScreeningOptions options{threshold, 1000};
    double exhaustive_seconds = 0, indexed_seconds = 0;
    for (const auto& query : sample) {
      auto t0 = Clock::now();
      const auto reference = index.screen_exhaustive(query.query, options);
      exhaustive_seconds += seconds_since(t0);
      t0 = Clock::now();
      const auto retrieved = index.screen(query.query, options);
      indexed_seconds += seconds_since(t0);
      std::set<std::uint32_t> got;
      for (const auto& match : retrieved) got.insert(match.entity_index);
      for (const auto& match : reference) {
        ++exhaustive_pairs;
        if (got.count(match.entity_index) != 0)
          ++found_pairs;
        else if (show_misses)
          std::printf("    retrieval missed: %s ~ %s (%.3f)\n", query.query.name.c_str(),
                      match.explanation.matched_name.c_str(), match.score);
      }
    }
    std::printf("retrieval recall vs exhaustive scan: %.4f (%zu of %zu matches, %zu queries)\n",
                exhaustive_pairs == 0 ? 1.0 : double(found_pairs) / double(exhaustive_pairs),
                found_pairs, exhaustive_pairs, sample.size());
    const double n = static_cast<double>(sample.size());
    std::printf("  mean per query: index %.1f us, exhaustive scan %.1f us (ratio %.1fx)\n",
                1e6 * indexed_seconds / n, 1e6 * exhaustive_seconds / n,
                exhaustive_seconds / indexed_seconds);
  }

  // Single-thread latency of one query against the full index.
  {
    auto sample = fixture_queries(matching / "positives_un_treated.csv", true, latency_sample / 2);
    auto negatives = fixture_queries(matching / "negatives_us.csv", true, latency_sample / 2);
    sample.insert(sample.end(), negatives.begin(), negatives.end());
    std::vector<double> micros;
    const screening::ScreeningOptions options{threshold, 10};
    for (int round = 0; round < 2; ++round) {  // the first round warms caches
      micros.clear();
      for (const auto& query : sample) {
        const auto t0 = Clock::now();
        const auto matches = index.screen(query.query, options);
        micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        if (matches.size() > 1000) std::printf("impossible\n");  // keeps the call observable
      }
    }
    std::printf(
        "query latency (1 thread, %zu queries): p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f "
        "us\n",
        micros.size(), bench::median(micros), bench::percentile(micros, 0.9),
        bench::percentile(micros, 0.99), bench::percentile(micros, 1.0));
  }

  // Batch throughput on every core.
  {
    const auto queries = fixture_queries(matching / "negatives_us.csv", true, quick ? 10000 : all);
    const auto t0 = Clock::now();
    const auto results = screening::screen_batch(index, queries, {threshold, 10});
    const double elapsed = seconds_since(t0);
    std::printf("batch: %zu names in %.2f s on %u threads: %.0f names/s\n", results.size(), elapsed,
                std::max(1U, std::thread::hardware_concurrency()),
                double(results.size()) / elapsed);
  }
  std::printf("peak memory: %.0f MiB\n", bench::peak_rss_mib());
  return 0;
}
