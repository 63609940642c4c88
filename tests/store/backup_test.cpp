// Backups: a SQLite database restores into the backend under test and back, unchanged.

#include "store/backup.hpp"

#include <bit>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "core/digest.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;
using echri::testing::read_file;
using echri::testing::write_file;

class BackupTest : public StoreTest {
 protected:
  std::unique_ptr<Store> sqlite(const std::string& name) {
    auto opened = open_store("sqlite:" + (dir_->path() / name).string(), dir_->path(), options());
    EXPECT_TRUE(opened) << opened.error().describe();
    return opened ? std::move(*opened) : nullptr;
  }

  static void fill(Store& store) {
    auto done = store.write([&](Transaction& tx) -> Result<void> {
      for (int i = 0; i < 1203; ++i) {  // more than one dump page
        Record r;
        r.kind = i % 3 == 0 ? "user" : "application";
        r.id = "ID-" + std::to_string(i);
        r.organisation = "org-" + std::to_string(i % 4);
        r.parent = i % 5 == 0 ? "ID-0" : "";
        r.state = "submitted";
        r.risk = 0.1 * i + 1.0 / 3.0;
        r.body = R"({"name":"Zoë Ångström","n":)" + std::to_string(i) + "}";
        if (auto inserted = tx.insert(r); !inserted) return tl::unexpected(inserted.error());
        if (i % 2 == 0) {
          auto updated = tx.update(r, 1);
          if (!updated) return tl::unexpected(updated.error());
        }
        auto described = StoreTest::draft("application.create", r.kind, r.id);
        described.token_id = i % 7 == 0 ? "" : "tok-" + std::to_string(i % 5);
        described.detail = R"({"i":)" + std::to_string(i) + "}";
        ECHRI_TRY(tx.append_audit(described));
      }
      for (int i = 0; i < 3; ++i)
        if (auto n = tx.next_number("APP-" + std::to_string(i)); !n)
          return tl::unexpected(n.error());
      const std::string binary("\0\x01\x02\xff\xfe binary", 12);
      for (const auto& bytes : {binary, std::string("hello"), std::string()}) {
        if (auto put =
                tx.put_document({core::sha256_hex(bytes), "application/octet-stream", bytes});
            !put)
          return put;
      }
      return {};
    });
    ASSERT_TRUE(done) << done.error().describe();
  }

  // How many hashes a log of n entries stores (exchange/merkle.hpp's stored_hash_count).
  static std::uint64_t stored_hashes(std::uint64_t entries) {
    return 2 * entries - static_cast<std::uint64_t>(std::popcount(entries));
  }

  // Two logs: one longer than a dump page, one with an entry holding a NUL byte. The hashes are
  // stand-ins: the store keeps them without relating them to the entries.
  static std::map<std::string, std::vector<std::string>> log_contents() {
    std::vector<std::string> long_log;
    long_log.reserve(501);
    for (int i = 0; i < 501; ++i) long_log.push_back("entry " + std::to_string(i));
    return {{"a.example/log", long_log},
            {"b.example/log", {"first", std::string("nul\0byte", 8), "third"}}};
  }

  static std::vector<core::Sha256Digest> log_hashes(const std::string& log, std::size_t entries) {
    std::vector<core::Sha256Digest> hashes(stored_hashes(entries));
    for (std::uint64_t i = 0; i < hashes.size(); ++i)
      hashes[i] = core::sha256(log + " hash " + std::to_string(i));
    return hashes;
  }

  static void fill_logs(Store& store) {
    auto done = store.write([&](Transaction& tx) -> Result<void> {
      for (const auto& [log, entries] : log_contents())
        ECHRI_TRY(tx.append_log(LogAppend{log, {}, entries, log_hashes(log, entries.size())}));
      return {};
    });
    ASSERT_THAT(done, IsOk());
  }

