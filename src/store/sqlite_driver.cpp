#include "store/internal/sqlite_driver.hpp"

#include <sqlite3.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/internal/connection_pool.hpp"

namespace echri::store::internal {
namespace {

// A writer waits this long for another process's write lock before its attempt fails.
constexpr int kBusyTimeoutMs = 10'000;
constexpr int kAttempts = 5;
// Connections kept open for reuse; more concurrent callers open (and later close) extra ones.
constexpr std::size_t kMaxIdleConnections = 32;

constexpr Statements kStatements{
    Dialect::sqlite,
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
    "SELECT sequence, hash FROM audit_head WHERE id = 1",
    // SQLite takes the bare after_digest from the row holding MAX(sequence); the covering index
    // audit_by_subject (subject_kind, subject_id, sequence, after_digest) serves it in order.
    "SELECT subject_kind, subject_id, MAX(sequence), after_digest FROM audit "
    "WHERE (subject_kind, subject_id) > (?1, ?2) "
    "GROUP BY subject_kind, subject_id ORDER BY subject_kind, subject_id LIMIT ?3",
    "SELECT idx, hash FROM exchange_hashes WHERE log = ?1 AND idx IN "
    "(SELECT value FROM json_each(?2))",
};

struct DbClose {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using DbHandle = std::unique_ptr<sqlite3, DbClose>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

bool is_busy(int code) {
  const int primary = code & 0xFF;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

// Leaves a cached statement clean for its next use (cursor and bindings reset), also while an
// exception unwinds.
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* statement) : statement_(statement) {}
  ~StatementUse() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

 private:
  sqlite3_stmt* statement_;
};

class Connection {
 public:
  Connection(std::string path, bool create) : path_(std::move(path)) {
    sqlite3* raw = nullptr;
    const int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    const int code = sqlite3_open_v2(path_.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // sqlite3_open_v2 hands out a handle even when it fails
    if (code != SQLITE_OK) fail_with(code, "opening the database");
    sqlite3_extended_result_codes(db_.get(), 1);
    sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
    // WAL lets readers work beside the writer; synchronous=FULL syncs the WAL on every commit,
    // which is what makes an acknowledged write survive power loss. The mode is stored in the
    // file: set when the database may be created, so that opening some other file to read it
    // (a mistyped path) does not change it.
    if (create) script("PRAGMA journal_mode=WAL");
    script("PRAGMA synchronous=FULL");
    script("PRAGMA foreign_keys=ON");
  }

  // Throws the connection's current error; a lock that did not clear within busy_timeout marks
  // the unit of work for a retry.
  [[noreturn]] void fail_with(int code, std::string_view doing) {
    busy_ = busy_ || is_busy(code);
    const char* message = db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(code);
    raise(ErrorKind::io, "SQLite failed " + std::string(doing) + ": " + message, path_);
  }

  // Prepared once per connection and kept.
  sqlite3_stmt* prepare(std::string_view sql) {
    auto found = cache_.find(sql);
    if (found != cache_.end()) return found->second.get();
    sqlite3_stmt* raw = nullptr;
    const int code = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    StmtHandle statement(raw);
    if (code != SQLITE_OK) fail_with(code, "preparing a statement");
    return cache_.emplace(std::string(sql), std::move(statement)).first->second.get();
  }

  // One statement without parameters or results, prepared once (BEGIN, COMMIT, ROLLBACK).
  void simple(std::string_view sql) {
    sqlite3_stmt* statement = prepare(sql);
    const StatementUse use(statement);
    const int code = sqlite3_step(statement);
    if (code != SQLITE_DONE) fail_with(code, "running '" + std::string(sql) + "'");
  }

  void script(const std::string& sql) {
    const int code = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) fail_with(code, "running '" + sql.substr(0, 40) + "'");
  }

  [[nodiscard]] sqlite3* db() const { return db_.get(); }
  [[nodiscard]] bool in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }
  [[nodiscard]] bool busy() const { return busy_; }
  void clear_busy() { busy_ = false; }

 private:
  std::string path_;
  DbHandle db_;
  std::unordered_map<std::string, StmtHandle, TextHash, std::equal_to<>> cache_;
  bool busy_ = false;
};

class StatementRow final : public Row {
 public:
  explicit StatementRow(sqlite3_stmt* statement) : statement_(statement) {}

  [[nodiscard]] std::string text(int column) const override {
    const auto* bytes = sqlite3_column_text(statement_, column);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
    return bytes == nullptr ? std::string()
                            : std::string(reinterpret_cast<const char*>(bytes), size);
  }
  [[nodiscard]] std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  [[nodiscard]] double real(int column) const override {
    return sqlite3_column_double(statement_, column);
  }
  [[nodiscard]] std::string blob(int column) const override {
    const auto* bytes = sqlite3_column_blob(statement_, column);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
    return bytes == nullptr ? std::string() : std::string(static_cast<const char*>(bytes), size);
  }

 private:
  sqlite3_stmt* statement_;
};

class SqliteSession final : public Session {
 public:
  explicit SqliteSession(Connection& connection) : c_(connection) {}

