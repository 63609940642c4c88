#pragma once
// Raw row access for backup, restore and verification, implemented by the store beside Store.
// Private to store/. Unlike Transaction, nothing here assigns versions, times or hashes: a dump
// reads rows exactly as stored and a load writes them back exactly, so a backup moves between
// backends unchanged and its audit chain still verifies.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"

namespace echri::store {

struct Counter {
  std::string name;
  std::int64_t value = 0;
};

struct StoredDocument {
  Document document;
  std::string created_at;
};

// One row of an exchange log's entries (entry: the bytes) or of its stored hashes (hash: the
// lower-case hex of a SHA-256), keyed by (log, idx).
struct LogEntryRow {
  std::string log;
  std::int64_t idx = 0;
  std::string entry;
};

struct LogHashRow {
  std::string log;
  std::int64_t idx = 0;
  std::string hash;
};

// The newest audit record of one subject: what its record must match.
struct SubjectDigest {
  std::string kind;
  std::string id;
  std::int64_t sequence = 0;
  std::string after_digest;
};

// Reads inside one snapshot, in key order, a page at a time ("after" the given key; "" or 0 for
// the start, and ("", -1) for the exchange logs, whose indexes start at 0).
class DumpReader {
 public:
  virtual ~DumpReader() = default;
  DumpReader() = default;
  DumpReader(const DumpReader&) = delete;
  DumpReader& operator=(const DumpReader&) = delete;

  virtual Result<std::vector<Record>> records_after(std::string_view kind, std::string_view id,
                                                    std::size_t limit) = 0;
  virtual Result<std::vector<Counter>> counters() = 0;
  virtual Result<std::vector<StoredDocument>> documents_after(std::string_view sha256,
                                                              std::size_t limit) = 0;
  virtual Result<std::vector<AuditRecord>> audit_after(std::int64_t sequence,
                                                       std::size_t limit) = 0;
  virtual Result<AuditHead> head() = 0;
  virtual Result<std::vector<LogEntryRow>> log_entries_after(std::string_view log, std::int64_t idx,
                                                             std::size_t limit) = 0;
  virtual Result<std::vector<LogHashRow>> log_hashes_after(std::string_view log, std::int64_t idx,
                                                           std::size_t limit) = 0;
  // The newest audit record of each subject after (kind, id), in (kind, id) order, among the
  // records up to `last_sequence` (sequence 0 and no digest for a subject that has none there).
  virtual Result<std::vector<SubjectDigest>> newest_audit_after(std::string_view kind,
                                                                std::string_view id,
                                                                std::int64_t last_sequence,
                                                                std::size_t limit) = 0;
};

// Writes inside one transaction, which reader() reads too.
class DumpWriter {
 public:
  virtual ~DumpWriter() = default;
  DumpWriter() = default;
  DumpWriter(const DumpWriter&) = delete;
  DumpWriter& operator=(const DumpWriter&) = delete;

  // True when there are no records, counters, documents, audit records or exchange log rows.
  virtual Result<bool> empty() = 0;
  virtual Result<void> put_record(const Record& record) = 0;
  virtual Result<void> put_counter(const Counter& counter) = 0;
  virtual Result<void> put_document(const StoredDocument& document) = 0;
  virtual Result<void> put_audit(const AuditRecord& record) = 0;
  virtual Result<void> set_head(const AuditHead& head) = 0;
  // invalid_input for an empty log name, a negative index or (hashes) anything but 64 lower-case
  // hex digits; conflict when the row exists. Whether a log's rows are complete is the loader's
  // check: one row cannot tell.
  virtual Result<void> put_log_entry(const LogEntryRow& row) = 0;
  virtual Result<void> put_log_hash(const LogHashRow& row) = 0;
  virtual DumpReader& reader() = 0;
};

// The store implements this; backup.cpp and verify_audit reach it with dynamic_cast from a Store.
class Dumpable {
 public:
  virtual ~Dumpable() = default;
  Dumpable() = default;
  Dumpable(const Dumpable&) = delete;
  Dumpable& operator=(const Dumpable&) = delete;

  virtual Result<void> read_dump(const std::function<Result<void>(DumpReader&)>& work) = 0;
  // Commits only when `work` returns a value.
  virtual Result<void> write_dump(const std::function<Result<void>(DumpWriter&)>& work) = 0;
};

// verify_audit's work over one snapshot (audit_chain.cpp); restore runs it inside its own
// transaction, before committing.
Result<AuditVerification> verify_snapshot(DumpReader& reader, const VerifyOptions& options);

}  // namespace echri::store
