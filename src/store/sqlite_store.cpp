#include "store/sqlite_store.hpp"

#include <sqlite3.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/audit_chain.hpp"
#include "store/dump.hpp"
#include "store/migrations.hpp"
#include "store/store_common.hpp"

namespace echri::store {
namespace {

// A writer waits this long for another process's write lock before its attempt fails.
constexpr int kBusyTimeoutMs = 10'000;
constexpr int kWriteAttempts = 5;
// Connections kept open for reuse; more concurrent callers open (and later close) extra ones.
constexpr std::size_t kMaxIdleConnections = 32;

struct DbClose {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using DbHandle = std::unique_ptr<sqlite3, DbClose>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

// Thrown by the helpers below and caught where the store returns a Result. `busy` marks a lock
// timeout, after which the whole unit of work is worth retrying.
struct SqliteFailure {
  Error error;
  bool busy = false;
};

bool is_busy(int code) {
  const int primary = code & 0xFF;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

[[noreturn]] void raise(sqlite3* db, int code, const std::string& path, std::string_view doing) {
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw SqliteFailure{
      Error{ErrorKind::io, "SQLite failed " + std::string(doing) + ": " + message, path},
      is_busy(code)};
}

// A cached prepared statement in use; its cursor and bindings are reset when this goes out of
// scope, so the next user finds it clean.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* statement, const std::string& path)
      : db_(db), statement_(statement), path_(path) {}
  ~Statement() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& text(int index, std::string_view value) {
    check(sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8));
    return *this;
  }
  Statement& integer(int index, std::int64_t value) {
    check(sqlite3_bind_int64(statement_, index, value));
    return *this;
  }
  Statement& real(int index, double value) {
    check(sqlite3_bind_double(statement_, index, value));
    return *this;
  }
  Statement& blob(int index, std::string_view value) {
    check(sqlite3_bind_blob64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT));
    return *this;
  }

  // True when a row is ready, false when the statement is done.
  bool step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    raise(db_, code, path_, "running a statement");
  }
  void run() {
    while (step()) {
    }
  }

  [[nodiscard]] std::string text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
    return bytes == nullptr ? std::string()
                            : std::string(reinterpret_cast<const char*>(bytes), size);
  }
  [[nodiscard]] std::string blob(int column) const {
    const auto* bytes = sqlite3_column_blob(statement_, column);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
    return bytes == nullptr ? std::string() : std::string(static_cast<const char*>(bytes), size);
  }
  [[nodiscard]] std::int64_t integer(int column) const {
    return sqlite3_column_int64(statement_, column);
  }
  [[nodiscard]] double real(int column) const { return sqlite3_column_double(statement_, column); }

 private:
  void check(int code) {
    if (code != SQLITE_OK) raise(db_, code, path_, "binding a parameter");
  }

  sqlite3* db_;
  sqlite3_stmt* statement_;
  const std::string& path_;
};

class Connection {
 public:
  explicit Connection(std::string path) : path_(std::move(path)) {
    sqlite3* raw = nullptr;
    const int code =
        sqlite3_open_v2(path_.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);  // sqlite3_open_v2 hands out a handle even when it fails
    if (code != SQLITE_OK) raise(db_.get(), code, path_, "opening the database");
    sqlite3_extended_result_codes(db_.get(), 1);
    sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
    // WAL lets readers work beside the writer; synchronous=FULL syncs the WAL on every commit,
    // which is what makes an acknowledged write survive power loss.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
  }

  // Prepared once per connection and kept.
  Statement prepare(const std::string& sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end()) {
      sqlite3_stmt* raw = nullptr;
      const int code = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
      StmtHandle statement(raw);
      if (code != SQLITE_OK) raise(db_.get(), code, path_, "preparing a statement");
      found = cache_.emplace(sql, std::move(statement)).first;
    }
    return Statement(db_.get(), found->second.get(), path_);
  }

  // Runs one or more statements without caching them (pragmas, migrations).
  void exec(const std::string& sql) {
    const int code = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) raise(db_.get(), code, path_, "running '" + sql.substr(0, 40) + "'");
  }

  [[nodiscard]] int changes() const { return sqlite3_changes(db_.get()); }
  [[nodiscard]] bool in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
  DbHandle db_;
  std::unordered_map<std::string, StmtHandle> cache_;
};