  // Every row of both logs, read back from `store`.
  static void expect_logs(Store& store) {
    // Not a structured binding: the lambdas below capture the log, which C++20 allows of a
    // binding but the clang 14 that clang-tidy runs does not.
    for (const auto& content : log_contents()) {
      const auto& log = content.first;
      const auto& entries = content.second;
      auto extent =
          read_returning<LogExtent>(store, [&](Transaction& tx) { return tx.log_extent(log); });
      ASSERT_THAT(extent, IsOk());
      EXPECT_EQ(*extent, (LogExtent{entries.size(), stored_hashes(entries.size())})) << log;
      auto read = read_returning<std::vector<std::string>>(
          store, [&](Transaction& tx) { return tx.log_entries(log, 0, 1000); });
      ASSERT_THAT(read, IsOk());
      EXPECT_EQ(*read, entries) << log;
      const auto wanted = log_hashes(log, entries.size());
      std::vector<std::uint64_t> indexes(wanted.size());
      for (std::size_t i = 0; i < indexes.size(); ++i) indexes[i] = i;
      auto hashes = read_returning<std::vector<core::Sha256Digest>>(
          store, [&](Transaction& tx) { return tx.log_hashes(log, indexes); });
      ASSERT_THAT(hashes, IsOk());
      EXPECT_EQ(*hashes, wanted) << log;
    }
  }

  // True when `store` holds no row of either log.
  static bool no_logs(Store& store) {
    for (const auto& content : log_contents()) {
      const auto& log = content.first;
      auto extent =
          read_returning<LogExtent>(store, [&](Transaction& tx) { return tx.log_extent(log); });
      if (!extent || *extent != LogExtent{}) return false;
    }
    return true;
  }

  // `text` without its lines holding `needle` (which must be there).
  static std::string without_line(std::string text, const std::string& needle) {
    const auto at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    if (at == std::string::npos) return text;
    const auto begin = text.rfind('\n', at) + 1;
    return text.erase(begin, text.find('\n', at) + 1 - begin);
  }

  // `text` with `from` (which must be there once at least) replaced by `to` where first found.
  static std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }

  // The backup without its header line (which names the backend and the time).
  static std::string body_of(const std::filesystem::path& file) {
    const auto text = read_file(file);
    return text.substr(text.find('\n') + 1);
  }
};

TEST_P(BackupTest, RoundTripsFromSqliteThroughTheBackendAndBack) {
  auto source = sqlite("source.db");
  fill(*source);
  fill_logs(*source);
  const auto first = dir_->path() / "first.jsonl";
  auto backed_up = backup_store(*source, first);
  ASSERT_TRUE(backed_up) << backed_up.error().describe();
  EXPECT_EQ(backed_up->records, 1203U);
  EXPECT_EQ(backed_up->counters, 3U);
  EXPECT_EQ(backed_up->documents, 3U);
  EXPECT_EQ(backed_up->audit_records, 1203U);
  EXPECT_EQ(backed_up->log_entries, 501U + 3U);
  EXPECT_EQ(backed_up->log_hashes, 995U + 4U);  // 2n - popcount(n): 501 = 0b111110101

  auto restored = restore_store(*store_, first);
  ASSERT_TRUE(restored) << restored.error().describe();
  EXPECT_EQ(restored->restored.records, 1203U);
  EXPECT_EQ(restored->restored.log_entries, 504U);
  EXPECT_EQ(restored->restored.log_hashes, 999U);
  EXPECT_TRUE(restored->audit.intact) << restored->audit.problem;
  EXPECT_EQ(restored->audit.checked, 1203);
  expect_logs(*store_);

  const auto second = dir_->path() / "second.jsonl";
  ASSERT_TRUE(backup_store(*store_, second));
  EXPECT_EQ(body_of(second), body_of(first));

  auto back = sqlite("back.db");
  ASSERT_TRUE(restore_store(*back, second));
  expect_logs(*back);
  const auto third = dir_->path() / "third.jsonl";
  ASSERT_TRUE(backup_store(*back, third));
  EXPECT_EQ(body_of(third), body_of(first));

  // The restored store carries on: counters, versions and the chain continue.
  auto next = write_returning<std::int64_t>(
      *store_, [&](Transaction& tx) { return tx.next_number("APP-0"); });
  EXPECT_EQ(*next, 2);
  EXPECT_EQ(append("after.restore").sequence, 1204);
  auto verified = verify_audit(*store_);
  EXPECT_TRUE(verified && verified->intact);
}

