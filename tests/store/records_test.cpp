// Records, counters, documents and transactions, on both backends.

#include <stdexcept>

#include "core/digest.hpp"
#include "store/audit_chain.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

class RecordsTest : public StoreTest {};

// record_digest of the `fixed` record below, computed from the documented encoding
// (docs/storage.md) by an independent implementation.
constexpr std::string_view kFixedRecordDigest =
    "5271bfa5af5d96563f12edeb95dff5548e083fe92966b2e958a80e8adec9a916";

// Every write comes with its audit record.
Result<Record> insert(Store& store, Record record) {
  return StoreTest::save(store, std::move(record));
}

Result<std::optional<Record>> find(Store& store, const std::string& kind, const std::string& id) {
  return read_returning<std::optional<Record>>(store,
                                               [&](Transaction& tx) { return tx.find(kind, id); });
}

Result<RecordPage> list(Store& store, const RecordQuery& query) {
  return read_returning<RecordPage>(store, [&](Transaction& tx) { return tx.list(query); });
}

std::vector<std::string> ids(const RecordPage& page) {
  std::vector<std::string> out;
  for (const auto& record : page.records) out.push_back(record.id);
  return out;
}

TEST_P(RecordsTest, InsertSetsVersionAndTimesAndFindReturnsTheRecord) {
  auto base = record("application", "APP-1", R"({"a":1})");
  base.parent = "P-1";
  base.risk = 0.625;
  auto inserted = insert(*store_, base);
  ASSERT_TRUE(inserted) << inserted.error().describe();
  EXPECT_EQ(inserted->version, 1);
  EXPECT_EQ(inserted->created_at, "2026-03-01T10:00:00Z");
  EXPECT_EQ(inserted->updated_at, "2026-03-01T10:00:00Z");

  auto found = find(*store_, "application", "APP-1");
  ASSERT_TRUE(found) << found.error().describe();
  ASSERT_TRUE(found->has_value());
  const auto& got = **found;
  EXPECT_EQ(got.organisation, "org-1");
  EXPECT_EQ(got.parent, "P-1");
  EXPECT_EQ(got.state, "draft");
  EXPECT_DOUBLE_EQ(got.risk, 0.625);
  EXPECT_EQ(got.body, R"({"a":1})");
  EXPECT_EQ(got.version, 1);
}

TEST_P(RecordsTest, FindOfAnAbsentRecordIsEmptyNotAnError) {
  auto found = find(*store_, "application", "nope");
  ASSERT_TRUE(found) << found.error().describe();
  EXPECT_FALSE(found->has_value());
}

