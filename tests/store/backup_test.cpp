// Backups: a SQLite database restores into the backend under test and back, unchanged.

#include "store/backup.hpp"

#include <fstream>
#include <sstream>

#include "core/digest.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

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
        auto appended =
            tx.append_audit({"user-1", "officer", "application.create", r.kind, r.id, "",
                             core::sha256_hex(r.body), R"({"i":)" + std::to_string(i) + "}"});
        if (!appended) return tl::unexpected(appended.error());
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

  // The backup without its header line (which names the backend and the time).
  static std::string body_of(const std::filesystem::path& file) {
    const auto text = read_file(file);
    return text.substr(text.find('\n') + 1);
  }
};

TEST_P(BackupTest, RoundTripsFromSqliteThroughTheBackendAndBack) {
  auto source = sqlite("source.db");
  fill(*source);
  const auto first = dir_->path() / "first.jsonl";
  auto backed_up = backup_store(*source, first);
  ASSERT_TRUE(backed_up) << backed_up.error().describe();
  EXPECT_EQ(backed_up->records, 1203U);
  EXPECT_EQ(backed_up->counters, 3U);
  EXPECT_EQ(backed_up->documents, 3U);
  EXPECT_EQ(backed_up->audit_records, 1203U);

  auto restored = restore_store(*store_, first);
  ASSERT_TRUE(restored) << restored.error().describe();
  EXPECT_EQ(restored->restored.records, 1203U);
  EXPECT_TRUE(restored->audit.intact) << restored->audit.problem;
  EXPECT_EQ(restored->audit.checked, 1203);

  const auto second = dir_->path() / "second.jsonl";
  ASSERT_TRUE(backup_store(*store_, second));
  EXPECT_EQ(body_of(second), body_of(first));

  auto back = sqlite("back.db");
  ASSERT_TRUE(restore_store(*back, second));
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

ECHRI_STORE_BACKENDS(BackupTest);

}  // namespace
}  // namespace echri::store::testing
