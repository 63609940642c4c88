// Several threads writing and reading through one store, and two stores (as two processes would)
// on the same database: every write lands, counters do not repeat, the chain stays linear.

#include <set>
#include <thread>

#include "store/audit_chain.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

class ConcurrencyTest : public StoreTest {};

constexpr int kThreads = 4;
constexpr int kWritesPerThread = 25;

TEST_P(ConcurrencyTest, ConcurrentWritersProduceALinearIntactChain) {
  auto second = open(options());  // another "process" on the same database
  ASSERT_NE(second, nullptr);
  std::vector<std::int64_t> numbers[kThreads];
  std::vector<std::string> failures[kThreads];
  {
    std::vector<std::jthread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Store& store = t % 2 == 0 ? *store_ : *second;
        for (int i = 0; i < kWritesPerThread; ++i) {
          auto number =
              write_returning<std::int64_t>(store, [&](Transaction& tx) -> Result<std::int64_t> {
                auto n = tx.next_number("APP");
                if (!n) return n;
                Record r;
                r.kind = "application";
                r.id = "APP-" + std::to_string(*n);
                r.body = "{}";
                if (auto inserted = tx.insert(r); !inserted)
                  return tl::unexpected(inserted.error());
                auto described = draft("application.create", "application", r.id);
                described.actor = "user-" + std::to_string(t);
                ECHRI_TRY(tx.append_audit(described));
                return *n;
              });
          if (number)
            numbers[t].push_back(*number);
          else
            failures[t].push_back(number.error().describe());
          // Readers run beside the writers.
          RecordQuery query;
          query.kind = "application";
          auto page =
              read_returning<RecordPage>(store, [&](Transaction& tx) { return tx.list(query); });
          if (!page) failures[t].push_back(page.error().describe());
        }
      });
    }
  }
  std::set<std::int64_t> all;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_TRUE(failures[t].empty()) << failures[t].front();
    all.insert(numbers[t].begin(), numbers[t].end());
  }
  const auto total = kThreads * kWritesPerThread;
  EXPECT_EQ(all.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), total);

  auto verified = verify_audit(*store_);
  ASSERT_TRUE(verified) << verified.error().describe();
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_EQ(verified->checked, total);
  RecordQuery query;
  query.kind = "application";
  EXPECT_EQ(
      read_returning<RecordPage>(*store_, [&](Transaction& tx) { return tx.list(query); })->total,
      static_cast<std::size_t>(total));
}

TEST_P(ConcurrencyTest, ConcurrentUpdatesOfOneRecordLoseNothing) {
  Record base;
  base.kind = "application";
  base.id = "APP-1";
  base.body = "0";
  ASSERT_TRUE(save(base));
  std::vector<std::string> failures[kThreads];
  {
    std::vector<std::jthread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 10; ++i) {
          // Read-modify-write in one transaction: the version check never fails because writers
          // are serialised.
          auto done = store_->write([&](Transaction& tx) -> Result<void> {
            auto found = tx.find("application", "APP-1");
            if (!found) return tl::unexpected(found.error());
            auto record = **found;
            record.body = std::to_string(std::stoi(record.body) + 1);
            ECHRI_TRY(tx.update(record, record.version));
            ECHRI_TRY(tx.append_audit(draft("application.update", "application", "APP-1")));
            return {};
          });
          if (!done) failures[t].push_back(done.error().describe());
        }
      });
    }
  }
  for (const auto& failed : failures) EXPECT_TRUE(failed.empty()) << failed.front();
  auto found = read_returning<std::optional<Record>>(
      *store_, [&](Transaction& tx) { return tx.find("application", "APP-1"); });
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->body, std::to_string(kThreads * 10));
  EXPECT_EQ((*found)->version, 1 + kThreads * 10);
  auto verified = verify_audit(*store_);
  ASSERT_TRUE(verified) << verified.error().describe();
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_EQ(verified->records_checked, 1);
}

ECHRI_STORE_BACKENDS(ConcurrencyTest);

}  // namespace
}  // namespace echri::store::testing
