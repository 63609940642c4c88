// The one implementation of the store over a driver: records, versions, counters, documents, the
// audit append and its binding to records, audit reads, migrations and the raw access of backups.
// The SQL here is what SQLite and PostgreSQL both accept (driver.hpp); the drivers hold the rest.

#include "store/internal/sql_store.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/digest.hpp"
#include "core/file_io.hpp"
#include "store/audit_chain.hpp"
#include "store/internal/dump.hpp"
#include "store/migrations.hpp"

namespace echri::store::internal {
namespace {

using Clock = std::function<std::string()>;

#define ECHRI_RECORD_COLUMNS \
  "kind, id, organisation, parent, state, risk, body, version, created_at, updated_at"
#define ECHRI_AUDIT_COLUMNS                                                                \
  "sequence, at, actor, role, token_id, action, subject_kind, subject_id, before_digest, " \
  "after_digest, detail, previous_hash, hash, format"

constexpr std::string_view kSelectRecords = "SELECT " ECHRI_RECORD_COLUMNS " FROM records";
constexpr std::string_view kSelectRecord =
    "SELECT " ECHRI_RECORD_COLUMNS " FROM records WHERE kind = ?1 AND id = ?2";
constexpr std::string_view kInsertRecord =
    "INSERT INTO records (" ECHRI_RECORD_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (kind, id) DO NOTHING";
constexpr std::string_view kUpdateRecord =
    "UPDATE records SET organisation = ?3, parent = ?4, state = ?5, risk = ?6, body = ?7, "
    "version = version + 1, updated_at = ?8 WHERE kind = ?1 AND id = ?2 AND version = ?9 "
    "RETURNING version, created_at";
constexpr std::string_view kRecordVersion =
    "SELECT version FROM records WHERE kind = ?1 AND id = ?2";
constexpr std::string_view kRecordsAfter = "SELECT " ECHRI_RECORD_COLUMNS
                                           " FROM records WHERE (kind, id) > (?1, ?2) "
                                           "ORDER BY kind, id LIMIT ?3";
constexpr std::string_view kNextNumber =
    "INSERT INTO counters (name, value) VALUES (?1, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value";
constexpr std::string_view kPutCounter = "INSERT INTO counters (name, value) VALUES (?1, ?2)";
constexpr std::string_view kCounters = "SELECT name, value FROM counters ORDER BY name";
// The append: inserted only when it follows the record the head names (one statement, which in
// PostgreSQL's READ COMMITTED sees what the writer before committed) and its sequence is free,
// so a chain that does not end at its head is never extended.
constexpr std::string_view kAppendAudit =
    "INSERT INTO audit (" ECHRI_AUDIT_COLUMNS
    ") SELECT CAST(?1 AS BIGINT), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "CAST(?14 AS INTEGER) WHERE (CAST(?1 AS BIGINT) = 1 AND ?12 = "
    "'0000000000000000000000000000000000000000000000000000000000000000') OR EXISTS (SELECT 1 "
    "FROM audit p WHERE p.sequence = CAST(?1 AS BIGINT) - 1 AND p.hash = ?12) "
    "ON CONFLICT (sequence) DO NOTHING";
// A backup's rows, as they were (the loader checks the chain).
constexpr std::string_view kPutAudit =
    "INSERT INTO audit (" ECHRI_AUDIT_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
    "ON CONFLICT (sequence) DO NOTHING";
// The newest audit record of one subject up to a sequence.
constexpr std::string_view kNewestUpTo =
    "SELECT sequence, after_digest FROM audit WHERE subject_kind = ?1 AND subject_id = ?2 AND "
    "sequence <= ?3 ORDER BY sequence DESC LIMIT 1";
// Why an append was refused: the hash of the record the head names, and the last sequence.
constexpr std::string_view kChainEnd =
    "SELECT COALESCE((SELECT hash FROM audit WHERE sequence = ?1), ''), "
    "COALESCE((SELECT MAX(sequence) FROM audit), 0)";
constexpr std::string_view kAuditAfter = "SELECT " ECHRI_AUDIT_COLUMNS
                                         " FROM audit WHERE sequence > ?1 "
                                         "ORDER BY sequence LIMIT ?2";
constexpr std::string_view kAuditAbout = "SELECT " ECHRI_AUDIT_COLUMNS
                                         " FROM audit WHERE subject_kind = ?1 AND subject_id = ?2 "
                                         "ORDER BY sequence";
constexpr std::string_view kReadHead = "SELECT sequence, hash FROM audit_head WHERE id = 1";
constexpr std::string_view kWriteHead =
    "UPDATE audit_head SET sequence = ?1, hash = ?2 WHERE id = 1";
constexpr std::string_view kInsertDocument =
    "INSERT INTO documents (sha256, content_type, size, content, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256) DO NOTHING";
constexpr std::string_view kSelectDocument =
    "SELECT sha256, content_type, content FROM documents WHERE sha256 = ?1";
constexpr std::string_view kDocumentsAfter =
    "SELECT sha256, content_type, content, created_at FROM documents WHERE sha256 > ?1 "
    "ORDER BY sha256 LIMIT ?2";
constexpr std::string_view kEmpty =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM counters) OR "
    "EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM audit) OR "
    "EXISTS (SELECT 1 FROM exchange_entries) OR EXISTS (SELECT 1 FROM exchange_hashes) OR "
    "(SELECT sequence FROM audit_head WHERE id = 1) <> 0 THEN 0 ELSE 1 END";
constexpr std::string_view kLogEntryCount =
    "SELECT COALESCE(MAX(idx) + 1, 0) FROM exchange_entries WHERE log = ?1";
constexpr std::string_view kLogHashCount =
    "SELECT COALESCE(MAX(idx) + 1, 0) FROM exchange_hashes WHERE log = ?1";
constexpr std::string_view kAppendLogEntry =
    "INSERT INTO exchange_entries (log, idx, entry) VALUES (?1, ?2, ?3)";
constexpr std::string_view kAppendLogHash =
    "INSERT INTO exchange_hashes (log, idx, hash) VALUES (?1, ?2, ?3)";
constexpr std::string_view kLogEntries =
    "SELECT entry FROM exchange_entries WHERE log = ?1 AND idx >= ?2 AND idx < ?3 ORDER BY idx";
constexpr std::string_view kLogEntriesAfter =
    "SELECT log, idx, entry FROM exchange_entries WHERE (log, idx) > (?1, ?2) "
    "ORDER BY log, idx LIMIT ?3";
constexpr std::string_view kLogHashesAfter =
    "SELECT log, idx, hash FROM exchange_hashes WHERE (log, idx) > (?1, ?2) "
    "ORDER BY log, idx LIMIT ?3";
// A backup's rows; a row already there is reported rather than failing on the key.
constexpr std::string_view kPutLogEntry =
    "INSERT INTO exchange_entries (log, idx, entry) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (log, idx) DO NOTHING";
constexpr std::string_view kPutLogHash =
    "INSERT INTO exchange_hashes (log, idx, hash) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (log, idx) DO NOTHING";
constexpr std::string_view kSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kRecordMigration =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)";

#undef ECHRI_RECORD_COLUMNS
#undef ECHRI_AUDIT_COLUMNS

Record record_from(const Row& row) {
  Record record;
  record.kind = row.text(0);
  record.id = row.text(1);
  record.organisation = row.text(2);
  record.parent = row.text(3);
  record.state = row.text(4);
  record.risk = row.real(5);
  record.body = row.text(6);
  record.version = row.integer(7);
  record.created_at = row.text(8);
  record.updated_at = row.text(9);
  return record;
}

AuditRecord audit_from(const Row& row) {
  AuditRecord record;
  record.sequence = row.integer(0);
  record.at = row.text(1);
  record.draft.actor = row.text(2);
  record.draft.role = row.text(3);
  record.draft.token_id = row.text(4);
  record.draft.action = row.text(5);
  record.draft.subject_kind = row.text(6);
  record.draft.subject_id = row.text(7);
  record.draft.before_digest = row.text(8);
  record.draft.after_digest = row.text(9);
  record.draft.detail = row.text(10);
  record.previous_hash = row.text(11);
  record.hash = row.text(12);
  record.format = static_cast<int>(row.integer(13));
  return record;
}

std::int64_t count_of(std::size_t value) {
  return static_cast<std::int64_t>(value);
}

// invalid_input unless kind is [a-z_]+ and id is not empty.
Result<void> check_key(std::string_view kind, std::string_view id) {
  const bool kind_ok = !kind.empty() && std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
  if (!kind_ok)
    return fail(ErrorKind::invalid_input, "record kind '" + std::string(kind) + "' is not [a-z_]+",
                "kind");
  if (id.empty()) return fail(ErrorKind::invalid_input, "record id is empty", "id");
  return {};
}

// invalid_input unless the document's sha256 is the SHA-256 of its content.
Result<void> check_document(const Document& document) {
  if (core::sha256_hex(document.content) != document.sha256)
    return fail(ErrorKind::invalid_input,
                "document sha256 '" + document.sha256 + "' is not the SHA-256 of its content",
                "sha256");
  return {};
}

// invalid_input for a key append_log never writes (only a backup's rows come here): the extent,
// read as the largest index + 1, would not count a negative one. No `where`, so that restore
// names the file and line.
Result<void> check_log_row(std::string_view log, std::int64_t idx) {
  if (log.empty()) return fail(ErrorKind::invalid_input, "exchange log name is empty");
  if (idx < 0)
    return fail(ErrorKind::invalid_input, "exchange log '" + std::string(log) + "' index " +
                                              std::to_string(idx) + " is negative");
  return {};
}

// The WHERE ... ORDER BY ... of a list query, and its parameters in order (?1, ?2...).
struct ListSql {
  std::string where;
  std::string order_by;
  std::vector<std::string_view> parameters;
};

ListSql list_sql(const RecordQuery& query) {
  ListSql sql;
  auto bind = [&](std::string_view value) {
    sql.parameters.push_back(value);
    return "?" + std::to_string(sql.parameters.size());
  };
  sql.where = " WHERE kind = " + bind(query.kind);
  if (query.organisation) sql.where += " AND organisation = " + bind(*query.organisation);
  if (query.parent) sql.where += " AND parent = " + bind(*query.parent);
  if (!query.states.empty()) {
    sql.where += " AND state IN (";
    for (std::size_t i = 0; i < query.states.size(); ++i)
      sql.where += (i == 0 ? "" : ", ") + bind(query.states[i]);
    sql.where += ")";
  }
  switch (query.order) {
    case RecordOrder::created:
      sql.order_by = " ORDER BY created_at ASC, id ASC";
      break;
    case RecordOrder::newest:
      sql.order_by = " ORDER BY created_at DESC, id ASC";
      break;
    case RecordOrder::risk_then_age:
      sql.order_by = " ORDER BY risk DESC, created_at ASC, id ASC";
      break;
  }
  return sql;
}

// What a unit of work knows about one record it touched.
struct Subject {
  bool known = false;                 // `current` is what the database holds now
  std::optional<Record> current;      // absent: no such record
  std::optional<std::string> digest;  // record_digest(*current), once computed
  // Written since its last audit record: its digest before that first write ("" when created).
  std::optional<std::string> unaudited_before;

