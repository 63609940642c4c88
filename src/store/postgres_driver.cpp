#include "store/internal/postgres_driver.hpp"

#include <algorithm>
#include <charconv>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/internal/connection_pool.hpp"

namespace echri::store::internal {
namespace {

constexpr int kAttempts = 10;
constexpr std::size_t kMaxIdleConnections = 32;

constexpr Statements kStatements{
    Dialect::postgres,
    "SELECT CASE WHEN to_regclass(?1) IS NULL THEN 0 ELSE 1 END",
    "SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE",
    // The index audit_by_subject (subject_kind, subject_id, sequence DESC) INCLUDE
    // (after_digest) serves this in order; the subject columns compare byte-wise (COLLATE "C").
    "SELECT DISTINCT ON (subject_kind, subject_id) subject_kind, subject_id, sequence, "
    "after_digest FROM audit WHERE (subject_kind, subject_id) > (?1, ?2) "
    "ORDER BY subject_kind, subject_id, sequence DESC LIMIT ?3",
    "SELECT idx, hash FROM exchange_hashes WHERE log = ?1 AND idx IN "
    "(SELECT CAST(jsonb_array_elements_text(CAST(?2 AS jsonb)) AS BIGINT))",
};

// The shared dialect's ?1, ?2... as PostgreSQL's $1, $2... (no statement has a '?' elsewhere).
std::string postgres_sql(std::string_view sql) {
  std::string out(sql);
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i] == '?' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = '$';
  return out;
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
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
  const std::string& prepared(std::string_view sql) {
    auto found = prepared_.find(sql);
    if (found == prepared_.end()) {
      std::string name = "echri_" + std::to_string(prepared_.size() + 1);
      connection_->prepare(name, postgres_sql(sql));
      found = prepared_.emplace(std::string(sql), std::move(name)).first;
    }
    return found->second;
  }

  pqxx::connection& get() { return *connection_; }
  void mark_broken() { broken_ = true; }
  [[nodiscard]] bool broken() const { return broken_ || !connection_->is_open(); }

 private:
  std::unique_ptr<pqxx::connection> connection_;
  std::unordered_map<std::string, std::string, TextHash, std::equal_to<>> prepared_;
  bool broken_ = false;
};

using Pool = ConnectionPool<Connection>;

// What a failed statement means for the unit of work.
struct AttemptState {
  bool retry = false;  // run the whole unit of work again
};

// Runs `work`, turning libpqxx's exceptions into Failure (never with the connection string) and
// noting in `state` the failures after which the whole unit of work may run again
// (serialisation failure, deadlock, a connection that broke before anything committed).
template <class Work>
auto translated(Connection* connection, AttemptState& state, Work&& work) -> decltype(work()) {
  const auto failed = [](ErrorKind kind, std::string message) -> Failure {
    return Failure{Error{kind, std::move(message), {}}};
  };
  try {
    return work();
  } catch (const pqxx::serialization_failure& e) {
    state.retry = true;
    throw failed(ErrorKind::io, std::string("PostgreSQL: ") + e.what());
  } catch (const pqxx::deadlock_detected& e) {
    state.retry = true;
    throw failed(ErrorKind::io, std::string("PostgreSQL: ") + e.what());
  } catch (const pqxx::broken_connection& e) {
    if (connection != nullptr) connection->mark_broken();
    state.retry = true;
    throw failed(ErrorKind::io, std::string("PostgreSQL connection lost: ") + e.what());
  } catch (const pqxx::in_doubt_error& e) {
    if (connection != nullptr) connection->mark_broken();
    throw failed(ErrorKind::io, std::string("PostgreSQL commit outcome unknown: ") + e.what());
  } catch (const pqxx::sql_error& e) {
    throw failed(ErrorKind::io, std::string("PostgreSQL: ") + e.what());
  } catch (const pqxx::failure& e) {
    throw failed(ErrorKind::io, std::string("PostgreSQL: ") + e.what());
  } catch (const pqxx::range_error& e) {
    throw failed(ErrorKind::internal, std::string("libpqxx: ") + e.what());
  } catch (const pqxx::conversion_error& e) {
    throw failed(ErrorKind::internal, std::string("libpqxx: ") + e.what());
  } catch (const pqxx::usage_error& e) {
    throw failed(ErrorKind::internal, std::string("libpqxx: ") + e.what());
  }
}

class ResultRow final : public Row {
 public:
  explicit ResultRow(const pqxx::row& row) : row_(row) {}

  [[nodiscard]] std::string text(int column) const override {
    const auto field = row_[column];
    return std::string(field.c_str(), field.size());
  }
  [[nodiscard]] std::int64_t integer(int column) const override {
    return row_[column].as<std::int64_t>();
  }
  [[nodiscard]] double real(int column) const override { return row_[column].as<double>(); }
  [[nodiscard]] std::string blob(int column) const override {
    return pqxx::binarystring(row_[column]).str();
  }