class Pool {
 public:
  explicit Pool(std::string path) : path_(std::move(path)) {}

  // Returns its connection to the pool unless it was left inside a transaction.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.give_back(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  Lease acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(connection));
      }
    }
    return Lease(*this, std::make_unique<Connection>(path_));
  }

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  void give_back(std::unique_ptr<Connection> connection) {
    if (!connection || connection->in_transaction()) return;
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
  }

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Rolls back an open transaction unless it was committed, also while an exception from the
// caller's work unwinds.
class RollbackGuard {
 public:
  explicit RollbackGuard(Connection& connection) : connection_(connection) {}
  ~RollbackGuard() {
    if (!connection_.in_transaction()) return;
    try {
      connection_.prepare("ROLLBACK").run();
    } catch (const SqliteFailure&) {
      // The pool drops a connection still inside a transaction; nothing else to do here.
    }
  }
  RollbackGuard(const RollbackGuard&) = delete;
  RollbackGuard& operator=(const RollbackGuard&) = delete;

 private:
  Connection& connection_;
};

constexpr std::string_view kRecordColumns =
    "kind, id, organisation, parent, state, risk, body, version, created_at, updated_at";

Record record_from(const Statement& row) {
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

AuditRecord audit_from(const Statement& row) {
  AuditRecord record;
  record.sequence = row.integer(0);
  record.at = row.text(1);
  record.draft.actor = row.text(2);
  record.draft.role = row.text(3);
  record.draft.action = row.text(4);
  record.draft.subject_kind = row.text(5);
  record.draft.subject_id = row.text(6);
  record.draft.before_digest = row.text(7);
  record.draft.after_digest = row.text(8);
  record.draft.detail = row.text(9);
  record.previous_hash = row.text(10);
  record.hash = row.text(11);
  return record;
}

const std::string kSelectRecord =
    "SELECT " + std::string(kRecordColumns) + " FROM records WHERE kind = ?1 AND id = ?2";
const std::string kInsertRecord =
    "INSERT INTO records (" + std::string(kRecordColumns) +
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (kind, id) DO NOTHING";
constexpr std::string_view kAuditColumns =
    "sequence, at, actor, role, action, subject_kind, subject_id, before_digest, after_digest, "
    "detail, previous_hash, hash";
const std::string kInsertAudit = "INSERT INTO audit (" + std::string(kAuditColumns) +
                                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

void bind_record(Statement& statement, const Record& record) {
  statement.text(1, record.kind)
      .text(2, record.id)
      .text(3, record.organisation)
      .text(4, record.parent)
      .text(5, record.state)
      .real(6, record.risk)
      .text(7, record.body)
      .integer(8, record.version)
      .text(9, record.created_at)
      .text(10, record.updated_at);
}

void bind_audit(Statement& statement, const AuditRecord& record) {
  statement.integer(1, record.sequence)
      .text(2, record.at)
      .text(3, record.draft.actor)
      .text(4, record.draft.role)
      .text(5, record.draft.action)
      .text(6, record.draft.subject_kind)
      .text(7, record.draft.subject_id)
      .text(8, record.draft.before_digest)
      .text(9, record.draft.after_digest)
      .text(10, record.draft.detail)
      .text(11, record.previous_hash)
      .text(12, record.hash);
}

// One unit of work on one connection; also the raw row access of backups.
class SqliteTransaction final : public Transaction, public DumpReader, public DumpWriter {
 public:
  SqliteTransaction(Connection& connection, const detail::Clock& clock, bool writable)
      : c_(connection), clock_(clock), writable_(writable) {}

  [[nodiscard]] bool busy() const { return busy_; }

  Result<std::optional<Record>> find(std::string_view kind, std::string_view id) override {
    return guarded([&]() -> Result<std::optional<Record>> {
      auto statement = c_.prepare(kSelectRecord);
      statement.text(1, kind).text(2, id);
      if (!statement.step()) return std::optional<Record>();
      return std::optional<Record>(record_from(statement));
    });
  }

  Result<Record> insert(Record record) override {
    return guarded([&]() -> Result<Record> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      if (auto checked = detail::check_key(record.kind, record.id); !checked)
        return tl::unexpected(checked.error());
      record.version = 1;
      record.created_at = clock_();
      record.updated_at = record.created_at;
      auto statement = c_.prepare(kInsertRecord);
      bind_record(statement, record);
      statement.run();
      if (c_.changes() == 0)
        return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' already exists");
      return record;
    });
  }

  Result<Record> update(Record record, std::int64_t expected_version) override {
    return guarded([&]() -> Result<Record> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      if (auto checked = detail::check_key(record.kind, record.id); !checked)
        return tl::unexpected(checked.error());
      record.updated_at = clock_();
      {
        auto statement = c_.prepare(
            "UPDATE records SET organisation = ?3, parent = ?4, state = ?5, risk = ?6, body = ?7, "
            "version = version + 1, updated_at = ?8 WHERE kind = ?1 AND id = ?2 AND version = ?9 "
            "RETURNING version, created_at");
        statement.text(1, record.kind)
            .text(2, record.id)
            .text(3, record.organisation)
            .text(4, record.parent)
            .text(5, record.state)
            .real(6, record.risk)
            .text(7, record.body)
            .text(8, record.updated_at)
            .integer(9, expected_version);
        if (statement.step()) {
          record.version = statement.integer(0);
          record.created_at = statement.text(1);
          statement.run();
          return record;
        }
      }
      return missed_update(record, expected_version);
    });
  }

  Result<RecordPage> list(const RecordQuery& query) override {
    return guarded([&]() -> Result<RecordPage> {
      const auto sql = detail::list_sql(query, [](int n) { return "?" + std::to_string(n); });
      const int count = static_cast<int>(sql.parameters.size());
      RecordPage page;
      {
        auto statement = c_.prepare(
            "SELECT " + std::string(kRecordColumns) + " FROM records" + sql.where + sql.order_by +
            " LIMIT ?" + std::to_string(count + 1) + " OFFSET ?" + std::to_string(count + 2));
        for (int i = 0; i < count; ++i)
          statement.text(i + 1, sql.parameters[static_cast<std::size_t>(i)]);
        statement.integer(count + 1, static_cast<std::int64_t>(query.limit));
        statement.integer(count + 2, static_cast<std::int64_t>(query.offset));
        while (statement.step()) page.records.push_back(record_from(statement));
      }
      auto statement = c_.prepare("SELECT COUNT(*) FROM records" + sql.where);
      for (int i = 0; i < count; ++i)
        statement.text(i + 1, sql.parameters[static_cast<std::size_t>(i)]);
      statement.step();
      page.total = static_cast<std::size_t>(statement.integer(0));
      return page;
    });
  }

  Result<std::int64_t> next_number(std::string_view counter) override {
    return guarded([&]() -> Result<std::int64_t> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      if (counter.empty()) return fail(ErrorKind::invalid_input, "counter name is empty");
      auto statement = c_.prepare(
          "INSERT INTO counters (name, value) VALUES (?1, 1) "
          "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
      statement.text(1, counter);
      statement.step();
      const auto value = statement.integer(0);
      statement.run();
      return value;
    });
  }

  Result<AuditRecord> append_audit(const AuditDraft& draft) override {
    return guarded([&]() -> Result<AuditRecord> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      const auto last = read_head();
      AuditRecord record;
      record.sequence = last.sequence + 1;
      record.at = clock_();
      record.draft = draft;
      record.previous_hash = last.hash;
      record.hash = record_hash(record);
      auto insert = c_.prepare(kInsertAudit);
      bind_audit(insert, record);
      insert.run();
      write_head({record.sequence, record.hash});
      return record;
    });
  }

  Result<void> put_document(const Document& document) override {
    return guarded([&]() -> Result<void> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      if (auto checked = detail::check_document(document); !checked) return checked;
      insert_document(document, clock_(), "ON CONFLICT (sha256) DO NOTHING");
      return {};
    });
  }

  Result<std::optional<Document>> document(std::string_view sha256) override {
    return guarded([&]() -> Result<std::optional<Document>> {
      auto statement =
          c_.prepare("SELECT sha256, content_type, content FROM documents WHERE sha256 = ?1");
      statement.text(1, sha256);
      if (!statement.step()) return std::optional<Document>();
      return std::optional<Document>(
          Document{statement.text(0), statement.text(1), statement.blob(2)});
    });
  }

  // ---- DumpReader ----

  Result<std::vector<Record>> records_after(std::string_view kind, std::string_view id,
                                            std::size_t limit) override {
    return guarded([&]() -> Result<std::vector<Record>> {
      auto statement = c_.prepare("SELECT " + std::string(kRecordColumns) +
                                  " FROM records WHERE (kind, id) > (?1, ?2) "
                                  "ORDER BY kind, id LIMIT ?3");
      statement.text(1, kind).text(2, id).integer(3, static_cast<std::int64_t>(limit));
      std::vector<Record> records;
      while (statement.step()) records.push_back(record_from(statement));
      return records;
    });
  }

  Result<std::vector<Counter>> counters() override {
    return guarded([&]() -> Result<std::vector<Counter>> {
      auto statement = c_.prepare("SELECT name, value FROM counters ORDER BY name");
      std::vector<Counter> counters;
      while (statement.step()) counters.push_back({statement.text(0), statement.integer(1)});
      return counters;
    });
  }

  Result<std::vector<StoredDocument>> documents_after(std::string_view sha256,
                                                      std::size_t limit) override {
    return guarded([&]() -> Result<std::vector<StoredDocument>> {
      auto statement = c_.prepare(
          "SELECT sha256, content_type, content, created_at FROM documents WHERE sha256 > ?1 "
          "ORDER BY sha256 LIMIT ?2");
      statement.text(1, sha256).integer(2, static_cast<std::int64_t>(limit));
      std::vector<StoredDocument> documents;
      while (statement.step())
        documents.push_back(
            {Document{statement.text(0), statement.text(1), statement.blob(2)}, statement.text(3)});
      return documents;
    });
  }

  Result<std::vector<AuditRecord>> audit_after(std::int64_t sequence, std::size_t limit) override {
    return guarded([&]() -> Result<std::vector<AuditRecord>> {
      auto statement = c_.prepare("SELECT " + std::string(kAuditColumns) +
                                  " FROM audit WHERE sequence > ?1 ORDER BY sequence LIMIT ?2");
      statement.integer(1, sequence).integer(2, static_cast<std::int64_t>(limit));
      std::vector<AuditRecord> records;
      while (statement.step()) records.push_back(audit_from(statement));
      return records;
    });
  }

  Result<AuditHead> head() override {
    return guarded([&]() -> Result<AuditHead> { return read_head(); });
  }

  // ---- DumpWriter ----

  Result<bool> empty() override {
    return guarded([&]() -> Result<bool> {
      auto statement = c_.prepare(
          "SELECT EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM counters) OR "
          "EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM audit) OR "
          "(SELECT sequence FROM audit_head WHERE id = 1) <> 0");
      statement.step();
      return statement.integer(0) == 0;
    });
  }

  Result<void> put_record(const Record& record) override {
    return guarded([&]() -> Result<void> {
      if (auto checked = detail::check_key(record.kind, record.id); !checked) return checked;
      auto statement = c_.prepare(kInsertRecord);
      bind_record(statement, record);
      statement.run();
      if (c_.changes() == 0)
        return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' appears twice");
      return {};
    });
  }

  Result<void> put_counter(const Counter& counter) override {
    return guarded([&]() -> Result<void> {
      auto statement = c_.prepare("INSERT INTO counters (name, value) VALUES (?1, ?2)");
      statement.text(1, counter.name).integer(2, counter.value);
      statement.run();
      return {};
    });
  }

  Result<void> put_document(const StoredDocument& stored) override {
    return guarded([&]() -> Result<void> {
      if (auto checked = detail::check_document(stored.document); !checked) return checked;
      insert_document(stored.document, stored.created_at, "");
      return {};
    });
  }

  Result<void> put_audit(const AuditRecord& record) override {
    return guarded([&]() -> Result<void> {
      auto statement = c_.prepare(kInsertAudit);
      bind_audit(statement, record);
      statement.run();
      return {};
    });
  }

  Result<void> set_head(const AuditHead& head) override {
    return guarded([&]() -> Result<void> {
      write_head(head);
      return {};
    });
  }

 private:
  // Turns this module's exceptions into the Result the interface promises, and remembers a lock
  // timeout so that the store retries the whole unit of work.
  template <class Work>
  auto guarded(Work&& work) -> decltype(work()) {
    try {
      return work();
    } catch (const SqliteFailure& failure) {
      busy_ = busy_ || failure.busy;
      return tl::unexpected(failure.error);
    }
  }

  Result<Record> missed_update(const Record& record, std::int64_t expected_version) {
    auto current = c_.prepare("SELECT version FROM records WHERE kind = ?1 AND id = ?2");
    current.text(1, record.kind).text(2, record.id);
    if (!current.step())
      return fail(ErrorKind::not_found, "no " + record.kind + " '" + record.id + "'");
    return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' is at version " +
                                         std::to_string(current.integer(0)) + ", not " +
                                         std::to_string(expected_version));
  }

  AuditHead read_head() {
    auto statement = c_.prepare("SELECT sequence, hash FROM audit_head WHERE id = 1");
    if (!statement.step())
      throw SqliteFailure{Error{ErrorKind::internal, "the audit head row is missing", c_.path()}};
    return AuditHead{statement.integer(0), statement.text(1)};
  }

  void write_head(const AuditHead& head) {
    auto statement = c_.prepare("UPDATE audit_head SET sequence = ?1, hash = ?2 WHERE id = 1");
    statement.integer(1, head.sequence).text(2, head.hash);
    statement.run();
  }

  void insert_document(const Document& document, const std::string& created_at,
                       std::string_view on_conflict) {
    auto statement = c_.prepare(
        "INSERT INTO documents (sha256, content_type, size, content, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) " +
        std::string(on_conflict));
    statement.text(1, document.sha256)
        .text(2, document.content_type)
        .integer(3, static_cast<std::int64_t>(document.content.size()))
        .blob(4, document.content)
        .text(5, created_at);
    statement.run();
  }

  Connection& c_;
  const detail::Clock& clock_;
  bool writable_;
  bool busy_ = false;
};

