#include "store/postgres_store.hpp"

#include <algorithm>
#include <mutex>
#include <pqxx/pqxx>
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

constexpr int kAttempts = 10;
constexpr std::size_t kMaxIdleConnections = 32;

// Thrown inside this file; `retry` marks failures after which the whole unit of work may be run
// again (serialisation failure, deadlock, a connection that broke before anything committed).
struct PostgresFailure {
  Error error;
  bool retry = false;
  bool broken = false;
};

// One server connection with its prepared statements.
class Connection {
 public:
  Connection(const std::string& url, const std::string& schema)
      : connection_(std::make_unique<pqxx::connection>(url)) {
    pqxx::nontransaction setup(*connection_);
    // CREATE ... IF NOT EXISTS would otherwise print NOTICEs on stderr through libpqxx.
    setup.exec0("SET client_min_messages TO warning");
    if (!schema.empty()) setup.exec0("SET search_path TO " + setup.quote_name(schema));
  }

  // The name of `sql` prepared on this connection.
  const std::string& prepared(const std::string& sql) {
    auto found = prepared_.find(sql);
    if (found == prepared_.end()) {
      std::string name = "echri_" + std::to_string(prepared_.size() + 1);
      connection_->prepare(name, sql);
      found = prepared_.emplace(sql, std::move(name)).first;
    }
    return found->second;
  }

  pqxx::connection& get() { return *connection_; }
  void mark_broken() { broken_ = true; }
  [[nodiscard]] bool broken() const { return broken_ || !connection_->is_open(); }

 private:
  std::unique_ptr<pqxx::connection> connection_;
  std::unordered_map<std::string, std::string> prepared_;
  bool broken_ = false;
};

class Pool {
 public:
  Pool(std::string url, std::string schema) : url_(std::move(url)), schema_(std::move(schema)) {}

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
    return Lease(*this, std::make_unique<Connection>(url_, schema_));
  }

 private:
  void give_back(std::unique_ptr<Connection> connection) {
    if (!connection || connection->broken()) return;
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
  }

  std::string url_;
  std::string schema_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Maps libpqxx's exceptions to this module's failure; never lets the connection string through.
template <class Work>
auto translated(Connection* connection, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const pqxx::serialization_failure& e) {
    throw PostgresFailure{{ErrorKind::io, std::string("PostgreSQL: ") + e.what(), {}}, true};
  } catch (const pqxx::deadlock_detected& e) {
    throw PostgresFailure{{ErrorKind::io, std::string("PostgreSQL: ") + e.what(), {}}, true};
  } catch (const pqxx::broken_connection& e) {
    if (connection != nullptr) connection->mark_broken();
    throw PostgresFailure{
        {ErrorKind::io, std::string("PostgreSQL connection lost: ") + e.what(), {}}, true, true};
  } catch (const pqxx::in_doubt_error& e) {
    if (connection != nullptr) connection->mark_broken();
    throw PostgresFailure{
        {ErrorKind::io, std::string("PostgreSQL commit outcome unknown: ") + e.what(), {}}};
  } catch (const pqxx::sql_error& e) {
    throw PostgresFailure{{ErrorKind::io, std::string("PostgreSQL: ") + e.what(), {}}};
  } catch (const pqxx::failure& e) {
    throw PostgresFailure{{ErrorKind::io, std::string("PostgreSQL: ") + e.what(), {}}};
  } catch (const pqxx::range_error& e) {
    throw PostgresFailure{{ErrorKind::internal, std::string("libpqxx: ") + e.what(), {}}};
  } catch (const pqxx::conversion_error& e) {
    throw PostgresFailure{{ErrorKind::internal, std::string("libpqxx: ") + e.what(), {}}};
  } catch (const pqxx::usage_error& e) {
    throw PostgresFailure{{ErrorKind::internal, std::string("libpqxx: ") + e.what(), {}}};
  }
}

constexpr std::string_view kRecordColumns =
    "kind, id, organisation, parent, state, risk, body, version, created_at, updated_at";
