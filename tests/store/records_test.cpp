// Records, counters, documents and transactions, on both backends.

#include <stdexcept>

#include "core/digest.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

class RecordsTest : public StoreTest {};

Result<Record> insert(Store& store, Record record) {
  return write_returning<Record>(store, [&](Transaction& tx) { return tx.insert(record); });
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
  auto updated =
      write_returning<Record>(*store_, [&](Transaction& tx) { return tx.update(changed, 1); });
  ASSERT_TRUE(updated) << updated.error().describe();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->created_at, "2026-03-01T10:00:00Z");
  EXPECT_EQ(updated->updated_at, "2026-03-02T08:00:00Z");

  // A second writer still holding version 1 loses.
  auto stale =
      write_returning<Record>(*store_, [&](Transaction& tx) { return tx.update(changed, 1); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::conflict);
  EXPECT_NE(stale.error().message.find("version 2"), std::string::npos) << stale.error().message;

  auto found = find(*store_, "application", "APP-1");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->state, "submitted");
  EXPECT_EQ((*found)->body, R"({"b":2})");
  EXPECT_EQ((*found)->version, 2);
}

TEST_P(RecordsTest, UpdateOfAnAbsentRecordIsNotFound) {
  auto missing = write_returning<Record>(
      *store_, [&](Transaction& tx) { return tx.update(record("application", "ghost"), 1); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
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
    if (auto a = tx.append_audit(
            {"u", "r", "application.create", "application", "APP-1", "", "x", "{}"});
        !a)
      return tl::unexpected(a.error());
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
          EXPECT_TRUE(tx.append_audit({"u", "r", "a", "application", "APP-1", "", "", "{}"}));
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
  EXPECT_EQ(store_->audit_head()->sequence, 1);
}

ECHRI_STORE_BACKENDS(RecordsTest);

}  // namespace
}  // namespace echri::store::testing