TEST_P(RecordsTest, InsertingTheSameKeyTwiceIsAConflict) {
  ASSERT_TRUE(insert(*store_, record("application", "APP-1")));
  auto again = insert(*store_, record("application", "APP-1"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  // The same id in another kind is another record.
  EXPECT_TRUE(insert(*store_, record("user", "APP-1")));
}

TEST_P(RecordsTest, KindMustBeLowerCaseLetters) {
  auto bad = insert(*store_, record("Application", "X"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::invalid_input);
  auto empty_id = insert(*store_, record("application", ""));
  ASSERT_FALSE(empty_id);
  EXPECT_EQ(empty_id.error().kind, ErrorKind::invalid_input);
}

TEST_P(RecordsTest, UpdateChecksTheVersionAndKeepsCreatedAt) {
  auto inserted = insert(*store_, record("application", "APP-1"));
  ASSERT_TRUE(inserted);
  set_now("2026-03-02T08:00:00Z");
  auto changed = *inserted;
  changed.state = "submitted";
  changed.body = R"({"b":2})";
  auto updated = save(changed, 1);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->created_at, "2026-03-01T10:00:00Z");
  EXPECT_EQ(updated->updated_at, "2026-03-02T08:00:00Z");

  // A second writer still holding version 1 loses.
  auto stale = save(changed, 1);
  ASSERT_THAT(stale, FailsWith(ErrorKind::conflict));
  EXPECT_NE(stale.error().message.find("version 2"), std::string::npos) << stale.error().message;

  auto found = find(*store_, "application", "APP-1");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->state, "submitted");
  EXPECT_EQ((*found)->body, R"({"b":2})");
  EXPECT_EQ((*found)->version, 2);
}

TEST_P(RecordsTest, UpdateOfAnAbsentRecordIsNotFound) {
  EXPECT_THAT(save(record("application", "ghost"), 1), FailsWith(ErrorKind::not_found));
}

TEST_P(RecordsTest, ListFiltersOrdersPagesAndCounts) {
  struct Row {
    const char* id;
    const char* organisation;
    const char* parent;
    const char* state;
    double risk;
    const char* at;
  };
  const Row rows[] = {
      {"A", "org-1", "", "submitted", 0.2, "2026-03-01T10:00:01Z"},
      {"B", "org-1", "", "draft", 0.9, "2026-03-01T10:00:02Z"},
      {"C", "org-2", "", "submitted", 0.9, "2026-03-01T10:00:03Z"},
      {"D", "org-1", "A", "submitted", 0.5, "2026-03-01T10:00:04Z"},
      {"E", "org-2", "A", "decided", 0.1, "2026-03-01T10:00:05Z"},
  };
  for (const auto& row : rows) {
    set_now(row.at);
    auto r = record("application", row.id);
    r.organisation = row.organisation;
    r.parent = row.parent;
    r.state = row.state;
    r.risk = row.risk;
    ASSERT_TRUE(insert(*store_, r));
  }
  ASSERT_TRUE(insert(*store_, record("user", "U")));

  RecordQuery query;
  query.kind = "application";
  auto all = list(*store_, query);
  ASSERT_TRUE(all) << all.error().describe();
  EXPECT_EQ(ids(*all), (std::vector<std::string>{"A", "B", "C", "D", "E"}));
  EXPECT_EQ(all->total, 5U);

  query.order = RecordOrder::newest;
  EXPECT_EQ(ids(*list(*store_, query)), (std::vector<std::string>{"E", "D", "C", "B", "A"}));

  query.order = RecordOrder::risk_then_age;
  EXPECT_EQ(ids(*list(*store_, query)), (std::vector<std::string>{"B", "C", "D", "A", "E"}));

  query.states = {"submitted", "decided"};
  auto states = list(*store_, query);
  EXPECT_EQ(ids(*states), (std::vector<std::string>{"C", "D", "A", "E"}));
  EXPECT_EQ(states->total, 4U);

  query.organisation = "org-1";
  EXPECT_EQ(ids(*list(*store_, query)), (std::vector<std::string>{"D", "A"}));

  RecordQuery children;
  children.kind = "application";
  children.parent = "A";
  EXPECT_EQ(ids(*list(*store_, children)), (std::vector<std::string>{"D", "E"}));

  RecordQuery paged;
  paged.kind = "application";
  paged.limit = 2;
  paged.offset = 2;
  auto page = list(*store_, paged);
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"C", "D"}));
  EXPECT_EQ(page->total, 5U);
  paged.offset = 10;
  auto beyond = list(*store_, paged);
  EXPECT_TRUE(beyond->records.empty());
  EXPECT_EQ(beyond->total, 5U);
}

TEST_P(RecordsTest, EqualTimesAreOrderedById) {
  for (const char* id : {"b", "c", "a"}) ASSERT_TRUE(insert(*store_, record("application", id)));
  RecordQuery query;
  query.kind = "application";
  EXPECT_EQ(ids(*list(*store_, query)), (std::vector<std::string>{"a", "b", "c"}));
  query.order = RecordOrder::newest;
  EXPECT_EQ(ids(*list(*store_, query)), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_P(RecordsTest, CountersCountFromOnePerName) {
  auto next = [&](const std::string& name) {
    return write_returning<std::int64_t>(*store_,
                                         [&](Transaction& tx) { return tx.next_number(name); });
  };
  EXPECT_EQ(*next("APP-2026"), 1);
  EXPECT_EQ(*next("APP-2026"), 2);
  EXPECT_EQ(*next("RFI-2026"), 1);
  EXPECT_EQ(*next("APP-2026"), 3);
}

TEST_P(RecordsTest, DocumentsAreStoredOncePerContent) {
  const std::string bytes("PDF\0binary\xff\x01", 12);
  const Document document{core::sha256_hex(bytes), "application/pdf", bytes};
  for (int i = 0; i < 2; ++i) {
    auto put = store_->write([&](Transaction& tx) { return tx.put_document(document); });
    ASSERT_TRUE(put) << put.error().describe();
  }
  auto got = read_returning<std::optional<Document>>(
      *store_, [&](Transaction& tx) { return tx.document(document.sha256); });
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->content, bytes);
  EXPECT_EQ((*got)->content_type, "application/pdf");

  auto absent = read_returning<std::optional<Document>>(
      *store_, [&](Transaction& tx) { return tx.document(std::string(64, 'a')); });
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->has_value());
}

TEST_P(RecordsTest, EmptyDocumentsRoundTrip) {
  const Document document{core::sha256_hex(""), "text/plain", ""};
  ASSERT_TRUE(store_->write([&](Transaction& tx) { return tx.put_document(document); }));
  auto got = read_returning<std::optional<Document>>(
      *store_, [&](Transaction& tx) { return tx.document(document.sha256); });
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->content, "");
}

