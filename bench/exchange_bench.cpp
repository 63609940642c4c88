// The exchange module's costs: checkpoint signature verification and cosigning (medians of RUNS
// runs, in µs per operation), inclusion and consistency proof sizes against log2(n) for
// n = 10^3 .. 10^6, and the in-memory append and hash rate for 100,000 entries.
//
// With --store, the store-backed log too, on SQLite (a fresh file per run under the system's
// temporary folder) and, with --db, on that PostgreSQL server (a fresh schema per run): the
// durable append rate of ENTRIES denial-shaped entries of about 1 KB in publish_entries calls of
// 1, 100 and 10,000 entries (each call one committed transaction; batches of 1 append only
// SINGLE entries, since each costs a disk sync), and the rate at which sync_peer fetches,
// verifies and stores the whole log from another store read directly (no HTTP), into a fresh
// database. Medians (min-max) of STORE_RUNS runs.
//
// usage: echri_exchange_bench [--runs R] [--store] [--db URL] [--store-runs STORE_RUNS]
//                             [--entries ENTRIES] [--single SINGLE]

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "exchange/checkpoint.hpp"
#include "exchange/cosignature.hpp"
#include "exchange/merkle.hpp"
#include "exchange/node_keys.hpp"
#include "exchange/note.hpp"
#include "exchange/peer_sync.hpp"
#include "exchange_support.hpp"