  std::size_t run(std::string_view sql, std::span<const Param> params, RowSink row) override {
    sqlite3_stmt* statement = c_.prepare(sql);
    const StatementUse use(statement);
    int index = 1;
    for (const auto& param : params) bind(statement, index++, param);
    const StatementRow current(statement);
    for (;;) {
      const int code = sqlite3_step(statement);
      if (code == SQLITE_DONE) break;
      if (code != SQLITE_ROW) c_.fail_with(code, "running a statement");
      row(current);
    }
    return static_cast<std::size_t>(sqlite3_changes64(c_.db()));
  }

  void run_script(std::string_view sql) override { c_.script(std::string(sql)); }

 private:
  void bind(sqlite3_stmt* statement, int index, const Param& param) {
    int code = SQLITE_OK;
    // A null pointer would bind NULL: an empty value is bound from a non-null one.
    static constexpr char kEmpty[] = "";
    if (const auto* text = std::get_if<std::string_view>(&param)) {
      code = sqlite3_bind_text64(statement, index, text->empty() ? kEmpty : text->data(),
                                 text->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* integer = std::get_if<std::int64_t>(&param)) {
      code = sqlite3_bind_int64(statement, index, *integer);
    } else if (const auto* real = std::get_if<double>(&param)) {
      code = sqlite3_bind_double(statement, index, *real);
    } else {
      const auto& bytes = std::get<Blob>(param).bytes;
      code = sqlite3_bind_blob64(statement, index, bytes.empty() ? kEmpty : bytes.data(),
                                 bytes.size(), SQLITE_STATIC);
    }
    if (code != SQLITE_OK) c_.fail_with(code, "binding a parameter");
  }

  Connection& c_;
};

// A connection left inside a transaction is closed rather than reused.
using Pool = ConnectionPool<Connection>;

// Rolls back an open transaction unless it was committed, also while an exception from the
// caller's work unwinds.
class RollbackGuard {
 public:
  explicit RollbackGuard(Connection& connection) : connection_(connection) {}
  ~RollbackGuard() {
    if (!connection_.in_transaction()) return;
    try {
      connection_.simple("ROLLBACK");
    } catch (const Failure&) {
      // The pool drops a connection still inside a transaction; nothing else to do here.
    }
  }
  RollbackGuard(const RollbackGuard&) = delete;
  RollbackGuard& operator=(const RollbackGuard&) = delete;

 private:
  Connection& connection_;
};

class SqliteDriver final : public Driver {
 public:
  SqliteDriver(std::string path, bool create)
      : path_(std::move(path)),
        pool_([this, create] { return std::make_unique<Connection>(path_, create); },
              [](const Connection& connection) { return !connection.in_transaction(); },
              kMaxIdleConnections) {}

  // Writers in this process queue on the mutex rather than spin in SQLite's busy handler;
  // BEGIN IMMEDIATE still serialises them against other processes. A unit of work that met a
  // lock anyway (another process held it past busy_timeout) is run again whole.
  Result<void> transact(Access access, FunctionRef<Result<void>(Session&)> work) override {
    std::unique_lock<std::mutex> lock(write_mutex_, std::defer_lock);
    if (access != Access::read) lock.lock();
    Result<void> outcome;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      bool busy = false;
      try {
        outcome = attempt_once(access, work, busy);
      } catch (Failure& failure) {
        outcome = tl::unexpected(std::move(failure.error));
      }
      if (!busy) break;
    }
    return outcome;
  }

  [[nodiscard]] const Statements& statements() const override { return kStatements; }
  [[nodiscard]] std::string_view backend() const override { return "sqlite"; }
  [[nodiscard]] std::string describe() const override { return path_; }

 private:
  Result<void> attempt_once(Access access, FunctionRef<Result<void>(Session&)> work, bool& busy) {
    auto lease = pool_.acquire();
    Connection& connection = *lease;
    connection.clear_busy();
    try {
      const RollbackGuard guard(connection);
      connection.simple(access == Access::read ? "BEGIN" : "BEGIN IMMEDIATE");
      SqliteSession session(connection);
      auto outcome = work(session);
      busy = connection.busy();
      if (outcome && !busy) connection.simple("COMMIT");
      return outcome;
    } catch (const Failure&) {
      busy = connection.busy();
      throw;
    }
  }

  std::string path_;  // before pool_, which opens connections to it
  Pool pool_;
  std::mutex write_mutex_;
};

}  // namespace

Result<std::unique_ptr<Driver>> open_sqlite_driver(const std::filesystem::path& path,
                                                   bool create_if_missing) {
  std::error_code error;
  if (!create_if_missing) {
    if (!std::filesystem::exists(path, error))
      return fail(ErrorKind::not_found,
                  "no database here (a command that only reads never creates one; `echri db "
                  "migrate` creates it)",
                  path.string());
  } else if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), error);
    if (error)
      return fail(ErrorKind::io, "cannot create the folder: " + error.message(),
                  path.parent_path().string());
  }
  return std::unique_ptr<Driver>(std::make_unique<SqliteDriver>(path.string(), create_if_missing));
}

}  // namespace echri::store::internal
