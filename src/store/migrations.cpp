#include "store/migrations.hpp"

#include <array>
#include <string>

namespace echri::store {
namespace {

// Text keys compare byte-wise on both backends (COLLATE "C" in PostgreSQL, SQLite's default), so
// list orders and backup pages agree whichever backend serves them.
// Timestamps are stored as the store's fixed-width UTC text ("YYYY-MM-DDTHH:MM:SSZ"), not as
// native date types: they sort correctly as text, hash identically on both backends, and a
// backup moves them between backends byte for byte.
constexpr std::string_view kInitialSqlite = R"sql(
CREATE TABLE records (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  parent TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '',
  risk REAL NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX records_by_organisation_state ON records (kind, organisation, state);
CREATE INDEX records_by_parent ON records (kind, parent);
CREATE INDEX records_by_risk ON records (kind, risk DESC, created_at);
CREATE INDEX records_by_created ON records (kind, created_at, id);
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE documents (
  sha256 TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  content BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE audit (
  sequence INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  before_digest TEXT NOT NULL,
  after_digest TEXT NOT NULL,
  detail TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit (subject_kind, subject_id);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sequence INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, sequence, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
)sql";

constexpr std::string_view kInitialPostgres = R"sql(
CREATE TABLE records (
  kind TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  organisation TEXT COLLATE "C" NOT NULL DEFAULT '',
  parent TEXT COLLATE "C" NOT NULL DEFAULT '',
  state TEXT COLLATE "C" NOT NULL DEFAULT '',
  risk DOUBLE PRECISION NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX records_by_organisation_state ON records (kind, organisation, state);
CREATE INDEX records_by_parent ON records (kind, parent);
CREATE INDEX records_by_risk ON records (kind, risk DESC, created_at);
CREATE INDEX records_by_created ON records (kind, created_at, id);
CREATE TABLE counters (
  name TEXT COLLATE "C" PRIMARY KEY,
  value BIGINT NOT NULL
);
CREATE TABLE documents (
  sha256 TEXT COLLATE "C" PRIMARY KEY,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  content BYTEA NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE audit (
  sequence BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  before_digest TEXT NOT NULL,
  after_digest TEXT NOT NULL,
  detail TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit (subject_kind, subject_id);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sequence BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, sequence, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
)sql";

// Audit records keep the API token the actor used (token_id) and the format their hash and
// digests follow (format: 1 for the records written before, whose hash covers no token id and
// whose digests cover the body only; 2 for the records written since, see audit_chain.hpp).
// audit_by_subject becomes a covering index in (subject_kind, subject_id, sequence) order, from
// which verification reads each record's newest audit record without touching the table; in
// PostgreSQL the subject columns compare byte-wise (COLLATE "C", like records' kind and id), so
// that both streams verification merges are in the same order.
constexpr std::string_view kTokenIdsSqlite = R"sql(
ALTER TABLE audit ADD COLUMN token_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
DROP INDEX audit_by_subject;
CREATE INDEX audit_by_subject ON audit (subject_kind, subject_id, sequence, after_digest);
)sql";

constexpr std::string_view kTokenIdsPostgres = R"sql(
ALTER TABLE audit ADD COLUMN token_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
DROP INDEX audit_by_subject;
ALTER TABLE audit ALTER COLUMN subject_kind TYPE TEXT COLLATE "C";
ALTER TABLE audit ALTER COLUMN subject_id TYPE TEXT COLLATE "C";
CREATE INDEX audit_by_subject ON audit (subject_kind, subject_id, sequence DESC)
  INCLUDE (after_digest);
)sql";

// The exchange logs (store.hpp, LogExtent): entries as the bytes they were signed as, hashes as
// lower-case hex (both backends compare and dump text alike). Keyed by (log, idx), so that the
// extent is one index probe (MAX) and a range of entries one index scan. In SQLite the entries
// are an ordinary rowid table: a WITHOUT ROWID row of about 1 KB overflows onto a page of its own,
// which took 4.7 KB of disk per entry; the hashes' small rows suit WITHOUT ROWID.
constexpr std::string_view kExchangeLogsSqlite = R"sql(
CREATE TABLE exchange_entries (
  log TEXT NOT NULL,
  idx INTEGER NOT NULL,
  entry BLOB NOT NULL,
  PRIMARY KEY (log, idx)
);
CREATE TABLE exchange_hashes (
  log TEXT NOT NULL,
  idx INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (log, idx)
) WITHOUT ROWID;
)sql";

constexpr std::string_view kExchangeLogsPostgres = R"sql(
CREATE TABLE exchange_entries (
  log TEXT COLLATE "C" NOT NULL,
  idx BIGINT NOT NULL,
  entry BYTEA NOT NULL,
  PRIMARY KEY (log, idx)
);
CREATE TABLE exchange_hashes (
  log TEXT COLLATE "C" NOT NULL,
  idx BIGINT NOT NULL,
  hash TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (log, idx)
);
)sql";

// Released migrations are frozen: a change to the schema is a new migration.
constexpr std::array<Migration, 3> kMigrations{{
    {1, "records, counters, documents and the audit chain", kInitialSqlite, kInitialPostgres},
    {2, "audit records keep the token id and their format; records bound to the chain",
     kTokenIdsSqlite, kTokenIdsPostgres},
    {3, "the exchange logs: entries and stored Merkle hashes", kExchangeLogsSqlite,
     kExchangeLogsPostgres},
}};

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

std::string_view migration_sql(const Migration& migration, Dialect dialect) {
  return dialect == Dialect::sqlite ? migration.sqlite : migration.postgres;
}

Result<std::vector<const Migration*>> pending_migrations(int current, std::string_view where) {
  if (current > latest_schema_version())
    return fail(ErrorKind::io,
                "the database schema is at version " + std::to_string(current) +
                    ", newer than this echri supports (" + std::to_string(latest_schema_version()) +
                    "); use a newer echri or restore a backup",
                std::string(where));
  std::vector<const Migration*> pending;
  for (const auto& migration : kMigrations)
    if (migration.version > current) pending.push_back(&migration);
  return pending;
}

std::string_view schema_migrations_ddl(Dialect /*dialect*/) {
  // The same text serves both dialects today; the parameter keeps the call sites honest.
  return "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
         "applied_at TEXT NOT NULL)";
}

}  // namespace echri::store
