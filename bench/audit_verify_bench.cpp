// `echri audit verify` with record binding at scale: generates a chain of AUDIT audit records and
// the records they describe through the store API (each record created, then updated PER-1
// times, in passes, so that a record's audit records are spread over the chain), then times
// store::verify_audit — the chain walk, the binding of every record to its newest audit record
// and the documents — RUNS times on a freshly opened store, and prints each run and the medians
// in seconds and records per second.
//
// usage: echri_audit_verify_bench [--db URL] [--audit N] [--per-record K] [--body BYTES]
//                                 [--runs R] [--batch B]
//   --db        store URL (default: SQLite in a temporary folder, removed afterwards); a
//               database that already holds the chain this configuration generates is reused
//               (the first run generates it, the next ones only verify), e.g.
//               scripts/with-postgres bash -c 'B=build/release/bench/echri_audit_verify_bench;
//                 U="$ECHRI_TEST_POSTGRES_URL?schema=bench_verify"; $B --db "$U"; $B --db "$U"'
//   --audit     audit records (default 1,000,000); --per-record audit records per record
//               (default 4, so 250,000 records); --body approximate JSON body size (default 1024)

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "core/digest.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"

namespace echri {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string db;
  std::int64_t audit = 1'000'000;
  std::int64_t per_record = 4;
  std::size_t body = 1024;
  int runs = 3;
  std::int64_t batch = 1000;  // records per write transaction while generating
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "echri_audit_verify_bench: " << problem
            << "\nusage: echri_audit_verify_bench [--db URL] [--audit N] [--per-record K] "
               "[--body BYTES] [--runs R] [--batch B]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage("missing value after " + flag);
    const std::string value = argv[++i];
    try {
      if (flag == "--db") {
        options.db = value;
      } else if (flag == "--audit") {
        options.audit = std::stoll(value);
      } else if (flag == "--per-record") {
        options.per_record = std::stoll(value);
      } else if (flag == "--body") {
        options.body = std::stoul(value);
      } else if (flag == "--runs") {
        options.runs = std::stoi(value);
      } else if (flag == "--batch") {
        options.batch = std::stoll(value);
      } else {
        usage("unknown option " + flag);
      }
    } catch (const std::exception&) {
      usage("not a number: " + value);
    }
  }
  if (options.audit < 1 || options.per_record < 1 || options.runs < 1 || options.batch < 1)
    usage("counts must be positive");
  return options;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

template <class T>
T value_or_exit(Result<T> result, const char* doing) {
  if (!result) {
    std::cerr << "echri_audit_verify_bench: " << doing << ": " << result.error().describe() << "\n";
    std::exit(1);
  }
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

std::unique_ptr<store::Store> open(const Options& options, const std::filesystem::path& dir) {
  return value_or_exit(store::open_store(options.db, dir), "opening the store");
}

// An application-like body of about `size` bytes that changes with every update.
std::string body_of(std::int64_t record, std::int64_t pass, std::size_t size) {
  std::string body = R"({"reference":"APP-)" + std::to_string(record) + R"(","pass":)" +
                     std::to_string(pass) + R"(,"end_user":{"name":"Fictional Importer )" +
                     std::to_string(record % 977) +
                     R"(","country":"XX"},"items":[{"description":"thermal camera","value":)" +
                     std::to_string(1000 + record % 50000) + R"(}],"notes":")";
  while (body.size() + 2 < size) body += "lorem ipsum dolor sit amet ";
  body += "\"}";
  return body;
}

store::AuditDraft draft(const store::Record& record, std::int64_t pass) {
  store::AuditDraft draft;
  draft.actor = "officer-" + std::to_string(record.version % 7);
  draft.role = "officer";
  draft.token_id = "tok-" + std::to_string(record.version % 7);
  draft.action = pass == 0 ? "application.create" : "application.update";
  draft.subject_kind = "application";
  draft.subject_id = record.id;
  draft.detail = R"({"pass":)" + std::to_string(pass) + "}";
  return draft;
}