constexpr std::string_view kAuditColumns =
    "sequence, at, actor, role, action, subject_kind, subject_id, before_digest, after_digest, "
    "detail, previous_hash, hash";
const std::string kSelectRecord =
    "SELECT " + std::string(kRecordColumns) + " FROM records WHERE kind = $1 AND id = $2";
const std::string kInsertRecord =
    "INSERT INTO records (" + std::string(kRecordColumns) +
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (kind, id) DO NOTHING";
const std::string kInsertAudit = "INSERT INTO audit (" + std::string(kAuditColumns) +
                                 ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
const std::string kLockHead = "SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE";
const std::string kReadHead = "SELECT sequence, hash FROM audit_head WHERE id = 1";

Record record_from(const pqxx::row& row) {
  Record record;
  record.kind = row[0].as<std::string>();
  record.id = row[1].as<std::string>();
  record.organisation = row[2].as<std::string>();
  record.parent = row[3].as<std::string>();
  record.state = row[4].as<std::string>();
  record.risk = row[5].as<double>();
  record.body = row[6].as<std::string>();
  record.version = row[7].as<std::int64_t>();
  record.created_at = row[8].as<std::string>();
  record.updated_at = row[9].as<std::string>();
  return record;
}

AuditRecord audit_from(const pqxx::row& row) {
  AuditRecord record;
  record.sequence = row[0].as<std::int64_t>();
  record.at = row[1].as<std::string>();
  record.draft.actor = row[2].as<std::string>();
  record.draft.role = row[3].as<std::string>();
  record.draft.action = row[4].as<std::string>();
  record.draft.subject_kind = row[5].as<std::string>();
  record.draft.subject_id = row[6].as<std::string>();
  record.draft.before_digest = row[7].as<std::string>();
  record.draft.after_digest = row[8].as<std::string>();
  record.draft.detail = row[9].as<std::string>();
  record.previous_hash = row[10].as<std::string>();
  record.hash = row[11].as<std::string>();
  return record;
}

class PostgresTransaction final : public Transaction, public DumpReader, public DumpWriter {
 public:
  PostgresTransaction(Connection& connection, pqxx::transaction_base& work,
                      const detail::Clock& clock, bool writable)
      : c_(connection), t_(work), clock_(clock), writable_(writable) {}

  [[nodiscard]] bool retry() const { return retry_; }