namespace echri {
namespace {

using Clock = std::chrono::steady_clock;
namespace ex = exchange;

template <class T>
T must(Result<T> result) {
  if (!result) {
    std::cerr << "echri_exchange_bench: " << result.error().describe() << "\n";
    std::exit(1);
  }
  return std::move(*result);
}

// Median over `runs` runs of the mean µs per call of `work` over `calls` calls.
template <class Work>
double median_us(int runs, int calls, Work&& work) {
  std::vector<double> per_call;
  for (int i = 0; i < calls; ++i) work();  // warm caches and the CPU clock first
  for (int run = 0; run < runs; ++run) {
    const auto start = Clock::now();
    for (int i = 0; i < calls; ++i) work();
    const std::chrono::duration<double, std::micro> elapsed = Clock::now() - start;
    per_call.push_back(elapsed.count() / calls);
  }
  return bench::median(per_call);
}

std::string entry(std::uint64_t i) {
  return "{\"kind\":\"denial\",\"sequence\":" + std::to_string(i) +
         ",\"country\":\"XX\",\"items\":[\"5A001.j\"],\"reason\":\"human rights\"}";
}

struct StoreBenchOptions {
  std::string db;  // "" for SQLite only; a PostgreSQL URL adds that server
  int runs = 3;
  std::size_t entries = 100'000;
  std::size_t single = 2'000;
};

// "median X (min-max)" of the values, each printed with `format`.
std::string spread(std::vector<double> values, const char* format) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  const auto text = [format](double value) {
    std::vector<char> out(64);
    std::snprintf(out.data(), out.size(), format, value);
    return std::string(out.data());
  };
  return text(bench::median(values)) + " (" + text(*low) + "-" + text(*high) + ")";
}

// A fresh, empty database for one run (a SQLite file in its own folder under `scratch`, or a new
// schema of the PostgreSQL server): every run then appends from an empty log, as the figure
// claims, and a sync starts from nothing verified.
std::unique_ptr<store::Store> fresh_store(const std::string& db,
                                          const std::filesystem::path& scratch,
                                          const std::string& name) {
  if (db.empty()) return bench::must("echri_exchange_bench", store::open_store("", scratch / name));
  const std::string url = db + (db.find('?') == std::string::npos ? "?" : "&") + "schema=xbench_" +
                          std::to_string(::getpid()) + "_" + name;
  return bench::must("echri_exchange_bench", store::open_store(url, scratch));
}

void drop_sqlite(const std::string& db, const std::filesystem::path& scratch,
                 const std::string& name) {
  std::error_code ignored;
  if (db.empty()) std::filesystem::remove_all(scratch / name, ignored);
}

// Durable appends, then a peer's sync of the whole log, on one database server.
void store_bench(const StoreBenchOptions& options, const std::string& db,
                 const std::vector<std::string>& entries, const std::filesystem::path& scratch) {
  const auto keys =
      bench::must("echri_exchange_bench", ex::generate_node_keys("bench.echri.example/log", "DE"));
  std::printf(
      "%s: durable appends through publish_entries (median (min-max) of %d runs, a fresh "
      "database each)\n",
      db.empty() ? "SQLite" : "PostgreSQL", options.runs);
  std::unique_ptr<store::Store> source;  // the last full log appended: what the peer syncs
  for (const std::size_t batch : {std::size_t{1}, std::size_t{100}, std::size_t{10'000}}) {
    const std::size_t count =
        std::min(batch == 1 ? options.single : entries.size(), entries.size());
    const std::vector<std::string> part(entries.begin(),
                                        entries.begin() + static_cast<std::ptrdiff_t>(count));
    std::vector<double> rates;
    std::vector<double> seconds;
    for (int run = 0; run < options.runs; ++run) {
      const std::string name = "append_" + std::to_string(batch) + "_" + std::to_string(run);
      auto store = fresh_store(db, scratch, name);
      const double taken = bench::publish_in_batches(*store, keys.log, part, batch);
      seconds.push_back(taken);
      rates.push_back(static_cast<double>(count) / taken);
      if (batch == 10'000 && run + 1 == options.runs) {
        source = std::move(store);
      } else {
        store.reset();
        drop_sqlite(db, scratch, name);
      }
    }
    std::printf("  %6zu entries per transaction, %zu entries: %s entries/s; %s s\n", batch, count,
                spread(rates, "%.0f").c_str(), spread(seconds, "%.2f").c_str());
  }

  const ex::PeerPolicy policy{keys.origin(), keys.log.verifier(), {}, 0};
  const ex::Actor actor{"bench", "system", ""};
  std::vector<double> rates;
  std::vector<double> seconds;
  for (int run = 0; run < options.runs; ++run) {
    const std::string name = "sync_" + std::to_string(run);
    auto store = fresh_store(db, scratch, name);
    bench::StorePeerSource peer(*source, keys.origin());
    const auto start = Clock::now();
    const auto report =
        bench::must("echri_exchange_bench", ex::sync_peer(*store, policy, peer, actor));
    const std::chrono::duration<double> taken = Clock::now() - start;
    if (report.alert || report.size_after != entries.size()) {
      std::cerr << "echri_exchange_bench: the sync verified " << report.size_after << " of "
                << entries.size() << " entries: " << report.detail << "\n";
      std::exit(1);
    }
    seconds.push_back(taken.count());
    rates.push_back(static_cast<double>(entries.size()) / taken.count());
    store.reset();
    drop_sqlite(db, scratch, name);
  }
  std::printf(
      "  sync_peer of %zu entries from another store (fetch bundles, verify against the "
      "signed root, store): %s entries/s; %s s\n\n",
      entries.size(), spread(rates, "%.0f").c_str(), spread(seconds, "%.2f").c_str());
  source.reset();
  drop_sqlite(db, scratch, "append_10000_" + std::to_string(options.runs - 1));
}

}  // namespace
}  // namespace echri

int main(int argc, char** argv) {
  using namespace echri;
  int runs = 7;
  bool with_store = false;
  StoreBenchOptions store_options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--runs" && has_value) {
      runs = std::atoi(argv[++i]);
    } else if (flag == "--store") {
      with_store = true;
    } else if (flag == "--db" && has_value) {
      store_options.db = argv[++i];
    } else if (flag == "--store-runs" && has_value) {
      store_options.runs = std::max(1, std::atoi(argv[++i]));
    } else if (flag == "--entries" && has_value) {
      store_options.entries = std::strtoull(argv[++i], nullptr, 10);
    } else if (flag == "--single" && has_value) {
      store_options.single = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::cerr << "usage: echri_exchange_bench [--runs R] [--store] [--db URL] [--store-runs N] "
                   "[--entries N] [--single N]\n";
      return 2;
    }
  }

  // Signing and verifying a checkpoint note, and cosigning it as a witness.
  ex::MemoryHashes log;
  for (std::uint64_t i = 0; i < 1000; ++i) log.append(entry(i));
  const ex::Ed25519Signer log_key = must(ex::Ed25519Signer::generate("echri.example/bench-log"));
  const ex::CosignatureSigner witness(must(ex::Ed25519Signer::generate("echri.example/witness")));
  const std::string text =
      must(ex::format_checkpoint({"echri.example/bench-log", log.size(), log.root(), {}}));
  const ex::NoteSigner* signers[] = {&log_key};
  const std::string note = must(ex::sign_note(text, signers));
  const ex::Ed25519Verifier log_verifier = log_key.verifier();
  const ex::NoteVerifier* known[] = {&log_verifier};
  const ex::NoteSigner* cosigners[] = {&witness};
  const int calls = 200;
  const double sign_us = median_us(runs, calls, [&] { (void)must(ex::sign_note(text, signers)); });
  const double open_us = median_us(runs, calls, [&] { (void)must(ex::open_note(note, known)); });
  const double open_parse_us = median_us(runs, calls, [&] {
    (void)must(ex::parse_checkpoint(must(ex::open_note(note, known)).text));
  });
  const double cosign_us =
      median_us(runs, calls, [&] { (void)must(ex::sign_note(text, cosigners)); });
  std::printf("checkpoint notes (median of %d runs of %d calls, µs per call)\n", runs, calls);
  std::printf("  sign (Ed25519)                          %8.1f\n", sign_us);
  std::printf("  open: verify the log signature          %8.1f\n", open_us);
  std::printf("  open + parse the checkpoint             %8.1f\n", open_parse_us);
  std::printf("  cosign (cosignature/v1)                 %8.1f\n\n", cosign_us);

  // Appending 10^6 entries once gives every tree size needed below; the first 100,000 are timed.
  ex::MemoryHashes big;
  const auto start = Clock::now();
  for (std::uint64_t i = 0; i < 100'000; ++i) big.append(entry(i));
  const std::chrono::duration<double> append_s = Clock::now() - start;
  std::printf("in-memory append of 100,000 entries (%zu bytes each): %.3f s, %.0f entries/s\n\n",
              entry(0).size(), append_s.count(), 100'000 / append_s.count());
  for (std::uint64_t i = 100'000; i < 1'000'000; ++i) big.append(entry(i));

  std::printf("proof sizes in hashes (leaf n/2 of n; old size n/2 and n-1)\n");
  std::printf("  %9s %7s %10s %13s %13s\n", "n", "log2 n", "inclusion", "consistency/2",
              "consistency-1");
  for (const std::uint64_t n : {1'000u, 10'000u, 100'000u, 1'000'000u}) {
    const auto inclusion = must(ex::prove_inclusion(n / 2, n, big.reader()));
    const auto half = must(ex::prove_consistency(n / 2, n, big.reader()));
    const auto last = must(ex::prove_consistency(n - 1, n, big.reader()));
    std::printf("  %9llu %7.1f %10zu %13zu %13zu\n", static_cast<unsigned long long>(n),
                std::log2(static_cast<double>(n)), inclusion.size(), half.size(), last.size());
  }
  if (!with_store) return 0;

  std::printf("\n");
  std::vector<std::string> entries;
  entries.reserve(store_options.entries);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < store_options.entries; ++i) {
    entries.push_back(bench::denial_entry(i));
    bytes += entries.back().size();
  }
  std::printf(
      "store-backed log: denial entries of %.0f bytes on average\n",
      static_cast<double>(bytes) / static_cast<double>(std::max<std::size_t>(1, entries.size())));
  const auto scratch = std::filesystem::temp_directory_path() /
                       ("echri-exchange-bench-" + std::to_string(::getpid()));
  store_bench(store_options, "", entries, scratch);
  if (!store_options.db.empty()) store_bench(store_options, store_options.db, entries, scratch);
  std::error_code ignored;
  std::filesystem::remove_all(scratch, ignored);
  return 0;
}