TEST_P(RecordsTest, ADocumentMustMatchItsDigest) {
  const Document document{std::string(64, '0'), "text/plain", "hello"};
  auto put = store_->write([&](Transaction& tx) { return tx.put_document(document); });
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().kind, ErrorKind::invalid_input);
}

TEST_P(RecordsTest, AnErrorRollsBackEverythingTheWorkDid) {
  auto done = store_->write([&](Transaction& tx) -> Result<void> {
    if (auto r = tx.insert(record("application", "APP-1")); !r) return tl::unexpected(r.error());
    if (auto n = tx.next_number("APP"); !n) return tl::unexpected(n.error());
    ECHRI_TRY(tx.append_audit(draft("application.create", "application", "APP-1")));
    return fail(ErrorKind::conflict, "changed my mind");
  });
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().message, "changed my mind");
  EXPECT_FALSE(find(*store_, "application", "APP-1")->has_value());
  EXPECT_EQ(store_->audit_head()->sequence, 0);
  EXPECT_EQ(*write_returning<std::int64_t>(*store_,
                                           [&](Transaction& tx) { return tx.next_number("APP"); }),
            1);
}

TEST_P(RecordsTest, AnExceptionRollsBackAndPropagates) {
  EXPECT_THROW(
      {
        auto ignored = store_->write([&](Transaction& tx) -> Result<void> {
          EXPECT_TRUE(tx.insert(record("application", "APP-1")));
          EXPECT_TRUE(tx.append_audit(draft("a", "application", "APP-1")));
          throw std::runtime_error("boom");
        });
        (void)ignored;
      },
      std::runtime_error);
  EXPECT_FALSE(find(*store_, "application", "APP-1")->has_value());
  EXPECT_EQ(store_->audit_head()->sequence, 0);
  // The store is still usable afterwards.
  EXPECT_TRUE(insert(*store_, record("application", "APP-2")));
}

TEST_P(RecordsTest, AReadTransactionRefusesWrites) {
  auto done = store_->read([&](Transaction& tx) -> Result<void> {
    auto inserted = tx.insert(record("application", "APP-1"));
    if (!inserted) return tl::unexpected(inserted.error());
    return {};
  });
  EXPECT_FALSE(done);
  EXPECT_FALSE(find(*store_, "application", "APP-1")->has_value());
}

TEST_P(RecordsTest, ACommittedWriteSurvivesReopening) {
  ASSERT_TRUE(insert(*store_, record("application", "APP-1")));
  append("application.create");
  store_.reset();
  store_ = open(options());
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(find(*store_, "application", "APP-1")->has_value());
  EXPECT_EQ(store_->audit_head()->sequence, 2);
}

TEST_P(RecordsTest, AWriteWithoutItsAuditRecordIsRolledBack) {
  auto unaudited = store_->write([&](Transaction& tx) -> Result<void> {
    ECHRI_TRY(tx.insert(record("application", "APP-1")));
    return {};
  });
  ASSERT_THAT(unaudited, FailsWith(ErrorKind::internal));
  EXPECT_NE(unaudited.error().message.find("application 'APP-1'"), std::string::npos)
      << unaudited.error().message;
  EXPECT_FALSE(find(*store_, "application", "APP-1")->has_value());

  // An audit record about another record does not cover it either; one about it, appended
  // after the write, does.
  ASSERT_TRUE(insert(*store_, record("application", "APP-2")));
  EXPECT_THAT(store_->write([&](Transaction& tx) -> Result<void> {
    ECHRI_ASSIGN_OR_RETURN(auto found, tx.find("application", "APP-2"));
    auto changed = *found;
    changed.state = "submitted";
    ECHRI_TRY(tx.update(changed, changed.version));
    ECHRI_TRY(tx.append_audit(draft("application.submit", "application", "APP-3")));
    return {};
  }),
              FailsWith(ErrorKind::internal));
  EXPECT_EQ((*find(*store_, "application", "APP-2"))->state, "draft");
}