  const std::string& current_digest() {
    if (!digest) digest = current ? record_digest(*current) : std::string();
    return *digest;
  }
  void set(std::optional<Record> record) {
    known = true;
    current = std::move(record);
    digest.reset();
  }
};

// One unit of work on one session; also the raw row access of backups and verification.
class SqlTransaction final : public Transaction, public DumpReader, public DumpWriter {
 public:
  SqlTransaction(Session& session, const Statements& statements, const Clock& clock, Access access)
      : s_(session), sql_(statements), clock_(clock), writable_(access != Access::read) {}

  // The first statement of a write: the head (which PostgreSQL locks here).
  Result<void> begin() {
    return catch_failure([&]() -> Result<void> {
      bool found = false;
      s_.run(sql_.head_for_write, {}, [&](const Row& row) {
        found = true;
        head_ = AuditHead{row.integer(0), row.text(1)};
      });
      if (!found) raise(ErrorKind::internal, "the audit head row is missing");
      return {};
    });
  }

  // Before the commit: every record written has its audit record, and the head is stored.
  Result<void> finish() {
    return catch_failure([&]() -> Result<void> {
      for (const auto& [key, touched] : subjects_)
        if (touched.unaudited_before)
          raise(ErrorKind::internal,
                "record " + key +
                    " was written without an audit record: every write appends one "
                    "(Transaction::append_audit) after it, in the same unit of work");
      if (head_dirty_) s_.run(kWriteHead, {head_.sequence, std::string_view(head_.hash)});
      head_dirty_ = false;
      return {};
    });
  }

