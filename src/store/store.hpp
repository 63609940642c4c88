#pragma once
// Persistence behind one interface, with two real implementations: SQLite (the embedded default,
// one file under the data directory, WAL) and PostgreSQL (libpqxx). The workflow (cases/) decides
// what a record means; the store gives it identity, versions for optimistic concurrency, the
// indexed columns that queues sort and filter on, content-addressed documents, and the
// hash-chained audit log, all inside transactions that either commit whole or not at all.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/digest.hpp"
#include "core/result.hpp"

namespace echri::store {

// One stored thing: an application, an information request, a user, a token... `body` is JSON
// text that only cases/ interprets; the other fields are what the store indexes.
struct Record {
  std::string kind;          // "application", "user", ...; [a-z_]+
  std::string id;            // unique within its kind, chosen by the caller
  std::string organisation;  // the owning organisation's id ("" for none): access control
  std::string parent;        // the id of the record this one belongs to ("" for none)
  std::string state;         // workflow state ("" when the kind has none)
  double risk = 0;           // queue sort key (the assessment's score)
  std::string body;          // JSON text
  std::int64_t version = 0;  // set by the store: 1 on insert, +1 per update; the HTTP ETag
  std::string created_at;    // set by the store, UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string updated_at;    // set by the store
};

enum class RecordOrder {
  created,        // oldest first, then id
  newest,         // newest first, then id
  risk_then_age,  // highest risk first, then oldest first: the officers' queue
};

struct RecordQuery {
  std::string kind;
  std::optional<std::string> organisation;
  std::optional<std::string> parent;
  std::vector<std::string> states;  // any of these; empty means every state
  RecordOrder order = RecordOrder::created;
  std::size_t limit = 50;
  std::size_t offset = 0;
};

struct RecordPage {
  std::vector<Record> records;
  std::size_t total = 0;  // how many match the query without limit and offset
};

// A document's bytes are stored once per content, addressed by SHA-256 (lower-case hex).
struct Document {
  std::string sha256;
  std::string content_type;
  std::string content;  // the bytes
};

// What the caller says about a state change; the store adds sequence, time, digests and hashes.
struct AuditDraft {
  std::string actor;         // user id, or "system"
  std::string role;          // the actor's role when acting
  std::string token_id;      // the API token the actor used ("" for the system and the CLI)
  std::string action;        // "application.submit", "decision.record", ...
  std::string subject_kind;  // the record's kind
  std::string subject_id;    // the record's id
  // Set by the store in append_audit (what a caller puts here is replaced): record_digest
  // (audit_chain.hpp) of the subject before the changes this record describes ("" when it was
  // created) and after them ("" when there is no such record).
  std::string before_digest;
  std::string after_digest;
  std::string detail;  // JSON text with what a reader needs ("{}" when nothing)
};

// How an audit record is hashed and what its digests cover (audit_chain.hpp). Records written
// before token ids were kept are format 1; the store writes kAuditFormat.
inline constexpr int kAuditFormat = 2;

struct AuditRecord {
  std::int64_t sequence = 0;  // 1, 2, 3... without gaps
  std::string at;             // UTC "YYYY-MM-DDTHH:MM:SSZ"
  AuditDraft draft;
  std::string previous_hash;  // the previous record's hash; 64 zeros for the first
  std::string hash;           // audit_chain.hpp's record_hash over everything above
  int format = kAuditFormat;  // 1 or 2
};

// The newest audit record's sequence and hash, kept in its own row in the same transaction as
// the append, so that removing records from the end of the chain is noticed too.
struct AuditHead {
  std::int64_t sequence = 0;
  std::string hash;
};

// A page of the chain read in one snapshot: `head` counts every record in `records`.
struct AuditPage {
  AuditHead head;
  std::vector<AuditRecord> records;
};

// How far one exchange log reaches: its entries and its stored Merkle hashes (exchange/merkle.hpp
// explains the stored-hash order).
struct LogExtent {
  std::uint64_t entries = 0;
  std::uint64_t hashes = 0;
  friend bool operator==(const LogExtent&, const LogExtent&) = default;
};

// Entries and hashes appended to an exchange log at its current extent.
struct LogAppend {
  std::string_view log;  // the log's origin
  LogExtent at;          // must be the log's extent: appends never overwrite or leave gaps
  std::span<const std::string> entries;
  std::span<const core::Sha256Digest> hashes;
};

// A unit of work. Every call runs inside the transaction the Store opened; nothing is visible to
// others before the work returns successfully.
//
// Every record written in a unit of work must be described by an audit record appended after
// the write in the same unit (append_audit with the record's kind and id): the store computes the
// audit record's digests from what was written, and a unit that leaves a written record without
// one fails (internal) and is rolled back. So the audit chain binds every stored record, and
// verify_audit (audit_chain.hpp) checks each one against its newest audit record.
class Transaction {
 public:
  virtual ~Transaction() = default;
  Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  virtual Result<std::optional<Record>> find(std::string_view kind, std::string_view id) = 0;
  // conflict when a record of that kind and id exists.
  virtual Result<Record> insert(Record record) = 0;
  // Replaces the record whose version is `expected_version`; conflict when it is not (somebody
  // else changed it), not_found when there is no such record. Returns the stored record.
  virtual Result<Record> update(Record record, std::int64_t expected_version) = 0;
  virtual Result<RecordPage> list(const RecordQuery& query) = 0;
  // The next value (1, 2, ...) of a named counter, for human-readable ids like "APP-2026-000042".
  virtual Result<std::int64_t> next_number(std::string_view counter) = 0;
  // Appends to the audit chain; the append and the change it records commit together. The
  // digests are the subject's record_digest before its first write since its last audit record
  // and after its last write (the record as it stands when nothing was written). internal, with
  // a message free of paths and SQL, when the chain does not end at its head (an audit record
  // added or the head changed outside the store): no writer may extend a chain that does not
  // verify.
  virtual Result<AuditRecord> append_audit(const AuditDraft& draft) = 0;
  // Idempotent: the same bytes stored twice are one document.
  virtual Result<void> put_document(const Document& document) = 0;
  virtual Result<std::optional<Document>> document(std::string_view sha256) = 0;
  // Every audit record about one subject, in sequence order: what a case's history is read from
  // (the chain's subject index serves it, so it costs the subject's records, not the chain's).
  virtual Result<std::vector<AuditRecord>> audit_about(std::string_view kind,
                                                       std::string_view id) = 0;