class SqliteStore final : public Store, public Dumpable {
 public:
  SqliteStore(std::string path, StoreOptions options)
      : pool_(std::move(path)), clock_(detail::clock_of(std::move(options))) {}

  Result<void> open(bool apply_migrations) {
    if (apply_migrations) {
      auto applied = migrate();
      if (!applied) return tl::unexpected(applied.error());
      return {};
    }
    auto version = schema_version();
    if (!version) return tl::unexpected(version.error());
    auto pending = pending_migrations(*version, describe());
    if (!pending) return tl::unexpected(pending.error());
    return {};
  }

  Result<void> write(const std::function<Result<void>(Transaction&)>& work) override {
    return run_write([&](SqliteTransaction& tx) { return work(tx); });
  }

  Result<void> read(const std::function<Result<void>(Transaction&)>& work) override {
    return run_read([&](SqliteTransaction& tx) { return work(tx); });
  }

  Result<void> read_dump(const std::function<Result<void>(DumpReader&)>& work) override {
    return run_read([&](SqliteTransaction& tx) { return work(tx); });
  }

  Result<void> write_dump(const std::function<Result<void>(DumpWriter&)>& work) override {
    return run_write([&](SqliteTransaction& tx) { return work(tx); });
  }

  Result<std::vector<AuditRecord>> audit_records(std::int64_t first, std::size_t limit) override {
    std::vector<AuditRecord> records;
    auto done = run_read([&](SqliteTransaction& tx) -> Result<void> {
      auto page = tx.audit_after(first - 1, limit);
      if (!page) return tl::unexpected(page.error());
      records = std::move(*page);
      return {};
    });
    if (!done) return tl::unexpected(done.error());
    return records;
  }