TEST_P(RecordsTest, TheStoreComputesTheAuditDigestsFromWhatWasWritten) {
  auto base = record("application", "APP-1", R"({"a":1})");
  auto created = write_returning<AuditRecord>(*store_, [&](Transaction& tx) -> Result<AuditRecord> {
    ECHRI_TRY(tx.insert(base));
    auto described = draft("application.create", "application", "APP-1");
    described.before_digest = "forged";  // whatever the caller says is replaced
    described.after_digest = "forged";
    return tx.append_audit(described);
  });
  ASSERT_THAT(created, IsOk());
  const auto stored = **find(*store_, "application", "APP-1");
  EXPECT_EQ(created->draft.before_digest, "");
  EXPECT_EQ(created->draft.after_digest, record_digest(stored));
  EXPECT_EQ(created->draft.token_id, "tok-1");

  // Two writes, one audit record: before is the record before the first write.
  set_now("2026-03-02T08:00:00Z");
  auto updated = write_returning<AuditRecord>(*store_, [&](Transaction& tx) -> Result<AuditRecord> {
    auto changed = stored;
    changed.state = "submitted";
    ECHRI_ASSIGN_OR_RETURN(auto once, tx.update(changed, 1));
    once.risk = 0.5;
    ECHRI_TRY(tx.update(once, 2));
    return tx.append_audit(draft("application.submit", "application", "APP-1"));
  });
  ASSERT_THAT(updated, IsOk());
  const auto after = **find(*store_, "application", "APP-1");
  EXPECT_EQ(after.version, 3);
  EXPECT_EQ(updated->draft.before_digest, record_digest(stored));
  EXPECT_EQ(updated->draft.after_digest, record_digest(after));

  // An audit record about a record this unit did not write attests it as it stands; one about
  // no record names no digest.
  auto attested = write_returning<AuditRecord>(*store_, [&](Transaction& tx) {
    return tx.append_audit(draft("application.viewed", "application", "APP-1"));
  });
  ASSERT_THAT(attested, IsOk());
  EXPECT_EQ(attested->draft.before_digest, record_digest(after));
  EXPECT_EQ(attested->draft.after_digest, record_digest(after));
  const auto nothing = append("lists.import");
  EXPECT_EQ(nothing.draft.after_digest, record_digest(after));  // APP-1 again
  auto elsewhere = write_returning<AuditRecord>(*store_, [&](Transaction& tx) {
    return tx.append_audit(draft("lists.import", "list", "ofac-sdn"));
  });
  ASSERT_THAT(elsewhere, IsOk());
  EXPECT_EQ(elsewhere->draft.before_digest, "");
  EXPECT_EQ(elsewhere->draft.after_digest, "");

  auto verified = verify_audit(*store_);
  ASSERT_THAT(verified, IsOk());
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_EQ(verified->records_checked, 1);
}

TEST(RecordDigest, CoversEveryColumnOfTheRow) {
  Record base;
  base.kind = "application";
  base.id = "APP-1";
  base.organisation = "org-1";
  base.parent = "P";
  base.state = "refused";
  base.risk = 0.1 + 0.2;
  base.body = R"({"decision":"refuse"})";
  base.version = 3;
  base.created_at = "2026-03-01T10:00:00Z";
  base.updated_at = "2026-03-02T10:00:00Z";
  const auto digest = record_digest(base);
  EXPECT_EQ(digest.size(), 64U);
  auto changed = [&](auto&& edit) {
    auto copy = base;
    edit(copy);
    return record_digest(copy);
  };
  EXPECT_NE(changed([](Record& r) { r.kind = "licence"; }), digest);
  EXPECT_NE(changed([](Record& r) { r.id = "APP-2"; }), digest);
  EXPECT_NE(changed([](Record& r) { r.organisation = "org-2"; }), digest);
  EXPECT_NE(changed([](Record& r) { r.parent = ""; }), digest);
  EXPECT_NE(changed([](Record& r) { r.state = "approved"; }), digest);
  EXPECT_NE(changed([](Record& r) { r.risk = 0.3; }), digest);  // 0.1 + 0.2 is not 0.3
  EXPECT_NE(changed([](Record& r) { r.body = R"({"decision":"approve"})"; }), digest);
  EXPECT_NE(changed([](Record& r) { r.version = 4; }), digest);
  EXPECT_NE(changed([](Record& r) { r.created_at = "2026-01-01T10:00:00Z"; }), digest);
  EXPECT_NE(changed([](Record& r) { r.updated_at = "2026-03-03T10:00:00Z"; }), digest);
  EXPECT_NE(changed([](Record& r) {
              r.kind = "applicatio";
              r.id = "nAPP-1";
            }),
            digest);
  // The encoding is fixed: this value must never change (stored chains name it).
  Record fixed;
  fixed.kind = "user";
  fixed.id = "olga";
  fixed.state = "active";
  fixed.body = R"({"role":"exporter"})";
  fixed.version = 1;
  fixed.created_at = fixed.updated_at = "2026-03-01T10:00:00Z";
  EXPECT_EQ(record_digest(fixed), kFixedRecordDigest);
  EXPECT_EQ(legacy_record_digest(fixed), core::sha256_hex(fixed.body));
}

ECHRI_STORE_BACKENDS(RecordsTest);

}  // namespace
}  // namespace echri::store::testing