  // ---- Transaction ----

  Result<std::optional<Record>> find(std::string_view kind, std::string_view id) override {
    return catch_failure([&]() -> Result<std::optional<Record>> {
      auto found = select_record(kind, id);
      // A writer remembers what it read: an update of that version needs no second read for the
      // audit record's before_digest.
      if (writable_) subject(kind, id).set(found);
      return found;
    });
  }

  Result<Record> insert(Record record) override {
    return catch_failure([&]() -> Result<Record> {
      check_writable();
      ECHRI_TRY(check_key(record.kind, record.id));
      record.version = 1;
      record.created_at = clock_();
      record.updated_at = record.created_at;
      if (insert_record(record) == 0)
        return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' already exists");
      auto& written = subject(record.kind, record.id);
      if (!written.unaudited_before) written.unaudited_before = std::string();
      written.set(record);
      return record;
    });
  }

  Result<Record> update(Record record, std::int64_t expected_version) override {
    return catch_failure([&]() -> Result<Record> {
      check_writable();
      ECHRI_TRY(check_key(record.kind, record.id));
      auto& written = subject(record.kind, record.id);
      if (!written.known) written.set(select_record(record.kind, record.id));
      if (!written.current)
        return fail(ErrorKind::not_found, "no " + record.kind + " '" + record.id + "'");
      if (written.current->version != expected_version)
        return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' is at version " +
                                             std::to_string(written.current->version) + ", not " +
                                             std::to_string(expected_version));
      const std::string before = written.current_digest();
      record.updated_at = clock_();
      bool updated = false;
      s_.run(kUpdateRecord,
             {std::string_view(record.kind), std::string_view(record.id),
              std::string_view(record.organisation), std::string_view(record.parent),
              std::string_view(record.state), record.risk, std::string_view(record.body),
              std::string_view(record.updated_at), expected_version},
             [&](const Row& row) {
               updated = true;
               record.version = row.integer(0);
               record.created_at = row.text(1);
             });
      // Writers are serialised, so what this unit read is current; a change behind its back
      // (outside the store) is reported like any other conflict.
      if (!updated) {
        written.known = false;
        return missed_update(record, expected_version);
      }
      if (!written.unaudited_before) written.unaudited_before = before;
      written.set(record);
      return record;
    });
  }

