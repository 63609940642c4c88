#pragma once
// Logical backups: a backend-neutral dump of every row as JSON Lines, so that a SQLite database
// restores into PostgreSQL and back. The file holds a header (format and schema version), then
// records, counters, documents (base64), the audit chain and its head, and a trailer with the
// counts, which tells a complete file from a truncated one. Restoring goes into an empty database
// in one transaction and checks the audit chain before it commits.

#include <cstddef>
#include <filesystem>

#include "core/result.hpp"
#include "store/audit_chain.hpp"
#include "store/store.hpp"

namespace echri::store {

// 2: audit records carry token_id and format; version-1 files still restore.
inline constexpr int kBackupFormatVersion = 2;

struct BackupSummary {
  int schema_version = 0;
  std::size_t records = 0;
  std::size_t counters = 0;
  std::size_t documents = 0;
  std::size_t audit_records = 0;
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
// do not match it; nothing is written then.
Result<RestoreSummary> restore_store(Store& store, const std::filesystem::path& file);

}  // namespace echri::store
