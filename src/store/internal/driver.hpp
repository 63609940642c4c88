#pragma once
// The seam between the one store implementation (sql_store.cpp) and the two database drivers
// (sqlite_driver.cpp, postgres_driver.cpp). Private to store/.
//
// A driver owns what differs between the databases: connections and their pool, prepared
// statements, binding parameters and reading columns, translating the database's errors into
// echri errors, transactions, locking and retries, and the few statements the two SQL dialects
// write differently (Statements). Everything else — records, versions, counters, documents, the
// audit append, audit reads, migrations, verification and backups — is written once above it,
// in SQL both databases accept: numbered parameters (?1, ?2...; the PostgreSQL driver turns them
// into $1, $2...), ON CONFLICT, RETURNING, row-value comparisons, integers for booleans.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/result.hpp"
#include "store/migrations.hpp"

namespace echri::store::internal {

// A non-owning reference to something callable, cheaper than std::function on hot paths (no
// allocation); valid only while the referenced callable lives, i.e. for the call it is passed to.
template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> &&
           std::is_invocable_r_v<R, F&, Args...>)
      // Implicit: passed like a function argument. The constraint keeps copies and moves of
      // FunctionRef itself away from this constructor, which the check cannot see.
      // NOLINTNEXTLINE(google-explicit-constructor,bugprone-forwarding-reference-overload)
      FunctionRef(F&& callable)
  noexcept
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(callable)))),
        call_([](void* object, Args... args) -> R {
          return std::invoke(*static_cast<std::remove_reference_t<F>*>(object),
                             std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

// Bytes bound as a BLOB (SQLite) or BYTEA (PostgreSQL) rather than as text.
struct Blob {
  std::string_view bytes;
};

// One statement parameter. Text is bound as given (the statement outlives nothing it binds).
using Param = std::variant<std::string_view, std::int64_t, double, Blob>;

// One result row; columns are numbered from 0 in the order the statement selects them. Columns
// are never NULL (the schema has none; statements COALESCE what could be).
class Row {
 public:
  virtual ~Row() = default;
  Row() = default;
  Row(const Row&) = delete;
  Row& operator=(const Row&) = delete;

  [[nodiscard]] virtual std::string text(int column) const = 0;
  [[nodiscard]] virtual std::int64_t integer(int column) const = 0;
  [[nodiscard]] virtual double real(int column) const = 0;
  [[nodiscard]] virtual std::string blob(int column) const = 0;
};

using RowSink = FunctionRef<void(const Row&)>;

// One transaction on one connection.
class Session {
 public:
  virtual ~Session() = default;
  Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs one statement, prepared once per connection and reused afterwards; calls `row` for each
  // row it returns. Returns how many rows an INSERT, UPDATE or DELETE changed. Throws Failure
  // (the database's error translated; never the connection string) and marks the transaction
  // for a retry when the failure is one the driver retries (a lock timeout, a serialisation
  // failure, a lost connection): the unit of work is then run again whole.
  virtual std::size_t run(std::string_view sql, std::span<const Param> params, RowSink row) = 0;
  // Statements separated by ';', without parameters or preparation (migrations).
  virtual void run_script(std::string_view sql) = 0;

  std::size_t run(std::string_view sql, std::initializer_list<Param> params, RowSink row) {
    return run(sql, std::span<const Param>(params.begin(), params.size()), row);
  }
  std::size_t run(std::string_view sql, std::initializer_list<Param> params) {
    return run(sql, params, [](const Row&) {});
  }
};

// The statements the dialects write differently.
struct Statements {
  Dialect dialect;
  // ?1 = a table name in the store's schema -> one row: 1 when it exists, else 0.
  std::string_view table_exists;
  // The first statement of every write transaction -> one row: the audit head's sequence and
  // hash. PostgreSQL locks the head row here (FOR UPDATE, which returns the row as the writer
  // before left it): every writer takes it first, so writers are serialised across processes and
  // servers and the chain stays linear. In SQLite, BEGIN IMMEDIATE is that lock.
  std::string_view head_for_write;
  // The newest audit record of each subject after (?1 kind, ?2 id) in (kind, id) order, at most
  // ?3 subjects -> rows (subject_kind, subject_id, sequence, after_digest). Only the index's
  // leading columns are constrained, so that the plan follows the index whatever the table's
  // statistics say.
  std::string_view newest_audit_per_subject;
  // The stored hashes of log ?1 at the indexes in ?2 (a JSON array of integers) -> rows
  // (idx, hash), in any order: one statement for the scattered indexes of a tile or a proof.
  std::string_view log_hashes_at;
};

enum class Access {
  read,    // a read-only snapshot, concurrent with other readers and a writer
  write,   // read-write; writers are serialised
  schema,  // read-write and exclusive against other migrations (creates the schema when named)
};

class Driver {
 public:
  virtual ~Driver() = default;
  Driver() = default;
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Runs `work` in one transaction on a pooled connection: commits when it returns a value (and
  // no statement asked for a retry), rolls back when it returns an error (passed on) or throws
  // (the exception propagates after the rollback), and runs it again whole after a failure the
  // backend retries. Errors name the database (describe()) in `where` when they name nothing
  // else.
  virtual Result<void> transact(Access access, FunctionRef<Result<void>(Session&)> work) = 0;

  [[nodiscard]] virtual const Statements& statements() const = 0;
  // "sqlite" or "postgres".
  [[nodiscard]] virtual std::string_view backend() const = 0;
  // The file, or the URL without its password.
  [[nodiscard]] virtual std::string describe() const = 0;
};

}  // namespace echri::store::internal