  Result<RecordPage> list(const RecordQuery& query) override {
    return catch_failure([&]() -> Result<RecordPage> {
      const auto sql = list_sql(query);
      const auto count = sql.parameters.size();
      std::vector<Param> parameters(sql.parameters.begin(), sql.parameters.end());
      RecordPage page;
      s_.run("SELECT COUNT(*) FROM records" + sql.where, parameters,
             [&](const Row& row) { page.total = static_cast<std::size_t>(row.integer(0)); });
      parameters.emplace_back(count_of(query.limit));
      parameters.emplace_back(count_of(query.offset));
      s_.run(std::string(kSelectRecords) + sql.where + sql.order_by + " LIMIT ?" +
                 std::to_string(count + 1) + " OFFSET ?" + std::to_string(count + 2),
             parameters, [&](const Row& row) { page.records.push_back(record_from(row)); });
      return page;
    });
  }

  Result<std::int64_t> next_number(std::string_view counter) override {
    return catch_failure([&]() -> Result<std::int64_t> {
      check_writable();
      if (counter.empty()) return fail(ErrorKind::invalid_input, "counter name is empty");
      std::int64_t value = 0;
      s_.run(kNextNumber, {counter}, [&](const Row& row) { value = row.integer(0); });
      return value;
    });
  }

  Result<AuditRecord> append_audit(const AuditDraft& draft) override {
    return catch_failure([&]() -> Result<AuditRecord> {
      check_writable();
      AuditRecord record;
      record.sequence = head_.sequence + 1;
      record.at = clock_();
      record.draft = draft;
      record.format = kAuditFormat;
      record.previous_hash = head_.hash;
      auto& described = subject(draft.subject_kind, draft.subject_id);
      // Nothing written or read: the audit record attests the record as it stands.
      if (!described.known) described.set(select_record(draft.subject_kind, draft.subject_id));
      record.draft.after_digest = described.current_digest();
      record.draft.before_digest = described.unaudited_before.value_or(record.draft.after_digest);
      described.unaudited_before.reset();
      record.hash = record_hash(record);
      if (insert_audit(kAppendAudit, record) == 0) refuse_append();
      head_ = AuditHead{record.sequence, record.hash};
      head_dirty_ = true;
      return record;
    });
  }

