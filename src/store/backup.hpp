#pragma once
// Logical backups: a backend-neutral dump of every row as JSON Lines, so that a SQLite database
// restores into PostgreSQL and back. The file holds a header (format and schema version), then
// records, counters, documents (base64), the exchange logs' entries (base64) and stored hashes,
// the audit chain and its head, and a trailer with the counts, which tells a complete file from a
// truncated one. Restoring goes into an empty database in one transaction and checks the audit
// chain and the shape of each exchange log before it commits.

#include <cstddef>
#include <filesystem>

#include "core/result.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"

namespace echri::store {

// 2: audit records carry token_id and format. 3: the exchange logs (schema 3). Files of versions
// 1 and 2 still restore, with no exchange log rows.
inline constexpr int kBackupFormatVersion = 3;

struct BackupSummary {
  int schema_version = 0;
  std::size_t records = 0;
  std::size_t counters = 0;
  std::size_t documents = 0;
  std::size_t audit_records = 0;
  std::size_t log_entries = 0;  // rows of every exchange log together
  std::size_t log_hashes = 0;
};

// Writes one consistent snapshot of `store` to `file` (mode 0600: it holds everything), through a
// temporary sibling that is synced and renamed, so `file` is either the old one or complete.
Result<BackupSummary> backup_store(Store& store, const std::filesystem::path& file);

struct RestoreSummary {
  BackupSummary restored;
  AuditVerification audit;  // verify_audit's checks on the restored rows, before the commit
};

// conflict when `store` is not empty; invalid_input (with file:line) for a malformed, truncated
// or newer-format file, or one whose audit chain does not verify or whose records or documents
// do not match it, or with an exchange log whose entries are not in order from 0 or whose stored
// hashes are not as many as its entries need (naming the log); nothing is written then.
Result<RestoreSummary> restore_store(Store& store, const std::filesystem::path& file);

}  // namespace echri::store