TEST_P(BackupTest, RestoresOnlyIntoAnEmptyDatabase) {
  auto source = sqlite("source.db");
  fill(*source);
  const auto file = dir_->path() / "b.jsonl";
  ASSERT_TRUE(backup_store(*source, file));
  append("already.here");
  auto refused = restore_store(*store_, file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(store_->audit_head()->sequence, 1);
}

TEST_P(BackupTest, ABrokenFileRestoresNothing) {
  auto source = sqlite("source.db");
  fill(*source);
  const auto file = dir_->path() / "b.jsonl";
  ASSERT_TRUE(backup_store(*source, file));
  const auto text = read_file(file);

  // A forged audit record: the chain in the file does not verify.
  const auto tampered = dir_->path() / "tampered.jsonl";
  auto forged = text;
  const auto at = forged.find(R"("detail":"{\"i\":7}")");
  ASSERT_NE(at, std::string::npos);
  forged.replace(at, 20, R"("detail":"{\"i\":8}")");
  write_file(tampered, forged);
  auto refused = restore_store(*store_, tampered);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(refused.error().message.find("record 8 was altered"), std::string::npos)
      << refused.error().describe();

  // Truncated: no end line.
  const auto truncated = dir_->path() / "truncated.jsonl";
  write_file(truncated,
             text.substr(0, text.size() / 2 + 1).substr(0, text.rfind('\n', text.size() / 2) + 1));
  auto cut = restore_store(*store_, truncated);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().kind, ErrorKind::invalid_input);

  // Not a backup at all.
  const auto other = dir_->path() / "other.jsonl";
  write_file(other, "{\"hello\":1}\n");
  auto not_backup = restore_store(*store_, other);
  ASSERT_FALSE(not_backup);
  EXPECT_NE(not_backup.error().where.find("other.jsonl:1"), std::string::npos);

  // Nothing was written by any of these.
  EXPECT_EQ(store_->audit_head()->sequence, 0);
  RecordQuery query;
  query.kind = "application";
  EXPECT_EQ(
      read_returning<RecordPage>(*store_, [&](Transaction& tx) { return tx.list(query); })->total,
      0U);
  // And the good file still restores.
  EXPECT_TRUE(restore_store(*store_, file));
}

TEST_P(BackupTest, ADatabaseWithOnlyExchangeLogsIsNotEmpty) {
  auto source = sqlite("source.db");
  fill(*source);
  const auto file = dir_->path() / "b.jsonl";
  ASSERT_THAT(backup_store(*source, file), IsOk());
  fill_logs(*store_);
  EXPECT_THAT(restore_store(*store_, file), FailsWith(ErrorKind::conflict));
  EXPECT_EQ(store_->audit_head()->sequence, 0);
}

TEST_P(BackupTest, AFileWhoseLogsAreIncompleteRestoresNothing) {
  auto source = sqlite("source.db");
  fill_logs(*source);
  const auto file = dir_->path() / "b.jsonl";
  ASSERT_THAT(backup_store(*source, file), IsOk());
  const auto text = read_file(file);
  ASSERT_NE(text.find(R"("log_entries":504,"log_hashes":999})"), std::string::npos) << text;
  const auto edited = dir_->path() / "edited.jsonl";
  auto refused_with = [&](const std::string& changed, const std::string& message) {
    write_file(edited, changed);
    auto refused = restore_store(*store_, edited);
    ASSERT_THAT(refused, FailsWith(ErrorKind::invalid_input, "edited.jsonl"));
    EXPECT_NE(refused.error().message.find(message), std::string::npos) << refused.error().message;
  };

  // A count in the end line that the rows do not match: a line lost, or one too many.
  refused_with(replaced(text, R"("log_entries":504)", R"("log_entries":505)"),
               "the counts in the end line do not match");
  refused_with(replaced(text, R"("log_hashes":999)", R"("log_hashes":998)"),
               "the counts in the end line do not match");
  // Counts that agree with the lines, but a log whose hashes are not what its entries need.
  refused_with(
      replaced(without_line(text, R"("type":"log_hash","log":"b.example/log","idx":3,)"),
               R"("log_hashes":999)", R"("log_hashes":998)"),
      "exchange log 'b.example/log' has 3 entries and 3 stored hashes: its entries need 4");
  refused_with(
      replaced(without_line(text, R"("type":"log_entry","log":"b.example/log","idx":2,)"),
               R"("log_entries":504)", R"("log_entries":503)"),
      "exchange log 'b.example/log' has 2 entries and 4 stored hashes: its entries need 3");
  // A gap: the store would count the log from its largest index.
  refused_with(replaced(without_line(text, R"("type":"log_entry","log":"a.example/log","idx":7,)"),
                        R"("log_entries":504)", R"("log_entries":503)"),
               "exchange log 'a.example/log' entry 8 is out of order: entry 7 is next");
  refused_with(replaced(text, R"("log":"a.example/log","idx":0,"hash":")",
                        R"("log":"a.example/log","idx":0,"hash":"X)"),
               "is not 64 lower-case hex digits");

  // Nothing was written by any of these, and the file as written restores.
  EXPECT_TRUE(no_logs(*store_));
  auto restored = restore_store(*store_, file);
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(restored->restored.log_hashes, 999U);
  expect_logs(*store_);
}

// A backup of format 2, written before the exchange logs were backed up: no log lines and no log
// counts in its end line. It restores, without logs; a log line in it is refused, since its end
// line could not have counted it.
TEST_P(BackupTest, AFormatTwoBackupRestoresWithoutLogs) {
  auto source = sqlite("source.db");
  fill(*source);
  const auto file = dir_->path() / "b.jsonl";
  ASSERT_THAT(backup_store(*source, file), IsOk());
  auto text = replaced(read_file(file), R"("format_version":3)", R"("format_version":2)");
  text = replaced(text, R"(,"log_entries":0,"log_hashes":0})", "}");
  const auto v2 = dir_->path() / "v2.jsonl";
  write_file(v2, text);
  auto restored = restore_store(*store_, v2);
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(restored->restored.records, 1203U);
  EXPECT_EQ(restored->restored.log_entries, 0U);
  EXPECT_TRUE(restored->audit.intact) << restored->audit.problem;
  EXPECT_TRUE(no_logs(*store_));

  auto target = sqlite("target.db");
  const auto end = text.find(R"({"type":"end")");
  ASSERT_NE(end, std::string::npos);
  text.insert(end, R"({"type":"log_entry","log":"a.example/log","idx":0,"entry_base64":"eA=="})"
                   "\n");
  write_file(v2, text);
  auto refused = restore_store(*target, v2);
  ASSERT_THAT(refused, FailsWith(ErrorKind::invalid_input, "v2.jsonl"));
  EXPECT_NE(refused.error().message.find("line type 'log_entry' is not in backup format 2"),
            std::string::npos)
      << refused.error().message;
}

TEST_P(BackupTest, AnEmptyDatabaseBacksUpAndRestores) {
  const auto file = dir_->path() / "empty.jsonl";
  auto backed_up = backup_store(*store_, file);
  ASSERT_TRUE(backed_up) << backed_up.error().describe();
  auto target = sqlite("target.db");
  auto restored = restore_store(*target, file);
  ASSERT_TRUE(restored) << restored.error().describe();
  EXPECT_TRUE(restored->audit.intact);
  EXPECT_EQ(restored->audit.checked, 0);
}

TEST_P(BackupTest, TokenIdsAndFormatsTravelWithTheChain) {
  auto source = sqlite("source.db");
  fill(*source);
  const auto file = dir_->path() / "b.jsonl";
  ASSERT_THAT(backup_store(*source, file), IsOk());
  const auto text = read_file(file);
  EXPECT_NE(text.find(R"("format_version":3)"), std::string::npos);
  EXPECT_NE(text.find(R"("token_id":"tok-1")"), std::string::npos);
  EXPECT_NE(text.find(R"("format":2)"), std::string::npos);
  ASSERT_THAT(restore_store(*store_, file), IsOk());
  auto restored = store_->audit_records(2, 1);
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(restored->front().draft.token_id, "tok-1");
  EXPECT_EQ(restored->front().format, kAuditFormat);
}

TEST_P(BackupTest, AFileWhoseRecordsDoNotMatchItsChainRestoresNothing) {
  auto source = sqlite("source.db");
  fill(*source);
  const auto file = dir_->path() / "b.jsonl";
  ASSERT_THAT(backup_store(*source, file), IsOk());
  auto text = read_file(file);
  const auto at = text.find(R"(\"n\":7})");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 8, R"(\"n\":8})");
  const auto edited = dir_->path() / "edited.jsonl";
  write_file(edited, text);
  auto refused = restore_store(*store_, edited);
  ASSERT_THAT(refused, FailsWith(ErrorKind::invalid_input, "edited.jsonl"));
  EXPECT_NE(refused.error().message.find("'ID-7' does not match"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(store_->audit_head()->sequence, 0);
  EXPECT_EQ(*read_returning<bool>(*store_,
                                  [](Transaction& tx) -> Result<bool> {
                                    ECHRI_ASSIGN_OR_RETURN(auto found,
                                                           tx.find("application", "ID-1"));
                                    return found.has_value();
                                  }),
            false);
}

// A backup written before token ids were kept (backup format 1, schema 1, audit format 1 with
// digests of the body only) restores, verifies, and the chain carries on.
TEST_P(BackupTest, AFormatOneBackupStillRestores) {
  using nlohmann::ordered_json;
  const std::string body = R"({"decision":"refuse"})";
  AuditRecord old;
  old.sequence = 1;
  old.at = "2026-01-01T00:00:00Z";
  old.draft = StoreTest::draft("application.create", "application", "APP-1");
  old.draft.token_id.clear();
  old.draft.after_digest = core::sha256_hex(body);
  old.format = 1;
  old.previous_hash = std::string(kGenesisHash);
  old.hash = record_hash(old);
  std::string text;
  for (const auto& line : std::vector<ordered_json>{
           {{"format", "echri-backup"},
            {"format_version", 1},
            {"schema_version", 1},
            {"backend", "sqlite"},
            {"created_at", "2026-01-02T00:00:00Z"}},
           {{"type", "record"},
            {"kind", "application"},
            {"id", "APP-1"},
            {"organisation", "org-1"},
            {"parent", ""},
            {"state", "refused"},
            {"risk", 0.5},
            {"body", body},
            {"version", 1},
            {"created_at", old.at},
            {"updated_at", old.at}},
           {{"type", "audit"},
            {"sequence", 1},
            {"at", old.at},
            {"actor", old.draft.actor},
            {"role", old.draft.role},
            {"action", old.draft.action},
            {"subject_kind", "application"},
            {"subject_id", "APP-1"},
            {"before_digest", ""},
            {"after_digest", old.draft.after_digest},
            {"detail", old.draft.detail},
            {"previous_hash", old.previous_hash},
            {"hash", old.hash}},
           {{"type", "head"}, {"sequence", 1}, {"hash", old.hash}},
           {{"type", "end"}, {"records", 1}, {"counters", 0}, {"documents", 0}, {"audit", 1}}})
    text += line.dump() + "\n";
  const auto file = dir_->path() / "v1.jsonl";
  write_file(file, text);
  auto restored = restore_store(*store_, file);
  ASSERT_THAT(restored, IsOk());
  EXPECT_TRUE(restored->audit.intact) << restored->audit.problem;
  EXPECT_EQ(restored->audit.records_checked, 1);
  EXPECT_EQ(store_->audit_records(1, 1)->front().format, 1);
  EXPECT_EQ(append("after.restore").format, kAuditFormat);
  auto verified = verify_audit(*store_);
  ASSERT_THAT(verified, IsOk());
  EXPECT_TRUE(verified->intact) << verified->problem;
}

ECHRI_STORE_BACKENDS(BackupTest);

}  // namespace
}  // namespace echri::store::testing