  Result<void> put_document(const Document& document) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      ECHRI_TRY(check_document(document));
      insert_document(document, clock_());
      return {};
    });
  }

  Result<std::optional<Document>> document(std::string_view sha256) override {
    return catch_failure([&]() -> Result<std::optional<Document>> {
      std::optional<Document> found;
      s_.run(kSelectDocument, {sha256}, [&](const Row& row) {
        found = Document{row.text(0), row.text(1), row.blob(2)};
      });
      return found;
    });
  }

  Result<std::vector<AuditRecord>> audit_about(std::string_view kind,
                                               std::string_view id) override {
    return catch_failure([&]() -> Result<std::vector<AuditRecord>> {
      std::vector<AuditRecord> records;
      s_.run(kAuditAbout, {kind, id}, [&](const Row& row) { records.push_back(audit_from(row)); });
      return records;
    });
  }

  Result<LogExtent> log_extent(std::string_view log) override {
    return catch_failure([&]() -> Result<LogExtent> { return extent_of(log); });
  }

  Result<void> append_log(const LogAppend& append) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      const auto extent = extent_of(append.log);
      if (extent != append.at)
        return fail(ErrorKind::conflict, "exchange log '" + std::string(append.log) + "' holds " +
                                             std::to_string(extent.entries) + " entries and " +
                                             std::to_string(extent.hashes) + " hashes, not " +
                                             std::to_string(append.at.entries) + " and " +
                                             std::to_string(append.at.hashes));
      auto index = static_cast<std::int64_t>(append.at.entries);
      for (const auto& entry : append.entries)
        s_.run(kAppendLogEntry, {append.log, index++, Blob{entry}});
      index = static_cast<std::int64_t>(append.at.hashes);
      for (const auto& hash : append.hashes) {
        const auto hex = core::to_hex(hash.data(), hash.size());
        s_.run(kAppendLogHash, {append.log, index++, std::string_view(hex)});
      }
      return {};
    });
  }

  Result<std::vector<std::string>> log_entries(std::string_view log, std::uint64_t first,
                                               std::size_t count) override {
    return catch_failure([&]() -> Result<std::vector<std::string>> {
      std::vector<std::string> entries;
      entries.reserve(std::min<std::size_t>(count, 4096));
      s_.run(kLogEntries,
             {log, static_cast<std::int64_t>(first), static_cast<std::int64_t>(first + count)},
             [&](const Row& row) { entries.push_back(row.blob(0)); });
      return entries;
    });
  }

  Result<std::vector<core::Sha256Digest>> log_hashes(
      std::string_view log, std::span<const std::uint64_t> indexes) override {
    return catch_failure([&]() -> Result<std::vector<core::Sha256Digest>> {
      std::string list = "[";
      for (const auto index : indexes) {
        if (list.size() > 1) list += ',';
        list += std::to_string(index);
      }
      list += ']';
      std::unordered_map<std::uint64_t, core::Sha256Digest> found;
      found.reserve(indexes.size());
      s_.run(sql_.log_hashes_at, {log, std::string_view(list)}, [&](const Row& row) {
        const auto hash = core::sha256_from_hex(row.text(1));
        // Not a digest at all: the table was written outside the store (an altered but
        // well-formed hash is caught by the Merkle checks instead).
        if (!hash)
          raise(ErrorKind::internal, "exchange log '" + std::string(log) + "' hash " +
                                         std::to_string(row.integer(0)) + " is not a SHA-256");
        found.emplace(static_cast<std::uint64_t>(row.integer(0)), *hash);
      });
      std::vector<core::Sha256Digest> hashes;
      hashes.reserve(indexes.size());
      for (const auto index : indexes) {
        const auto hit = found.find(index);
        if (hit == found.end())
          return fail(ErrorKind::not_found, "exchange log '" + std::string(log) +
                                                "' has no stored hash " + std::to_string(index));
        hashes.push_back(hit->second);
      }
      return hashes;
    });
  }

  // ---- DumpReader ----

  Result<std::vector<Record>> records_after(std::string_view kind, std::string_view id,
                                            std::size_t limit) override {
    return catch_failure([&]() -> Result<std::vector<Record>> {
      std::vector<Record> records;
      s_.run(kRecordsAfter, {kind, id, count_of(limit)},
             [&](const Row& row) { records.push_back(record_from(row)); });
      return records;
    });
  }

  Result<std::vector<Counter>> counters() override {
    return catch_failure([&]() -> Result<std::vector<Counter>> {
      std::vector<Counter> all;
      s_.run(kCounters, {}, [&](const Row& row) { all.push_back({row.text(0), row.integer(1)}); });
      return all;
    });
  }

  Result<std::vector<StoredDocument>> documents_after(std::string_view sha256,
                                                      std::size_t limit) override {
    return catch_failure([&]() -> Result<std::vector<StoredDocument>> {
      std::vector<StoredDocument> documents;
      s_.run(kDocumentsAfter, {sha256, count_of(limit)}, [&](const Row& row) {
        documents.push_back({Document{row.text(0), row.text(1), row.blob(2)}, row.text(3)});
      });
      return documents;
    });
  }

  Result<std::vector<AuditRecord>> audit_after(std::int64_t sequence, std::size_t limit) override {
    return catch_failure([&]() -> Result<std::vector<AuditRecord>> {
      std::vector<AuditRecord> records;
      records.reserve(std::min<std::size_t>(limit, 4096));
      s_.run(kAuditAfter, {sequence, count_of(limit)},
             [&](const Row& row) { records.push_back(audit_from(row)); });
      return records;
    });
  }

  Result<AuditHead> head() override {
    return catch_failure([&]() -> Result<AuditHead> {
      if (head_dirty_) return head_;
      std::optional<AuditHead> stored;
      s_.run(kReadHead, {}, [&](const Row& row) {
        stored = AuditHead{row.integer(0), row.text(1)};
      });
      if (!stored) raise(ErrorKind::internal, "the audit head row is missing");
      return *stored;
    });
  }

  Result<std::vector<SubjectDigest>> newest_audit_after(std::string_view kind, std::string_view id,
                                                        std::int64_t last_sequence,
                                                        std::size_t limit) override {
    return catch_failure([&]() -> Result<std::vector<SubjectDigest>> {
      std::vector<SubjectDigest> subjects;
      s_.run(sql_.newest_audit_per_subject, {kind, id, count_of(limit)}, [&](const Row& row) {
        subjects.push_back({row.text(0), row.text(1), row.integer(2), row.text(3)});
      });
      // A subject whose newest audit record lies after `last_sequence` (records added after the
      // head; only a tampered chain has them): its newest one up to there, or sequence 0 when
      // there is none.
      for (auto& subject : subjects) {
        if (subject.sequence <= last_sequence) continue;
        SubjectDigest earlier{subject.kind, subject.id, 0, ""};
        s_.run(kNewestUpTo,
               {std::string_view(subject.kind), std::string_view(subject.id), last_sequence},
               [&](const Row& row) {
                 earlier.sequence = row.integer(0);
                 earlier.after_digest = row.text(1);
               });
        subject = std::move(earlier);
      }
      return subjects;
    });
  }

  Result<std::vector<LogEntryRow>> log_entries_after(std::string_view log, std::int64_t idx,
                                                     std::size_t limit) override {
    return catch_failure([&]() -> Result<std::vector<LogEntryRow>> {
      std::vector<LogEntryRow> rows;
      s_.run(kLogEntriesAfter, {log, idx, count_of(limit)}, [&](const Row& row) {
        rows.push_back({row.text(0), row.integer(1), row.blob(2)});
      });
      return rows;
    });
  }

  Result<std::vector<LogHashRow>> log_hashes_after(std::string_view log, std::int64_t idx,
                                                   std::size_t limit) override {
    return catch_failure([&]() -> Result<std::vector<LogHashRow>> {
      std::vector<LogHashRow> rows;
      s_.run(kLogHashesAfter, {log, idx, count_of(limit)}, [&](const Row& row) {
        rows.push_back({row.text(0), row.integer(1), row.text(2)});
      });
      return rows;
    });
  }

  // ---- DumpWriter ----

  Result<bool> empty() override {
    return catch_failure([&]() -> Result<bool> {
      bool nothing = false;
      s_.run(kEmpty, {}, [&](const Row& row) { nothing = row.integer(0) == 1; });
      return nothing;
    });
  }

  Result<void> put_record(const Record& record) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      ECHRI_TRY(check_key(record.kind, record.id));
      if (insert_record(record) == 0)
        return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' appears twice");
      return {};
    });
  }

  Result<void> put_counter(const Counter& counter) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      s_.run(kPutCounter, {std::string_view(counter.name), counter.value});
      return {};
    });
  }

  Result<void> put_document(const StoredDocument& stored) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      ECHRI_TRY(check_document(stored.document));
      if (insert_document(stored.document, stored.created_at) == 0)
        return fail(ErrorKind::conflict, "document " + stored.document.sha256 + " appears twice");
      return {};
    });
  }

  Result<void> put_audit(const AuditRecord& record) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      if (insert_audit(kPutAudit, record) == 0)
        return fail(ErrorKind::conflict,
                    "audit record " + std::to_string(record.sequence) + " appears twice");
      return {};
    });
  }

  Result<void> set_head(const AuditHead& head) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      s_.run(kWriteHead, {head.sequence, std::string_view(head.hash)});
      return {};
    });
  }

  Result<void> put_log_entry(const LogEntryRow& row) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      ECHRI_TRY(check_log_row(row.log, row.idx));
      if (s_.run(kPutLogEntry, {std::string_view(row.log), row.idx, Blob{row.entry}}) == 0)
        return fail(ErrorKind::conflict, "exchange log '" + row.log + "' entry " +
                                             std::to_string(row.idx) + " appears twice");
      return {};
    });
  }

  Result<void> put_log_hash(const LogHashRow& row) override {
    return catch_failure([&]() -> Result<void> {
      check_writable();
      ECHRI_TRY(check_log_row(row.log, row.idx));
      // log_hashes reads them back as digests and fails on anything else.
      if (!core::sha256_from_hex(row.hash))
        return fail(ErrorKind::invalid_input, "exchange log '" + row.log + "' hash " +
                                                  std::to_string(row.idx) +
                                                  " is not 64 lower-case hex digits");
      if (s_.run(kPutLogHash, {std::string_view(row.log), row.idx, std::string_view(row.hash)}) ==
          0)
        return fail(ErrorKind::conflict, "exchange log '" + row.log + "' hash " +
                                             std::to_string(row.idx) + " appears twice");
      return {};
    });
  }

  DumpReader& reader() override { return *this; }

 private:
  void check_writable() const {
    if (!writable_) raise(ErrorKind::internal, "a write inside a read-only transaction");
  }

  LogExtent extent_of(std::string_view log) {
    LogExtent extent;
    s_.run(kLogEntryCount, {log},
           [&](const Row& row) { extent.entries = static_cast<std::uint64_t>(row.integer(0)); });
    s_.run(kLogHashCount, {log},
           [&](const Row& row) { extent.hashes = static_cast<std::uint64_t>(row.integer(0)); });
    return extent;
  }

  Subject& subject(std::string_view kind, std::string_view id) {
    std::string key;
    key.reserve(kind.size() + id.size() + 3);
    key.append(kind).append(" '").append(id).append("'");
    return subjects_[key];
  }

  std::optional<Record> select_record(std::string_view kind, std::string_view id) {
    std::optional<Record> found;
    s_.run(kSelectRecord, {kind, id}, [&](const Row& row) { found = record_from(row); });
    return found;
  }

  Result<Record> missed_update(const Record& record, std::int64_t expected_version) {
    std::optional<std::int64_t> version;
    s_.run(kRecordVersion, {std::string_view(record.kind), std::string_view(record.id)},
           [&](const Row& row) { version = row.integer(0); });
    if (!version) return fail(ErrorKind::not_found, "no " + record.kind + " '" + record.id + "'");
    return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' is at version " +
                                         std::to_string(*version) + ", not " +
                                         std::to_string(expected_version));
  }

  std::size_t insert_record(const Record& record) {
    return s_.run(
        kInsertRecord,
        {std::string_view(record.kind), std::string_view(record.id),
         std::string_view(record.organisation), std::string_view(record.parent),
         std::string_view(record.state), record.risk, std::string_view(record.body), record.version,
         std::string_view(record.created_at), std::string_view(record.updated_at)});
  }

  // The chain does not end at its head: something was added or changed outside the store. No
  // path or SQL in the message (the HTTP API answers it as a bare 500 and logs it).
  [[noreturn]] void refuse_append() {
    std::string head_record_hash;
    std::int64_t last = 0;
    s_.run(kChainEnd, {head_.sequence}, [&](const Row& row) {
      head_record_hash = row.text(0);
      last = row.integer(1);
    });
    const auto named = "record " + std::to_string(head_.sequence);
    std::string why;
    if (last > head_.sequence)
      why = "record " + std::to_string(head_.sequence + 1) +
            " exists after the head, which names " + named;
    else if (head_.sequence > 0 && head_record_hash.empty())
      why = named + ", which the head names, is missing";
    else
      why = "the head does not match " + named;
    raise(ErrorKind::internal,
          "the audit chain does not end at its head (" + why +
              "): it was changed outside the store, and no change is recorded until it is "
              "repaired; `echri audit verify` names what is wrong");
  }

  std::size_t insert_audit(std::string_view sql, const AuditRecord& record) {
    const auto& draft = record.draft;
    return s_.run(sql, {record.sequence, std::string_view(record.at), std::string_view(draft.actor),
                        std::string_view(draft.role), std::string_view(draft.token_id),
                        std::string_view(draft.action), std::string_view(draft.subject_kind),
                        std::string_view(draft.subject_id), std::string_view(draft.before_digest),
                        std::string_view(draft.after_digest), std::string_view(draft.detail),
                        std::string_view(record.previous_hash), std::string_view(record.hash),
                        std::int64_t{record.format}});
  }

  std::size_t insert_document(const Document& document, const std::string& created_at) {
    return s_.run(
        kInsertDocument,
        {std::string_view(document.sha256), std::string_view(document.content_type),
         count_of(document.content.size()), Blob{document.content}, std::string_view(created_at)});
  }

  Session& s_;
  const Statements& sql_;
  const Clock& clock_;
  bool writable_;
  AuditHead head_;
  bool head_dirty_ = false;
  std::unordered_map<std::string, Subject> subjects_;
};

