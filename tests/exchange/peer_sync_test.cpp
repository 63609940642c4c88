// Following a peer's log through its published checkpoint and tiles (peer_sync.hpp), with both
// nodes' logs in real SQLite stores, and every way a peer can misbehave.

#include "exchange/peer_sync.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exchange/cosignature.hpp"
#include "exchange/own_log.hpp"
#include "exchange/stored_log.hpp"
#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

constexpr std::string_view kOrigin = "node-a.example/echri";

// What a node publishes, read straight from its store (http/ serves the same functions).
class StoreSource : public PeerSource {
 public:
  StoreSource(store::Store& store, std::string origin)
      : store_(store), origin_(std::move(origin)) {}
  Result<std::string> checkpoint() override {
    ++checkpoints;
    return published_checkpoint(store_, origin_);
  }
  Result<std::string> tile(const TilePath& path) override {
    if (path.entries) bundles_fetched += path.tile.width;
    return published_tile(store_, origin_, path);
  }
  std::uint64_t bundles_fetched = 0;
  int checkpoints = 0;

 private:
  store::Store& store_;
  std::string origin_;
};

// A source whose answers a test rewrites: how a dishonest node behaves on the wire.
class RewritingSource : public PeerSource {
 public:
  explicit RewritingSource(PeerSource& inner) : inner_(inner) {}
  Result<std::string> checkpoint() override {
    if (fixed_checkpoint) return *fixed_checkpoint;
    return inner_.checkpoint();
  }
  Result<std::string> tile(const TilePath& path) override {
    auto bytes = inner_.tile(path);
    if (bytes && path.entries && drop_from_bundles) {
      auto entries = decode_entry_bundle(*bytes);
      entries->erase(entries->begin());
      return encode_entry_bundle(*entries);
    }
    return bytes;
  }
  std::optional<std::string> fixed_checkpoint;
  bool drop_from_bundles = false;

 private:
  PeerSource& inner_;
};

struct Node {
  echri::testing::TempDir dir;
  std::unique_ptr<store::Store> store;
  std::filesystem::path file;

  Node() : file(dir.path() / "echri.db") {
    auto opened = store::open_store("sqlite:" + file.string(), dir.path());
    EXPECT_THAT(opened, IsOk());
    store = std::move(*opened);
  }
  void sql(const std::string& statement) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int code = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(code, SQLITE_OK) << message;
  }
};

std::vector<std::string> numbered_entries(int first, int count, std::string_view prefix = "entry") {
  std::vector<std::string> entries;
  for (int i = first; i < first + count; ++i)
    entries.push_back(R"({"n":)" + std::to_string(i) + R"(,"text":")" + std::string(prefix) +
                      R"("})");
  return entries;
}

class PeerSyncTest : public ::testing::Test {
 protected:
  PeerSyncTest()
      : log_key_(*Ed25519Signer::generate(kOrigin)),
        witness_(*Ed25519Signer::generate("witness-b.example")),
        source_(*a_.store, std::string(kOrigin)) {}

  Result<SignedCheckpoint> publish(const std::vector<std::string>& entries, Node* node = nullptr) {
    return store::write_returning<SignedCheckpoint>(
        *(node != nullptr ? node : &a_)->store,
        [&](store::Transaction& tx) { return publish_entries(tx, log_key_, entries, {}); });
  }
  PeerPolicy policy(std::size_t witnesses_required = 0) const {
    PeerPolicy policy{std::string(kOrigin), log_key_.verifier(), {}, witnesses_required};
    policy.witnesses.push_back(CosignatureSigner(witness_).verifier());
    return policy;
  }
  Result<SyncReport> sync(PeerSource& source, std::size_t witnesses_required = 0) {
    return sync_peer(*b_.store, policy(witnesses_required), source, {});
  }
  std::vector<std::string> stored_entries(Node& node) {
    return *store::read_returning<std::vector<std::string>>(
        *node.store, [](store::Transaction& tx) { return tx.log_entries(kOrigin, 0, 1'000'000); });
  }
  std::size_t alerts(Node& node) {
    return store::read_returning<store::RecordPage>(*node.store,
                                                    [](store::Transaction& tx) {
                                                      store::RecordQuery query;
                                                      query.kind = std::string(kAlertRecord);
                                                      return tx.list(query);
                                                    })
        ->total;
  }

  Node a_;
  Node b_;
  Ed25519Signer log_key_;
  Ed25519Signer witness_;
  StoreSource source_;
};