  Result<AuditHead> audit_head() override {
    AuditHead head;
    auto done = run_read([&](SqliteTransaction& tx) -> Result<void> {
      auto found = tx.head();
      if (!found) return tl::unexpected(found.error());
      head = *found;
      return {};
    });
    if (!done) return tl::unexpected(done.error());
    return head;
  }

  Result<int> schema_version() override {
    try {
      auto connection = pool_.acquire();
      return current_version(*connection);
    } catch (const SqliteFailure& failure) {
      return tl::unexpected(failure.error);
    }
  }

  Result<int> migrate() override {
    std::lock_guard lock(write_mutex_);
    try {
      auto connection = pool_.acquire();
      RollbackGuard guard(*connection);
      connection->exec("BEGIN IMMEDIATE");
      connection->exec(std::string(schema_migrations_ddl(Dialect::sqlite)));
      auto pending = pending_migrations(current_version(*connection), describe());
      if (!pending) return tl::unexpected(pending.error());
      for (const auto* migration : *pending) {
        connection->exec(std::string(migration_sql(*migration, Dialect::sqlite)));
        auto record = connection->prepare(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)");
        record.integer(1, migration->version).text(2, clock_());
        record.run();
      }
      connection->exec("COMMIT");
      return static_cast<int>(pending->size());
    } catch (const SqliteFailure& failure) {
      return tl::unexpected(failure.error);
    }
  }