class SqlStore final : public Store, public Dumpable {
 public:
  SqlStore(std::unique_ptr<Driver> driver, StoreOptions options)
      : driver_(std::move(driver)),
        clock_(options.clock ? std::move(options.clock) : [] { return core::utc_timestamp(); }),
        migrate_(options.migrate),
        create_(options.create_if_missing) {}

  Result<void> open() {
    ECHRI_ASSIGN_OR_RETURN(const int version, schema_version());
    if (version == 0 && !create_)
      return fail(ErrorKind::not_found,
                  "no echri database here (a command that only reads never creates one; `echri "
                  "db migrate` creates it)",
                  describe());
    if (migrate_) {
      ECHRI_TRY(migrate());
      return {};
    }
    ECHRI_TRY(pending_migrations(version, describe()));
    return {};
  }

  Result<void> write(const std::function<Result<void>(Transaction&)>& work) override {
    return transact(Access::write, [&](SqlTransaction& tx) { return work(tx); });
  }

  Result<void> read(const std::function<Result<void>(Transaction&)>& work) override {
    return transact(Access::read, [&](SqlTransaction& tx) { return work(tx); });
  }

  Result<void> read_dump(const std::function<Result<void>(DumpReader&)>& work) override {
    return transact(Access::read, [&](SqlTransaction& tx) { return work(tx); });
  }

