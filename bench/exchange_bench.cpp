// The exchange module's costs: checkpoint signature verification and cosigning (medians of RUNS
// runs, in µs per operation), inclusion and consistency proof sizes against log2(n) for
// n = 10^3 .. 10^6, and the in-memory append and hash rate for 100,000 entries.
//
// usage: echri_exchange_bench [--runs R]

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "exchange/checkpoint.hpp"
#include "exchange/cosignature.hpp"
#include "exchange/merkle.hpp"
#include "exchange/note.hpp"

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

}  // namespace
}  // namespace echri

int main(int argc, char** argv) {
  using namespace echri;
  int runs = 7;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else {
      std::cerr << "usage: echri_exchange_bench [--runs R]\n";
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
  return 0;
}