  Result<std::optional<Record>> find(std::string_view kind, std::string_view id) override {
    return guarded([&]() -> Result<std::optional<Record>> {
      const auto rows = exec(kSelectRecord, std::string(kind), std::string(id));
      if (rows.empty()) return std::optional<Record>();
      return std::optional<Record>(record_from(rows[0]));
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
      if (insert_record(record) == 0)
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
      const auto rows = exec(
          "UPDATE records SET organisation = $3, parent = $4, state = $5, risk = $6, body = $7, "
          "version = version + 1, updated_at = $8 WHERE kind = $1 AND id = $2 AND version = $9 "
          "RETURNING version, created_at",
          record.kind, record.id, record.organisation, record.parent, record.state, record.risk,
          record.body, record.updated_at, expected_version);
      if (!rows.empty()) {
        record.version = rows[0][0].as<std::int64_t>();
        record.created_at = rows[0][1].as<std::string>();
        return record;
      }
      const auto current =
          exec("SELECT version FROM records WHERE kind = $1 AND id = $2", record.kind, record.id);
      if (current.empty())
        return fail(ErrorKind::not_found, "no " + record.kind + " '" + record.id + "'");
      return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' is at version " +
                                           current[0][0].as<std::string>() + ", not " +
                                           std::to_string(expected_version));
    });
  }

  Result<RecordPage> list(const RecordQuery& query) override {
    return guarded([&]() -> Result<RecordPage> {
      const auto sql = detail::list_sql(query, [](int n) { return "$" + std::to_string(n); });
      const auto count = sql.parameters.size();
      const auto parameters =
          pqxx::prepare::make_dynamic_params(sql.parameters.begin(), sql.parameters.end());
      RecordPage page;
      const auto rows = exec("SELECT " + std::string(kRecordColumns) + " FROM records" + sql.where +
                                 sql.order_by + " LIMIT $" + std::to_string(count + 1) +
                                 " OFFSET $" + std::to_string(count + 2),
                             parameters, static_cast<std::int64_t>(query.limit),
                             static_cast<std::int64_t>(query.offset));
      for (const auto& row : rows) page.records.push_back(record_from(row));
      const auto total = exec("SELECT COUNT(*) FROM records" + sql.where, parameters);
      page.total = total[0][0].as<std::size_t>();
      return page;
    });
  }

  Result<std::int64_t> next_number(std::string_view counter) override {
    return guarded([&]() -> Result<std::int64_t> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      if (counter.empty()) return fail(ErrorKind::invalid_input, "counter name is empty");
      const auto rows = exec(
          "INSERT INTO counters (name, value) VALUES ($1, 1) "
          "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
          std::string(counter));
      return rows[0][0].as<std::int64_t>();
    });
  }

  Result<AuditRecord> append_audit(const AuditDraft& draft) override {
    return guarded([&]() -> Result<AuditRecord> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      // The row is already locked: every write transaction starts by locking it.
      const auto last = read_head();
      AuditRecord record;
      record.sequence = last.sequence + 1;
      record.at = clock_();
      record.draft = draft;
      record.previous_hash = last.hash;
      record.hash = record_hash(record);
      insert_audit(record);
      write_head({record.sequence, record.hash});
      return record;
    });
  }

  Result<void> put_document(const Document& document) override {
    return guarded([&]() -> Result<void> {
      if (!writable_) return tl::unexpected(detail::read_only_error());
      if (auto checked = detail::check_document(document); !checked) return checked;
      insert_document(document, clock_(), " ON CONFLICT (sha256) DO NOTHING");
      return {};
    });
  }

  Result<std::optional<Document>> document(std::string_view sha256) override {
    return guarded([&]() -> Result<std::optional<Document>> {
      const auto rows =
          exec("SELECT sha256, content_type, content FROM documents WHERE sha256 = $1",
               std::string(sha256));
      if (rows.empty()) return std::optional<Document>();
      return std::optional<Document>(Document{rows[0][0].as<std::string>(),
                                              rows[0][1].as<std::string>(),
                                              pqxx::binarystring(rows[0][2]).str()});
    });
  }

  // ---- DumpReader ----

  Result<std::vector<Record>> records_after(std::string_view kind, std::string_view id,
                                            std::size_t limit) override {
    return guarded([&]() -> Result<std::vector<Record>> {
      const auto rows = exec("SELECT " + std::string(kRecordColumns) +
                                 " FROM records WHERE (kind, id) > ($1, $2) "
                                 "ORDER BY kind, id LIMIT $3",
                             std::string(kind), std::string(id), static_cast<std::int64_t>(limit));
      std::vector<Record> records;
      for (const auto& row : rows) records.push_back(record_from(row));
      return records;
    });
  }

  Result<std::vector<Counter>> counters() override {
    return guarded([&]() -> Result<std::vector<Counter>> {
      std::vector<Counter> counters;
      for (const auto& row : exec("SELECT name, value FROM counters ORDER BY name"))
        counters.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>()});
      return counters;
    });
  }

  Result<std::vector<StoredDocument>> documents_after(std::string_view sha256,
                                                      std::size_t limit) override {
    return guarded([&]() -> Result<std::vector<StoredDocument>> {
      const auto rows = exec(
          "SELECT sha256, content_type, content, created_at FROM documents WHERE sha256 > $1 "
          "ORDER BY sha256 LIMIT $2",
          std::string(sha256), static_cast<std::int64_t>(limit));
      std::vector<StoredDocument> documents;
      for (const auto& row : rows)
        documents.push_back({Document{row[0].as<std::string>(), row[1].as<std::string>(),
                                      pqxx::binarystring(row[2]).str()},
                             row[3].as<std::string>()});
      return documents;
    });
  }

  Result<std::vector<AuditRecord>> audit_after(std::int64_t sequence, std::size_t limit) override {
    return guarded([&]() -> Result<std::vector<AuditRecord>> {
      const auto rows = exec("SELECT " + std::string(kAuditColumns) +
                                 " FROM audit WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                             sequence, static_cast<std::int64_t>(limit));
      std::vector<AuditRecord> records;
      for (const auto& row : rows) records.push_back(audit_from(row));
      return records;
    });
  }

  Result<AuditHead> head() override {
    return guarded([&]() -> Result<AuditHead> { return read_head(); });
  }

  // ---- DumpWriter ----

  Result<bool> empty() override {
    return guarded([&]() -> Result<bool> {
      const auto rows = exec(
          "SELECT EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM counters) OR "
          "EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM audit) OR "
          "(SELECT sequence FROM audit_head WHERE id = 1) <> 0");
      return !rows[0][0].as<bool>();
    });
  }

  Result<void> put_record(const Record& record) override {
    return guarded([&]() -> Result<void> {
      if (auto checked = detail::check_key(record.kind, record.id); !checked) return checked;
      if (insert_record(record) == 0)
        return fail(ErrorKind::conflict, record.kind + " '" + record.id + "' appears twice");
      return {};
    });
  }

  Result<void> put_counter(const Counter& counter) override {
    return guarded([&]() -> Result<void> {
      exec("INSERT INTO counters (name, value) VALUES ($1, $2)", counter.name, counter.value);
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
      insert_audit(record);
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
  template <class... Args>
  pqxx::result exec(const std::string& sql, Args&&... args) {
    return t_.exec_prepared(c_.prepared(sql), std::forward<Args>(args)...);
  }

  template <class Work>
  auto guarded(Work&& work) -> decltype(work()) {
    try {
      return translated(&c_, std::forward<Work>(work));
    } catch (const PostgresFailure& failure) {
      retry_ = retry_ || failure.retry;
      return tl::unexpected(failure.error);
    }
  }

  std::size_t insert_record(const Record& record) {
    return exec(kInsertRecord, record.kind, record.id, record.organisation, record.parent,
                record.state, record.risk, record.body, record.version, record.created_at,
                record.updated_at)
        .affected_rows();
  }

  void insert_audit(const AuditRecord& record) {
    exec(kInsertAudit, record.sequence, record.at, record.draft.actor, record.draft.role,
         record.draft.action, record.draft.subject_kind, record.draft.subject_id,
         record.draft.before_digest, record.draft.after_digest, record.draft.detail,
         record.previous_hash, record.hash);
  }

  void insert_document(const Document& document, const std::string& created_at,
                       std::string_view on_conflict) {
    exec(
        "INSERT INTO documents (sha256, content_type, size, content, created_at) "
        "VALUES ($1, $2, $3, $4, $5)" +
            std::string(on_conflict),
        document.sha256, document.content_type, static_cast<std::int64_t>(document.content.size()),
        pqxx::binarystring(document.content), created_at);
  }

  AuditHead read_head() {
    const auto rows = exec(kReadHead);
    if (rows.empty())
      throw PostgresFailure{{ErrorKind::internal, "the audit head row is missing", {}}};
    return AuditHead{rows[0][0].as<std::int64_t>(), rows[0][1].as<std::string>()};
  }

  void write_head(const AuditHead& head) {
    exec("UPDATE audit_head SET sequence = $1, hash = $2 WHERE id = 1", head.sequence, head.hash);
  }

  Connection& c_;
  pqxx::transaction_base& t_;
  const detail::Clock& clock_;
  bool writable_;
  bool retry_ = false;
};

using ReadTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

class PostgresStore final : public Store, public Dumpable {
 public:
  PostgresStore(PostgresTarget target, StoreOptions options)
      : target_(std::move(target)),
        pool_(target_.libpq_url, target_.schema),
        clock_(detail::clock_of(std::move(options))) {}

  Result<void> open(bool apply_migrations) {
    auto prepared = with_connection([&](Connection& connection) -> Result<void> {
      pqxx::work work(connection.get());
      lock_schema(work);
      if (!target_.schema.empty())
        work.exec0("CREATE SCHEMA IF NOT EXISTS " + work.quote_name(target_.schema));
      work.exec0(std::string(schema_migrations_ddl(Dialect::postgres)));
      work.commit();
      return {};
    });
    if (!prepared) return prepared;
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
    return attempt(true, [&](PostgresTransaction& tx) { return work(tx); });
  }
  Result<void> read(const std::function<Result<void>(Transaction&)>& work) override {
    return attempt(false, [&](PostgresTransaction& tx) { return work(tx); });
  }
  Result<void> read_dump(const std::function<Result<void>(DumpReader&)>& work) override {
    return attempt(false, [&](PostgresTransaction& tx) { return work(tx); });
  }
  Result<void> write_dump(const std::function<Result<void>(DumpWriter&)>& work) override {
    return attempt(true, [&](PostgresTransaction& tx) { return work(tx); });
  }

  Result<std::vector<AuditRecord>> audit_records(std::int64_t first, std::size_t limit) override {
    std::vector<AuditRecord> records;
    auto done = attempt(false, [&](PostgresTransaction& tx) -> Result<void> {
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
    auto done = attempt(false, [&](PostgresTransaction& tx) -> Result<void> {
      auto found = tx.head();
      if (!found) return tl::unexpected(found.error());
      head = *found;
      return {};
    });
    if (!done) return tl::unexpected(done.error());
    return head;
  }

  Result<int> schema_version() override {
    return with_connection([&](Connection& connection) -> Result<int> {
      pqxx::read_transaction work(connection.get());
      return current_version(work);
    });
  }

  Result<int> migrate() override {
    return with_connection([&](Connection& connection) -> Result<int> {
      pqxx::work work(connection.get());
      // Two servers starting together must not both apply the same migration.
      lock_schema(work);
      if (!target_.schema.empty())
        work.exec0("CREATE SCHEMA IF NOT EXISTS " + work.quote_name(target_.schema));
      work.exec0(std::string(schema_migrations_ddl(Dialect::postgres)));
      auto pending = pending_migrations(current_version(work), describe());
      if (!pending) return tl::unexpected(pending.error());
      for (const auto* migration : *pending) {
        work.exec(std::string(migration_sql(*migration, Dialect::postgres)));
        work.exec_params0("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                          migration->version, clock_());
      }
      work.commit();
      return static_cast<int>(pending->size());
    });
  }

  [[nodiscard]] std::string_view backend() const override { return "postgres"; }
  [[nodiscard]] std::string describe() const override { return target_.display; }

 private:
  void lock_schema(pqxx::work& work) const {
    work.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                     "echri.schema." + target_.schema);
  }

  static int current_version(pqxx::transaction_base& work) {
    const auto exists = work.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists[0][0].as<bool>()) return 0;
    return work.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0].as<int>();
  }

  // Runs work that manages its own transaction, with this module's error mapping.
  template <class Work>
  auto with_connection(Work&& work) -> decltype(work(std::declval<Connection&>())) {
    try {
      auto connection = pool_.acquire();
      return translated(&*connection, [&] { return work(*connection); });
    } catch (const PostgresFailure& failure) {
      return tl::unexpected(with_where(failure.error));
    } catch (const pqxx::failure& e) {
      // Connecting failed (acquire() outside translated()).
      return fail(ErrorKind::io, std::string("PostgreSQL: ") + e.what(), describe());
    }
  }

  Error with_where(Error error) const {
    if (error.where.empty()) error.where = describe();
    return error;
  }

  template <class Work>
  Result<void> attempt(bool writable, Work&& work) {
    Result<void> outcome;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      bool retry = false;
      try {
        auto connection = pool_.acquire();
        outcome = translated(&*connection, [&]() -> Result<void> {
          if (writable) {
            pqxx::work t(connection->get());
            // Every writer takes the head row first: writers are serialised, so audit sequence
            // order is commit order and no two writers deadlock on rows they both touch.
            t.exec_prepared(connection->prepared(kLockHead));
            return run(*connection, t, true, work, retry);
          }
          ReadTransaction t(connection->get());
          return run(*connection, t, false, work, retry);
        });
      } catch (const PostgresFailure& failure) {
        outcome = tl::unexpected(failure.error);
        retry = failure.retry;
      } catch (const pqxx::broken_connection& e) {
        outcome = fail(ErrorKind::io, std::string("PostgreSQL: cannot connect: ") + e.what());
        retry = attempt == 1;
      }
      if (!retry) break;
    }
    if (!outcome) return tl::unexpected(with_where(outcome.error()));
    return outcome;
  }

  template <class Work>
  Result<void> run(Connection& connection, pqxx::transaction_base& t, bool writable, Work& work,
                   bool& retry) {
    PostgresTransaction tx(connection, t, clock_, writable);
    auto outcome = work(tx);
    retry = tx.retry();
    // Leaving without commit aborts: on error, on a retryable failure, and while an exception
    // from the caller's work unwinds.
    if (outcome && !retry) t.commit();
    return outcome;
  }

  PostgresTarget target_;
  Pool pool_;
  detail::Clock clock_;
};

// The URL for messages: no password in the user part or in the query.
std::string without_password(std::string_view base, const std::vector<std::string>& query) {
  std::string display(base);
  const auto scheme_end = display.find("://");
  if (scheme_end != std::string::npos) {
    const auto authority = scheme_end + 3;
    const auto authority_end = display.find('/', authority);
    const auto at =
        display.rfind('@', authority_end == std::string::npos ? display.size() : authority_end);
    if (at != std::string::npos && at > authority) {
      const auto colon = display.find(':', authority);
      if (colon != std::string::npos && colon < at) display.erase(colon, at - colon);
    }
  }
  std::string shown;
  for (const auto& parameter : query)
    if (!parameter.starts_with("password=")) shown += (shown.empty() ? "?" : "&") + parameter;
  return display + shown;
}

}  // namespace

Result<PostgresTarget> parse_postgres_url(std::string_view url) {
  PostgresTarget target;
  const auto question = url.find('?');
  const std::string_view base = url.substr(0, question);
  std::vector<std::string> kept;
  if (question != std::string_view::npos) {
    std::string_view rest = url.substr(question + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string parameter(rest.substr(0, amp));
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (parameter.starts_with("schema=")) {
        target.schema = parameter.substr(7);
        const bool ok = !target.schema.empty() &&
                        std::all_of(target.schema.begin(), target.schema.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                 (c >= '0' && c <= '9') || c == '_';
                        });
        if (!ok)
          return fail(ErrorKind::invalid_input,
                      "schema name '" + target.schema + "' is not [A-Za-z0-9_]+", "--db");
      } else if (!parameter.empty()) {
        kept.push_back(parameter);
      }
    }
  }
  target.libpq_url = std::string(base);
  for (std::size_t i = 0; i < kept.size(); ++i) target.libpq_url += (i == 0 ? "?" : "&") + kept[i];
  auto shown = kept;
  if (!target.schema.empty()) shown.push_back("schema=" + target.schema);
  target.display = without_password(base, shown);
  return target;
}

Result<std::unique_ptr<Store>> open_postgres_store(std::string_view url, StoreOptions options) {
  auto target = parse_postgres_url(url);
  if (!target) return tl::unexpected(target.error());
  const bool apply_migrations = options.migrate;
  auto store = std::make_unique<PostgresStore>(std::move(*target), std::move(options));
  if (auto opened = store->open(apply_migrations); !opened) return tl::unexpected(opened.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace echri::store