  Result<void> write_dump(const std::function<Result<void>(DumpWriter&)>& work) override {
    return transact(Access::write, [&](SqlTransaction& tx) { return work(tx); });
  }

  Result<AuditPage> audit_page(std::int64_t first, std::size_t limit) override {
    AuditPage page;
    ECHRI_TRY(transact(Access::read, [&](SqlTransaction& tx) -> Result<void> {
      ECHRI_ASSIGN_OR_RETURN(page.head, tx.head());
      if (limit > 0) {
        ECHRI_ASSIGN_OR_RETURN(page.records, tx.audit_after(first - 1, limit));
      }
      return {};
    }));
    return page;
  }

  Result<int> schema_version() override {
    int version = 0;
    ECHRI_TRY(driver_->transact(Access::read, [&](Session& session) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        version = current_version(session);
        return {};
      });
    }));
    return version;
  }

  Result<int> migrate() override {
    int applied = 0;
    const auto dialect = driver_->statements().dialect;
    ECHRI_TRY(driver_->transact(Access::schema, [&](Session& session) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        session.run_script(schema_migrations_ddl(dialect));
        ECHRI_ASSIGN_OR_RETURN(const auto pending,
                               pending_migrations(current_version(session), describe()));
        for (const auto* migration : pending) {
          session.run_script(migration_sql(*migration, dialect));
          const auto now = clock_();
          session.run(kRecordMigration, {std::int64_t{migration->version}, std::string_view(now)});
        }
        applied = static_cast<int>(pending.size());
        return {};
      });
    }));
    return applied;
  }

  [[nodiscard]] std::string_view backend() const override { return driver_->backend(); }
  [[nodiscard]] std::string describe() const override { return driver_->describe(); }

 private:
  int current_version(Session& session) const {
    std::int64_t exists = 0;
    session.run(driver_->statements().table_exists, {std::string_view("schema_migrations")},
                [&](const Row& row) { exists = row.integer(0); });
    if (exists == 0) return 0;
    std::int64_t version = 0;
    session.run(kSchemaVersion, {}, [&](const Row& row) { version = row.integer(0); });
    return static_cast<int>(version);
  }

  // A write begins by reading the head (which locks it in PostgreSQL) and ends, before the
  // commit, by checking every write was audited and storing the new head.
  template <class Work>
  Result<void> transact(Access access, Work&& work) {
    return driver_->transact(access, [&](Session& session) -> Result<void> {
      SqlTransaction tx(session, driver_->statements(), clock_, access);
      if (access == Access::write) ECHRI_TRY(tx.begin());
      ECHRI_TRY(work(tx));
      if (access == Access::write) return tx.finish();
      return {};
    });
  }

  std::unique_ptr<Driver> driver_;
  Clock clock_;
  bool migrate_;
  bool create_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sql_store(std::unique_ptr<Driver> driver,
                                              StoreOptions options) {
  auto store = std::make_unique<SqlStore>(std::move(driver), std::move(options));
  ECHRI_TRY(store->open());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace echri::store::internal
