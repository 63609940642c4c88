// The exchange log published over HTTP (exchange_routes.cpp) and followed by another node through
// HttpPeerSource: what a peer may read, and a sync over loopback that catches an edited entry.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "api_fixture.hpp"
#include "exchange/own_log.hpp"
#include "exchange/peer_sync.hpp"
#include "exchange/tiles.hpp"
#include "http/peer_source.hpp"
#include "support/result_matchers.hpp"

namespace echri::http::testing {
namespace {

using cases::Role;
using echri::testing::IsOk;

std::vector<std::string> entries(int first, int count) {
  std::vector<std::string> out;
  for (int i = first; i < first + count; ++i) out.push_back(R"({"n":)" + std::to_string(i) + "}");
  return out;
}

class ExchangeRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string skip;
    a_ = ApiServer::start("sqlite", skip, &keys_a_);
    b_ = ApiServer::start("sqlite", skip, &keys_b_);
  }

  void publish(const std::vector<std::string>& batch) {
    ASSERT_THAT(store::write_returning<exchange::SignedCheckpoint>(
                    a_->store(),
                    [&](store::Transaction& tx) {
                      return exchange::publish_entries(tx, keys_a_.log, batch, {});
                    }),
                IsOk());
  }
  Result<exchange::SyncReport> sync_b_from_a() {
    auto source = HttpPeerSource::open("http://127.0.0.1:" + std::to_string(a_->port()),
                                       a_->token(Role::peer_node));
    if (!source) return tl::unexpected(source.error());
    exchange::PeerPolicy policy{keys_a_.origin(), keys_a_.log.verifier(), {}, 0};
    return exchange::sync_peer(b_->store(), policy, **source, {});
  }

  exchange::NodeKeys keys_a_ = *exchange::generate_node_keys("a.example/echri", "FR");
  exchange::NodeKeys keys_b_ = *exchange::generate_node_keys("b.example/echri", "DE");
  std::unique_ptr<ApiServer> a_;
  std::unique_ptr<ApiServer> b_;
};

TEST_F(ExchangeRoutesTest, CheckpointAndHashTilesArePublicEntryBundlesForPeersOnly) {
  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/checkpoint").status, 404);  // nothing published
  publish(entries(0, 300));
  const auto checkpoint = a_->send("GET", "/exchange/v1/log/checkpoint");
  ASSERT_EQ(checkpoint.status, 200);
  EXPECT_EQ(checkpoint.body.rfind("a.example/echri\n300\n", 0), 0U) << checkpoint.body;
  EXPECT_EQ(checkpoint.header("Cache-Control"), "no-cache");

  const auto full = a_->send("GET", "/exchange/v1/log/tile/0/000");
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.body.size(), 256U * 32U);
  EXPECT_NE(full.header("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/tile/0/001.p/44").body.size(), 44U * 32U);
  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/tile/0/002").status, 404);   // beyond the tree
  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/tile/0/0001").status, 404);  // not canonical
  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/tile/entries").status, 404);

  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/tile/entries/000").status, 401);
  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/tile/entries/000", a_->token(Role::exporter)).status,
            403);
  EXPECT_EQ(a_->send("GET", "/exchange/v1/log/tile/entries/000", a_->token(Role::officer)).status,
            403);
  const auto bundle =
      a_->send("GET", "/exchange/v1/log/tile/entries/001.p/44", a_->token(Role::peer_node));
  ASSERT_EQ(bundle.status, 200);
  auto decoded = exchange::decode_entry_bundle(bundle.body);
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(*decoded, entries(256, 44));
}

TEST_F(ExchangeRoutesTest, APeerSyncsOverHttpAndCatchesAnEntryEditedInTheDatabase) {
  publish(entries(0, 40));
  auto report = sync_b_from_a();
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->size_after, 40U);
  EXPECT_FALSE(report->alert);

  publish(entries(40, 600));
  sqlite3* db = nullptr;
  const auto file = a_->store().describe();
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK) << file;
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE exchange_entries SET entry = CAST('{\"n\":-1}' AS BLOB) "
                         "WHERE idx = 333",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  report = sync_b_from_a();
  ASSERT_THAT(report, IsOk());
  ASSERT_TRUE(report->alert);
  EXPECT_EQ(*report->alert, exchange::AlertKind::entries_mismatch);
  EXPECT_EQ(report->size_after, 40U);
}

TEST_F(ExchangeRoutesTest, AnUnreachablePeerIsAnIoErrorNotAnAlert) {
  auto source = HttpPeerSource::open("http://127.0.0.1:1", "", {std::chrono::seconds(2)});
  ASSERT_THAT(source, IsOk());
  exchange::PeerPolicy policy{keys_a_.origin(), keys_a_.log.verifier(), {}, 0};
  EXPECT_THAT(exchange::sync_peer(b_->store(), policy, **source, {}),
              echri::testing::FailsWith(ErrorKind::io));
  EXPECT_THAT(HttpPeerSource::open("ftp://example", ""),
              echri::testing::FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(HttpPeerSource::open("https://node.example/some/path", ""),
              echri::testing::FailsWith(ErrorKind::invalid_input));
}

}  // namespace
}  // namespace echri::http::testing