  [[nodiscard]] std::string_view backend() const override { return "sqlite"; }
  [[nodiscard]] std::string describe() const override { return pool_.path(); }

 private:
  static int current_version(Connection& connection) {
    auto exists = connection.prepare(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    exists.step();
    if (exists.integer(0) == 0) return 0;
    auto version = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    version.step();
    return static_cast<int>(version.integer(0));
  }

  // Writers in this process queue on the mutex rather than spin in SQLite's busy handler;
  // BEGIN IMMEDIATE still serialises them against other processes.
  template <class Work>
  Result<void> run_write(Work&& work) {
    std::lock_guard lock(write_mutex_);
    return attempt(true, std::forward<Work>(work));
  }

  template <class Work>
  Result<void> run_read(Work&& work) {
    return attempt(false, std::forward<Work>(work));
  }

  template <class Work>
  Result<void> attempt(bool writable, Work&& work) {
    Result<void> outcome;
    for (int attempt = 1; attempt <= kWriteAttempts; ++attempt) {
      bool busy = false;
      try {
        auto connection = pool_.acquire();
        RollbackGuard guard(*connection);
        connection->prepare(writable ? "BEGIN IMMEDIATE" : "BEGIN").run();
        SqliteTransaction tx(*connection, clock_, writable);
        outcome = work(tx);
        busy = tx.busy();
        if (outcome && !busy) {
          connection->prepare("COMMIT").run();
          return outcome;
        }
      } catch (const SqliteFailure& failure) {
        outcome = tl::unexpected(failure.error);
        busy = failure.busy;
      }
      if (!busy) return outcome;
    }
    return outcome;
  }

  Pool pool_;
  detail::Clock clock_;
  std::mutex write_mutex_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path,
                                                 StoreOptions options) {
  std::error_code error;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), error);
    if (error)
      return fail(ErrorKind::io, "cannot create the folder: " + error.message(),
                  path.parent_path().string());
  }
  const bool apply_migrations = options.migrate;
  auto store = std::make_unique<SqliteStore>(path.string(), std::move(options));
  if (auto opened = store->open(apply_migrations); !opened) return tl::unexpected(opened.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace echri::store