void generate(store::Store& store, const Options& options, std::int64_t records) {
  const auto started = Clock::now();
  for (std::int64_t pass = 0; pass < options.per_record; ++pass) {
    for (std::int64_t first = 0; first < records; first += options.batch) {
      const auto last = std::min(records, first + options.batch);
      value_or_exit(store.write([&](store::Transaction& tx) -> Result<void> {
        for (std::int64_t i = first; i < last; ++i) {
          store::Record record;
          record.kind = "application";
          char id[32];
          std::snprintf(id, sizeof id, "APP-2026-%07lld", static_cast<long long>(i));
          if (pass == 0) {
            record.id = id;
            record.organisation = "org-" + std::to_string(i % 40);
            record.state = "draft";
            record.body = body_of(i, pass, options.body);
            ECHRI_ASSIGN_OR_RETURN(record, tx.insert(record));
          } else {
            auto found = tx.find("application", id);
            if (!found) return tl::unexpected(found.error());
            if (!found->has_value()) return fail(ErrorKind::internal, std::string(id) + " is gone");
            record = **found;
            record.state = pass % 2 == 0 ? "under_review" : "submitted";
            record.risk = static_cast<double>((i * 37 + pass) % 100) / 100.0;
            record.body = body_of(i, pass, options.body);
            ECHRI_ASSIGN_OR_RETURN(record, tx.update(record, record.version));
          }
          ECHRI_TRY(tx.append_audit(draft(record, pass)));
        }
        return {};
      }),
                    "generating");
    }
    std::cerr << "  pass " << pass + 1 << "/" << options.per_record << " written ("
              << seconds_since(started) << " s)\n";
  }
  // A few documents, as cases keep them.
  value_or_exit(store.write([&](store::Transaction& tx) -> Result<void> {
    for (int i = 0; i < 100; ++i) {
      const std::string bytes(std::size_t{64} * 1024, static_cast<char>('a' + i % 26));
      const auto content = bytes + std::to_string(i);
      ECHRI_TRY(tx.put_document({core::sha256_hex(content), "application/pdf", content}));
    }
    return {};
  }),
                "writing documents");
}

}  // namespace
}  // namespace echri

int main(int argc, char** argv) {
  using namespace echri;
  auto options = parse(argc, argv);
  std::optional<std::filesystem::path> temporary;
  auto dir = std::filesystem::temp_directory_path();
  if (options.db.empty()) {
    temporary = std::filesystem::temp_directory_path() /
                ("echri-audit-verify-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(*temporary);
    options.db = "sqlite:" + (*temporary / "bench.db").string();
    dir = *temporary;
  }
  const std::int64_t records = (options.audit + options.per_record - 1) / options.per_record;
  const std::int64_t audit = records * options.per_record;
  {
    auto store = open(options, dir);
    std::cout << "database: " << store->backend() << " (" << store->describe() << ")\n";
    const auto head = value_or_exit(store->audit_head(), "reading the head");
    if (head.sequence == audit) {
      std::cout << "reusing the chain already there: " << audit << " audit records\n";
    } else if (head.sequence == 0) {
      std::cout << "generating " << records << " records, " << audit << " audit records ("
                << options.per_record << " per record, bodies of ~" << options.body
                << " bytes), 100 documents of 64 KiB\n";
      const auto started = Clock::now();
      generate(*store, options, records);
      std::cout << "generated in " << seconds_since(started) << " s\n";
    } else {
      std::cerr << "echri_audit_verify_bench: the database holds another chain (" << head.sequence
                << " audit records); use an empty one\n";
      return 1;
    }
  }
  std::vector<double> times;
  for (int run = 1; run <= options.runs; ++run) {
    auto store = open(options, dir);
    const auto started = Clock::now();
    const auto verdict = value_or_exit(store::verify_audit(*store), "verifying");
    const double elapsed = seconds_since(started);
    if (!verdict.intact) {
      std::cerr << "echri_audit_verify_bench: the chain does not verify: " << verdict.problem
                << "\n";
      return 1;
    }
    times.push_back(elapsed);
    std::printf("  run %d: %.2f s, %lld audit records (%.0f/s), %lld records, %lld documents\n",
                run, elapsed, static_cast<long long>(verdict.checked),
                static_cast<double>(verdict.checked) / elapsed,
                static_cast<long long>(verdict.records_checked),
                static_cast<long long>(verdict.documents_checked));
  }
  const double middle = bench::median(times);
  std::printf(
      "audit verify with record binding (%s): median %.2f s over %d runs: %.0f audit records/s "
      "and %.0f records/s; peak RSS %.0f MiB\n",
      options.db.starts_with("sqlite:") ? "SQLite" : "PostgreSQL", middle, options.runs,
      static_cast<double>(audit) / middle, static_cast<double>(records) / middle,
      bench::peak_rss_mib());
  if (temporary) std::filesystem::remove_all(*temporary);
  return 0;
}