TEST_F(PeerSyncTest, APeerCopiesEveryEntryAndCatchesUpWithNothingLostOrStoredTwice) {
  const auto first = numbered_entries(0, 300);
  ASSERT_THAT(publish(first), IsOk());
  auto report = sync(source_);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->size_before, 0U);
  EXPECT_EQ(report->size_after, 300U);
  EXPECT_FALSE(report->alert);
  EXPECT_EQ(stored_entries(b_), first);

  // B is offline while A publishes twice more; one sync brings every entry.
  const auto second = numbered_entries(300, 5);
  const auto third = numbered_entries(305, 251);
  ASSERT_THAT(publish(second), IsOk());
  ASSERT_THAT(publish(third), IsOk());
  source_.bundles_fetched = 0;
  report = sync(source_);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->size_before, 300U);
  EXPECT_EQ(report->size_after, 556U);
  auto all = first;
  all.insert(all.end(), second.begin(), second.end());
  all.insert(all.end(), third.begin(), third.end());
  EXPECT_EQ(stored_entries(b_), all);
  // Only the bundles reaching past 300 were fetched: the last partial one and two more.
  EXPECT_EQ(source_.bundles_fetched, 512U - 256U + 44U);

  // Syncing again fetches the checkpoint and stores nothing twice.
  report = sync(source_);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->size_after, 556U);
  EXPECT_EQ(stored_entries(b_).size(), 556U);
  EXPECT_THAT(verify_stored_log(*b_.store, kOrigin, kPeerLogRecord),
              ::testing::Optional(::testing::IsEmpty()));
}

TEST_F(PeerSyncTest, AnEntryEditedInThePeersDatabaseIsCaughtAndTheProofKept) {
  ASSERT_THAT(publish(numbered_entries(0, 10)), IsOk());
  ASSERT_THAT(sync(source_), IsOk());
  ASSERT_THAT(publish(numbered_entries(10, 10)), IsOk());
  // Somebody with access to A's database rewrites entry 12 before B fetches it.
  a_.sql(
      "UPDATE exchange_entries SET entry = CAST('{\"n\":12,\"text\":\"forged\"}' AS BLOB) "
      "WHERE idx = 12");
  // A's own check of its log sees it too.
  EXPECT_THAT(verify_stored_log(*a_.store, kOrigin, kCheckpointRecord),
              ::testing::Optional(::testing::SizeIs(1)));

  auto report = sync(source_);
  ASSERT_THAT(report, IsOk());
  ASSERT_TRUE(report->alert);
  EXPECT_EQ(*report->alert, AlertKind::entries_mismatch);
  EXPECT_EQ(report->size_after, 10U);
  EXPECT_EQ(stored_entries(b_).size(), 10U);  // nothing of the bad batch was stored
  EXPECT_EQ(alerts(b_), 1U);

  // The alert keeps both signed checkpoints; the log is halted.
  auto alert = store::read_returning<std::optional<store::Record>>(
      *b_.store, [&](store::Transaction& tx) { return tx.find(kAlertRecord, report->alert_id); });
  ASSERT_THAT(alert, IsOk());
  ASSERT_TRUE(alert->has_value());
  const auto body = nlohmann::json::parse((*alert)->body);
  EXPECT_NE(body["verified_checkpoint"].get<std::string>().find("\n10\n"), std::string::npos);
  EXPECT_NE(body["offered_checkpoint"].get<std::string>().find("\n20\n"), std::string::npos);
  EXPECT_THAT(sync(source_), FailsWith(ErrorKind::forbidden));
}

TEST_F(PeerSyncTest, ADroppedEntryIsCaught) {
  ASSERT_THAT(publish(numbered_entries(0, 10)), IsOk());
  RewritingSource dishonest(source_);
  dishonest.drop_from_bundles = true;
  auto report = sync(dishonest);
  ASSERT_THAT(report, IsOk());
  ASSERT_TRUE(report->alert);
  EXPECT_EQ(*report->alert, AlertKind::entries_mismatch);
  EXPECT_TRUE(stored_entries(b_).empty());
}

TEST_F(PeerSyncTest, ARolledBackCheckpointIsCaught) {
  auto old = publish(numbered_entries(0, 5));
  ASSERT_THAT(old, IsOk());
  ASSERT_THAT(publish(numbered_entries(5, 5)), IsOk());
  ASSERT_THAT(sync(source_), IsOk());
  RewritingSource dishonest(source_);
  dishonest.fixed_checkpoint = old->note;  // validly signed, but older than what B verified
  auto report = sync(dishonest);
  ASSERT_THAT(report, IsOk());
  ASSERT_TRUE(report->alert);
  EXPECT_EQ(*report->alert, AlertKind::rollback);
}