 private:
  const pqxx::row& row_;
};

// Parameters go as text, as libpqxx sends them (the server parses them into the columns'
// types), except one BLOB, which goes in binary form: bytes need no escaping.
std::string text_of(const Param& param) {
  if (const auto* text = std::get_if<std::string_view>(&param)) return std::string(*text);
  if (const auto* integer = std::get_if<std::int64_t>(&param)) return std::to_string(*integer);
  char digits[32];
  // The shortest text that reads back as the same double.
  const auto done = std::to_chars(digits, digits + sizeof digits, std::get<double>(param));
  return std::string(digits, done.ptr);
}

class PostgresSession final : public Session {
 public:
  PostgresSession(Connection& connection, pqxx::transaction_base& transaction, AttemptState& state)
      : c_(connection), t_(transaction), state_(state) {}

  std::size_t run(std::string_view sql, std::span<const Param> params, RowSink row) override {
    return translated(&c_, state_, [&] {
      const auto& name = c_.prepared(sql);
      std::vector<std::string> before;
      std::vector<std::string> after;
      std::optional<pqxx::binarystring> blob;
      for (const auto& param : params) {
        if (const auto* bytes = std::get_if<Blob>(&param)) {
          if (blob) raise(ErrorKind::internal, "a statement binds more than one BLOB");
          blob.emplace(bytes->bytes.data(), bytes->bytes.size());
          continue;
        }
        (blob ? after : before).push_back(text_of(param));
      }
      const auto result = blob ? t_.exec_prepared(name, pqxx::prepare::make_dynamic_params(before),
                                                  *blob, pqxx::prepare::make_dynamic_params(after))
                               : t_.exec_prepared(name, pqxx::prepare::make_dynamic_params(before));
      for (const auto& current : result) {
        const ResultRow wrapped(current);
        row(wrapped);
      }
      return static_cast<std::size_t>(result.affected_rows());
    });
  }

  void run_script(std::string_view sql) override {
    translated(&c_, state_, [&] { t_.exec(std::string(sql)); });
  }

 private:
  Connection& c_;
  pqxx::transaction_base& t_;
  AttemptState& state_;
};

using ReadTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

class PostgresDriver final : public Driver {
 public:
  explicit PostgresDriver(PostgresTarget target)
      : target_(std::move(target)),
        pool_([this] { return std::make_unique<Connection>(target_.libpq_url, target_.schema); },
              [](const Connection& connection) { return !connection.broken(); },
              kMaxIdleConnections) {}

  Result<void> transact(Access access, FunctionRef<Result<void>(Session&)> work) override {
    Result<void> outcome;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      AttemptState state;
      try {
        outcome = attempt_once(access, work, state);
      } catch (Failure& failure) {
        outcome = tl::unexpected(std::move(failure.error));
      } catch (const pqxx::broken_connection& e) {
        // Connecting failed (acquire() runs outside translated()).
        outcome = fail(ErrorKind::io, std::string("PostgreSQL: cannot connect: ") + e.what());
        state.retry = attempt == 1;
      } catch (const pqxx::failure& e) {
        outcome = fail(ErrorKind::io, std::string("PostgreSQL: ") + e.what());
      }
      if (!state.retry) break;
    }
    // A database failure names the database; the store's own errors (a broken invariant, an
    // audit chain that does not end at its head) stay free of it.
    if (!outcome && outcome.error().kind == ErrorKind::io && outcome.error().where.empty())
      outcome.error().where = describe();
    return outcome;
  }

  [[nodiscard]] const Statements& statements() const override { return kStatements; }
  [[nodiscard]] std::string_view backend() const override { return "postgres"; }
  [[nodiscard]] std::string describe() const override { return target_.display; }

 private:
  Result<void> attempt_once(Access access, FunctionRef<Result<void>(Session&)> work,
                            AttemptState& state) {
    auto lease = pool_.acquire();
    Connection& connection = *lease;
    return translated(&connection, state, [&]() -> Result<void> {
      if (access == Access::read) {
        ReadTransaction transaction(connection.get());
        return run(connection, transaction, work, state);
      }
      pqxx::work transaction(connection.get());
      if (access == Access::schema) {
        // Two servers starting together must not both apply the same migration.
        transaction.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                                "echri.schema." + target_.schema);
        if (!target_.schema.empty())
          transaction.exec0("CREATE SCHEMA IF NOT EXISTS " +
                            transaction.quote_name(target_.schema));
      }
      return run(connection, transaction, work, state);
    });
  }

  static Result<void> run(Connection& connection, pqxx::transaction_base& transaction,
                          FunctionRef<Result<void>(Session&)> work, AttemptState& state) {
    PostgresSession session(connection, transaction, state);
    auto outcome = work(session);
    // Leaving without commit aborts: on error, on a retryable failure, and while an exception
    // from the caller's work unwinds.
    if (outcome && !state.retry) transaction.commit();
    return outcome;
  }

  PostgresTarget target_;
  Pool pool_;
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

Result<std::unique_ptr<Driver>> open_postgres_driver(std::string_view url) {
  ECHRI_ASSIGN_OR_RETURN(auto target, parse_postgres_url(url));
  return std::unique_ptr<Driver>(std::make_unique<PostgresDriver>(std::move(target)));
}

}  // namespace echri::store::internal
