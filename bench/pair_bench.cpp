// Time of one name-pair comparison, on the 826 name_bench pairs in turn:
// - BM_ScorePreparedPair: both names already normalised (a list name against a prepared query,
//   as inside a screening run);
// - BM_CompareRawPair: from two raw strings, normalisation of both included (`echri compare`).

#include <benchmark/benchmark.h>

#include "bench_support.hpp"
#include "screening/name_score.hpp"

namespace {

using namespace echri;

struct Pair {
  std::string a, b;
  screening::NameSchema schema;
  screening::PreparedName prepared_a, prepared_b;
};

const std::vector<Pair>& pairs() {
  static const std::vector<Pair> loaded = [] {
    std::vector<Pair> out;
    const auto data = bench::shared_data_or_exit();
    for (const auto& row : bench::read_csv_rows(data / "matching" / "name_bench_cases.csv")) {
      const auto schema = row.at("schema") == "Person" ? screening::NameSchema::person
                                                       : screening::NameSchema::organization;
      out.push_back({row.at("name1"), row.at("name2"), schema,
                     screening::prepare_name(row.at("name1"), schema),
                     screening::prepare_name(row.at("name2"), schema)});
    }
    return out;
  }();
  return loaded;
}

void BM_ScorePreparedPair(benchmark::State& state) {
  const auto& all = pairs();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& pair = all[i++ % all.size()];
    benchmark::DoNotOptimize(screening::score_value(pair.prepared_a, pair.prepared_b, pair.schema));
  }
}
BENCHMARK(BM_ScorePreparedPair);

void BM_ScorePreparedPairExplained(benchmark::State& state) {
  const auto& all = pairs();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& pair = all[i++ % all.size()];
    benchmark::DoNotOptimize(screening::score_names(pair.prepared_a, pair.prepared_b, pair.schema));
  }
}
BENCHMARK(BM_ScorePreparedPairExplained);

void BM_CompareRawPair(benchmark::State& state) {
  const auto& all = pairs();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& pair = all[i++ % all.size()];
    benchmark::DoNotOptimize(screening::compare_names(pair.a, pair.b,
                                                      pair.schema == screening::NameSchema::person
                                                          ? core::EntityType::person
                                                          : core::EntityType::organization));
  }
}
BENCHMARK(BM_CompareRawPair);

}  // namespace

BENCHMARK_MAIN();