TEST_F(PeerSyncTest, AForkedHistoryIsCaughtAtTheSameSizeAndBeyond) {
  ASSERT_THAT(publish(numbered_entries(0, 8)), IsOk());
  ASSERT_THAT(sync(source_), IsOk());

  // The same log key signs another history on another database: same size, another root.
  Node other;
  ASSERT_THAT(publish(numbered_entries(0, 8, "other"), &other), IsOk());
  StoreSource fork(*other.store, std::string(kOrigin));
  auto report = sync(fork);
  ASSERT_THAT(report, IsOk());
  ASSERT_TRUE(report->alert);
  EXPECT_EQ(*report->alert, AlertKind::fork);
}

TEST_F(PeerSyncTest, AHistoryThatDoesNotExtendTheVerifiedOneIsAFork) {
  ASSERT_THAT(publish(numbered_entries(0, 8)), IsOk());
  ASSERT_THAT(sync(source_), IsOk());
  Node other;
  ASSERT_THAT(publish(numbered_entries(0, 20, "other"), &other), IsOk());
  StoreSource fork(*other.store, std::string(kOrigin));
  auto report = sync(fork);
  ASSERT_THAT(report, IsOk());
  ASSERT_TRUE(report->alert);
  EXPECT_EQ(*report->alert, AlertKind::fork);
  EXPECT_EQ(stored_entries(b_), numbered_entries(0, 8));
}

TEST_F(PeerSyncTest, ABadSignatureIsCaught) {
  auto published = publish(numbered_entries(0, 3));
  ASSERT_THAT(published, IsOk());
  auto note = published->note;
  // Flip one character of the signature's base64 (after the key id).
  const auto line = note.rfind("— ");
  auto& c = note[note.size() - 10];
  c = c == 'A' ? 'B' : 'A';
  ASSERT_NE(line, std::string::npos);
  RewritingSource dishonest(source_);
  dishonest.fixed_checkpoint = note;
  auto report = sync(dishonest);
  ASSERT_THAT(report, IsOk());
  ASSERT_TRUE(report->alert);
  EXPECT_EQ(*report->alert, AlertKind::bad_signature);
}

TEST_F(PeerSyncTest, ACheckpointWithoutTheRequiredCosignaturesIsNotAccepted) {
  auto published = publish(numbered_entries(0, 3));
  ASSERT_THAT(published, IsOk());
  EXPECT_THAT(sync(source_, 1), FailsWith(ErrorKind::forbidden));
  EXPECT_TRUE(stored_entries(b_).empty());
  EXPECT_EQ(alerts(b_), 0U);  // a missing cosignature is a witness outage, not misbehaviour

  // The witness cosigns; A adds the line to its checkpoint; B now accepts.
  Witness witness{CosignatureSigner(witness_)};
  auto line = witness.add_checkpoint(published->note, 0, {}, log_key_.verifier());
  ASSERT_THAT(line, IsOk());
  ASSERT_THAT(
      store::write_returning<SignedCheckpoint>(*a_.store,
                                               [&](store::Transaction& tx) {
                                                 const std::vector<std::string> lines{*line};
                                                 return add_cosignatures(tx, kOrigin, 3, lines, {});
                                               }),
      IsOk());
  auto report = sync(source_, 1);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->size_after, 3U);
}

TEST_F(PeerSyncTest, AnAppenderComputesTheSameRootAsTheInMemoryTree) {
  MemoryHashes memory;
  const auto entries = numbered_entries(0, 1000);
  for (const auto& entry : entries) memory.append(entry);
  // In three appends of uneven size, so that the right edge is reloaded from the store.
  ASSERT_THAT(publish({entries.begin(), entries.begin() + 1}), IsOk());
  ASSERT_THAT(publish({entries.begin() + 1, entries.begin() + 700}), IsOk());
  auto last = publish({entries.begin() + 700, entries.end()});
  ASSERT_THAT(last, IsOk());
  EXPECT_EQ(last->checkpoint.root, memory.root());
  auto stored_hashes =
      store::read_returning<std::vector<Hash>>(*a_.store, [&](store::Transaction& tx) {
        std::vector<std::uint64_t> all(memory.stored().size());
        for (std::uint64_t i = 0; i < all.size(); ++i) all[i] = i;
        return tx.log_hashes(kOrigin, all);
      });
  ASSERT_THAT(stored_hashes, IsOk());
  EXPECT_EQ(*stored_hashes, memory.stored());
}

}  // namespace
}  // namespace echri::exchange
