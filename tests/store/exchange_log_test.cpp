// The exchange logs' rows (Transaction::log_*), on both backends.

#include <string>
#include <vector>

#include "core/digest.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

class ExchangeLogTest : public StoreTest {};

core::Sha256Digest digest_of(int n) {
  return core::sha256("hash " + std::to_string(n));
}

Result<void> append_rows(Store& store, std::string_view log, LogExtent at,
                         const std::vector<std::string>& entries,
                         const std::vector<core::Sha256Digest>& hashes) {
  return store.write([&](Transaction& tx) {
    return tx.append_log(LogAppend{log, at, entries, hashes});
  });
}

TEST_P(ExchangeLogTest, AppendsAreReadBackByRangeAndByScatteredIndexes) {
  const std::vector<std::string> entries{"first", std::string("bytes\0with nul", 14), "third"};
  std::vector<core::Sha256Digest> hashes;
  hashes.reserve(7);
  for (int i = 0; i < 7; ++i) hashes.push_back(digest_of(i));
  ASSERT_THAT(append_rows(*store_, "a.example/log", {}, entries, hashes), IsOk());
  // Another log of the same store is separate.
  ASSERT_THAT(append_rows(*store_, "b.example/log", {}, {"other"}, {digest_of(99)}), IsOk());

  auto extent = read_returning<LogExtent>(
      *store_, [](Transaction& tx) { return tx.log_extent("a.example/log"); });
  ASSERT_THAT(extent, IsOk());
  EXPECT_EQ(*extent, (LogExtent{3, 7}));

  auto middle = read_returning<std::vector<std::string>>(
      *store_, [](Transaction& tx) { return tx.log_entries("a.example/log", 1, 5); });
  ASSERT_THAT(middle, IsOk());
  EXPECT_EQ(*middle, (std::vector<std::string>{entries[1], entries[2]}));

  const std::vector<std::uint64_t> wanted{6, 0, 3, 3};
  auto read = read_returning<std::vector<core::Sha256Digest>>(
      *store_, [&](Transaction& tx) { return tx.log_hashes("a.example/log", wanted); });
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(*read, (std::vector<core::Sha256Digest>{hashes[6], hashes[0], hashes[3], hashes[3]}));
}

TEST_P(ExchangeLogTest, AnAppendAtAnotherExtentIsRefusedAndWritesNothing) {
  ASSERT_THAT(append_rows(*store_, "a.example/log", {}, {"one"}, {digest_of(1)}), IsOk());
  // A writer that read the log before the first append: it would overwrite entry 0.
  EXPECT_THAT(append_rows(*store_, "a.example/log", {}, {"forged"}, {digest_of(2)}),
              FailsWith(ErrorKind::conflict));
  // Or leave a gap.
  EXPECT_THAT(append_rows(*store_, "a.example/log", {5, 9}, {"later"}, {digest_of(3)}),
              FailsWith(ErrorKind::conflict));
  auto entries = read_returning<std::vector<std::string>>(
      *store_, [](Transaction& tx) { return tx.log_entries("a.example/log", 0, 10); });
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ(*entries, std::vector<std::string>{"one"});
}

TEST_P(ExchangeLogTest, AMissingHashIsNamed) {
  ASSERT_THAT(append_rows(*store_, "a.example/log", {}, {"one"}, {digest_of(1)}), IsOk());
  const std::vector<std::uint64_t> wanted{0, 4};
  auto read = read_returning<std::vector<core::Sha256Digest>>(
      *store_, [&](Transaction& tx) { return tx.log_hashes("a.example/log", wanted); });
  ASSERT_THAT(read, FailsWith(ErrorKind::not_found));
  EXPECT_NE(read.error().message.find("stored hash 4"), std::string::npos) << read.error().message;
}

TEST_P(ExchangeLogTest, AnAppendInAFailedUnitOfWorkIsRolledBack) {
  auto failed = store_->write([&](Transaction& tx) -> Result<void> {
    const std::vector<std::string> entries{"one"};
    const std::vector<core::Sha256Digest> hashes{digest_of(1)};
    ECHRI_TRY(tx.append_log(LogAppend{"a.example/log", {}, entries, hashes}));
    return fail(ErrorKind::conflict, "the caller changed its mind");
  });
  ASSERT_THAT(failed, FailsWith(ErrorKind::conflict));
  auto extent = read_returning<LogExtent>(
      *store_, [](Transaction& tx) { return tx.log_extent("a.example/log"); });
  ASSERT_THAT(extent, IsOk());
  EXPECT_EQ(*extent, (LogExtent{0, 0}));
}

ECHRI_STORE_BACKENDS(ExchangeLogTest);

}  // namespace
}  // namespace echri::store::testing
