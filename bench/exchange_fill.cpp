// Fills a node's own exchange log with denial-shaped entries (about 1 KB each), so that a second
// node can sync a log of realistic size from `echri serve` (bench/run-exchange-bench). The node's
// keys come from its key file (`echri exchange keys --init` makes it); entries go into its
// database through exchange::publish_entries, `--batch` entries per committed transaction.
// Prints the append rate; entry generation is done before the clock starts.
//
// usage: echri_exchange_fill --data-dir DIR [--db URL] [--keys FILE] [--entries N] [--batch B]

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "exchange_support.hpp"

int main(int argc, char** argv) {
  using namespace echri;
  constexpr const char* kProgram = "echri_exchange_fill";
  std::string data_dir;
  std::string db;
  std::string keys_file;
  std::size_t entries = 100'000;
  std::size_t batch = 10'000;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--data-dir" && has_value) {
      data_dir = argv[++i];
    } else if (flag == "--db" && has_value) {
      db = argv[++i];
    } else if (flag == "--keys" && has_value) {
      keys_file = argv[++i];
    } else if (flag == "--entries" && has_value) {
      entries = std::strtoull(argv[++i], nullptr, 10);
    } else if (flag == "--batch" && has_value) {
      batch = std::strtoull(argv[++i], nullptr, 10);
    } else {
      data_dir.clear();
      break;
    }
  }
  if (data_dir.empty() || batch == 0) {
    std::cerr << "usage: " << kProgram
              << " --data-dir DIR [--db URL] [--keys FILE] [--entries N] [--batch B]\n";
    return 2;
  }
  if (keys_file.empty()) keys_file = data_dir + "/exchange.keys";

  const auto keys = bench::must(kProgram, bench::read_node_keys(keys_file));
  auto store = bench::must(kProgram, store::open_store(db, data_dir));
  const auto extent = bench::must(
      kProgram, store::read_returning<store::LogExtent>(
                    *store, [&](store::Transaction& tx) { return tx.log_extent(keys.origin()); }));
  // Numbered from the log's size, so that a second fill adds entries unlike the first's.
  std::vector<std::string> log_entries;
  log_entries.reserve(entries);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < entries; ++i) {
    log_entries.push_back(bench::denial_entry(extent.entries + i));
    bytes += log_entries.back().size();
  }
  const double seconds = bench::publish_in_batches(*store, keys.log, log_entries, batch);
  std::printf(
      "appended %zu entries (%.0f bytes on average) to %s in transactions of %zu on %s: %.3f s, "
      "%.0f entries/s; the log holds %llu entries\n",
      entries, entries ? static_cast<double>(bytes) / static_cast<double>(entries) : 0.0,
      keys.origin().c_str(), batch, std::string(store->backend()).c_str(), seconds,
      static_cast<double>(entries) / seconds,
      static_cast<unsigned long long>(extent.entries) + entries);
  return 0;
}