  // The exchange logs (exchange/): this node's own and its verified copies of the peers', each an
  // append-only sequence of entries and one of stored Merkle hashes, named by the log's origin.
  // Their rows need no audit record: the Merkle tree whose root the log signs is their tamper
  // evidence (an altered entry no longer hashes to its stored leaf, an altered hash no longer
  // gives the signed root), and the state that changes with them (checkpoints) is a record.
  virtual Result<LogExtent> log_extent(std::string_view log) = 0;
  // conflict, naming the log's extent, unless append.at is the log's extent.
  virtual Result<void> append_log(const LogAppend& append) = 0;
  // Entries [first, first + count) of the log; fewer when the log is shorter.
  virtual Result<std::vector<std::string>> log_entries(std::string_view log, std::uint64_t first,
                                                       std::size_t count) = 0;
  // The stored hashes at `indexes`, in that order; not_found naming the first index missing.
  virtual Result<std::vector<core::Sha256Digest>> log_hashes(
      std::string_view log, std::span<const std::uint64_t> indexes) = 0;
};

struct StoreOptions {
  // Where the store takes "now" from (timestamps of records and audit records); tests fix it.
  std::function<std::string()> clock;  // empty means core::utc_timestamp
  bool migrate = true;                 // apply pending migrations when opening
  // Create the database when it does not exist (the SQLite file and its folder, the PostgreSQL
  // schema and echri's tables). Without it, opening a database that does not exist or holds no
  // echri schema is not_found naming it, and nothing is created: what commands that only read
  // use, so that a mistyped path is an error rather than a new empty database.
  bool create_if_missing = true;
};

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs `work` in a read-write transaction: commits when it returns a value, rolls back when it
  // returns an error (which is passed on) or throws. Writers are serialised; retried internally
  // on serialisation failures, so `work` must be repeatable.
  virtual Result<void> write(const std::function<Result<void>(Transaction&)>& work) = 0;
  // A read-only snapshot; may run concurrently with other reads and with a writer.
  virtual Result<void> read(const std::function<Result<void>(Transaction&)>& work) = 0;

  // The head of the audit chain and its records in sequence order from `first` (1-based), at most
  // `limit` of them, read in one snapshot.
  virtual Result<AuditPage> audit_page(std::int64_t first, std::size_t limit) = 0;
  // The records alone, and the head alone, of audit_page.
  Result<std::vector<AuditRecord>> audit_records(std::int64_t first, std::size_t limit) {
    ECHRI_ASSIGN_OR_RETURN(auto page, audit_page(first, limit));
    return std::move(page.records);
  }
  Result<AuditHead> audit_head() {
    ECHRI_ASSIGN_OR_RETURN(auto page, audit_page(1, 0));
    return std::move(page.head);
  }

  virtual Result<int> schema_version() = 0;
  // Applies pending migrations; returns how many were applied.
  virtual Result<int> migrate() = 0;
  // "sqlite" or "postgres".
  [[nodiscard]] virtual std::string_view backend() const = 0;
  // For messages: the file, or the URL without password.
  [[nodiscard]] virtual std::string describe() const = 0;
};

namespace detail {
// Runs `work` through `run` (write or read) and hands its value out of the transaction.
template <class T, class Run, class Work>
Result<T> returning(Run&& run, Work&& work) {
  std::optional<T> value;
  auto done = run([&](Transaction& tx) -> Result<void> {
    auto produced = work(tx);
    if (!produced) return tl::unexpected(produced.error());
    value = std::move(*produced);
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return std::move(*value);
}
}  // namespace detail

// Convenience over write()/read() for work that produces a value.
template <class T, class Work>
Result<T> write_returning(Store& store, Work&& work) {
  return detail::returning<T>(
      [&store](const std::function<Result<void>(Transaction&)>& unit) { return store.write(unit); },
      std::forward<Work>(work));
}

template <class T, class Work>
Result<T> read_returning(Store& store, Work&& work) {
  return detail::returning<T>(
      [&store](const std::function<Result<void>(Transaction&)>& unit) { return store.read(unit); },
      std::forward<Work>(work));
}

// Opens the store a URL names:
//   ""                       -> SQLite at <data_dir>/echri.db
//   "sqlite:PATH"            -> SQLite at PATH (":memory:" is refused: the server needs a file)
//   "postgres://..." or "postgresql://..." -> PostgreSQL; an extra query parameter
//                               "schema=NAME" puts every table in that schema (created if absent)
// invalid_input for an unknown scheme, io when the database cannot be opened or migrated,
// not_found when it does not exist and options.create_if_missing is false.
Result<std::unique_ptr<Store>> open_store(std::string_view url,
                                          const std::filesystem::path& data_dir,
                                          StoreOptions options = {});

}  // namespace echri::store
