// Three Subscribing States' nodes on loopback, each a real server over its own store: publishing
// with the others' witness cosignatures, syncing, sealed entries, a node taken down and brought
// back, and the directory published by the central contact.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "api_fixture.hpp"
#include "exchange/peers.hpp"
#include "support/result_matchers.hpp"

namespace echri::http::testing {
namespace {

using cases::Role;
using echri::testing::IsOk;
using nlohmann::json;

struct StateNode {
  std::string state;
  exchange::NodeKeys keys;
  std::unique_ptr<ApiServer> api;
};

class ExchangeNodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto* state : {"US", "DE", "NL"}) {
      auto keys = exchange::generate_node_keys(std::string(state == std::string("US")   ? "us"
                                                           : state == std::string("DE") ? "de"
                                                                                        : "nl") +
                                                   ".node.example/echri",
                                               state);
      ASSERT_THAT(keys, IsOk());
      nodes_.push_back(std::make_unique<StateNode>(StateNode{state, std::move(*keys), nullptr}));
    }
    for (auto& node : nodes_) {
      std::string skip;
      node->api = ApiServer::start("sqlite", skip, &node->keys);
    }
    // Every node follows the other two and requires one cosignature on their checkpoints.
    for (auto& node : nodes_)
      for (auto& other : nodes_) {
        if (node == other) continue;
        exchange::Peer peer;
        peer.origin = other->keys.origin();
        peer.state = other->state;
        peer.url = other->api->url();
        peer.log_key = other->keys.log.verifier_key();
        peer.witness_key =
            exchange::CosignatureSigner(other->keys.witness).verifier().verifier_key();
        peer.encryption_key = other->keys.encryption.public_key_text();
        peer.token = other->api->token(Role::peer_node);
        peer.witnesses_required = 1;
        ASSERT_THAT(node->api->store().write(
                        [&](store::Transaction& tx) { return exchange::save_peer(tx, peer, {}); }),
                    IsOk());
      }
  }

  ApiServer& us() { return *nodes_[0]->api; }
  ApiServer& de() { return *nodes_[1]->api; }
  ApiServer& nl() { return *nodes_[2]->api; }

  static Reply publish(ApiServer& node, const json& body) {
    return node.send("POST", "/api/v1/exchange/publish", node.token(Role::officer), body.dump());
  }
  static json sync(ApiServer& node) {
    const auto reply = node.send("POST", "/api/v1/exchange/sync", node.token(Role::officer));
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json();
  }
  static json peer_result(const json& synced, const std::string& origin) {
    for (const auto& item : synced["peers"])
      if (item["peer"] == origin) return item;
    return {};
  }
  static json inbox(ApiServer& node) {
    const auto reply = node.send("GET", "/api/v1/exchange/inbox", node.token(Role::officer));
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json();
  }

  static json threat_report(const std::string& summary) {
    return {{"kind", "threat_report"},
            {"body",
             {{"subject_type", "technology"},
              {"subject", "Fictional intrusion suite"},
              {"summary", summary},
              {"risk", "high"}}}};
  }

  std::vector<std::unique_ptr<StateNode>> nodes_;
};

TEST_F(ExchangeNodesTest, PublishedEntriesAreCosignedSyncedAndRead) {
  const auto published = publish(us(), threat_report("Sold to a fictional security service."));
  ASSERT_EQ(published.status, 201) << published.body;
  const auto report = published.json();
  EXPECT_EQ(report["index"], 0);
  EXPECT_EQ(report["cosigned_by"].size(), 2U) << report.dump();
  EXPECT_TRUE(report["witness_failures"].empty());

  const auto synced = sync(de());
  const auto from_us = peer_result(synced, "us.node.example/echri");
  EXPECT_EQ(from_us["size_after"], 1) << synced.dump();
  EXPECT_TRUE(from_us["alert"].is_null());
  const auto items = inbox(de())["items"];
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0]["kind"], "threat_report");
  EXPECT_EQ(items[0]["issuer"], "US");
  EXPECT_EQ(items[0]["body"]["summary"], "Sold to a fictional security service.");

  // Exporters and civil society never see the exchange.
  EXPECT_EQ(de().send("GET", "/api/v1/exchange/inbox", de().token(Role::exporter)).status, 403);
  EXPECT_EQ(de().send("GET", "/api/v1/exchange/inbox", de().token(Role::civil_society)).status,
            403);
}

TEST_F(ExchangeNodesTest, AThirdStateVerifiesAnEntryAddressedToTwoOthersButCannotReadIt) {
  auto body = threat_report("For Germany and the Netherlands only.");
  body["audience"] = json::array({"DE", "NL"});
  ASSERT_EQ(publish(us(), body).status, 201);

  // Germany reads it.
  sync(de());
  auto items = inbox(de())["items"];
  ASSERT_EQ(items.size(), 1U);
  EXPECT_TRUE(items[0]["sealed"].get<bool>());
  EXPECT_EQ(items[0]["body"]["summary"], "For Germany and the Netherlands only.");

  // A node of a state not addressed stores and verifies it, but cannot read it.
  auto keys = exchange::generate_node_keys("fr.node.example/echri", "FR");
  ASSERT_THAT(keys, IsOk());
  std::string skip;
  auto france = ApiServer::start("sqlite", skip, &*keys);
  exchange::Peer peer;
  peer.origin = nodes_[0]->keys.origin();
  peer.state = "US";
  peer.url = us().url();
  peer.log_key = nodes_[0]->keys.log.verifier_key();
  peer.witness_key = exchange::CosignatureSigner(nodes_[0]->keys.witness).verifier().verifier_key();
  peer.encryption_key = nodes_[0]->keys.encryption.public_key_text();
  peer.token = us().token(Role::peer_node);
  ASSERT_THAT(france->store().write(
                  [&](store::Transaction& tx) { return exchange::save_peer(tx, peer, {}); }),
              IsOk());
  const auto synced = sync(*france);
  EXPECT_EQ(peer_result(synced, peer.origin)["size_after"], 1) << synced.dump();
  EXPECT_TRUE(inbox(*france)["items"].empty());
  const auto listed = france->send("GET", "/api/v1/exchange/entries?log=" + peer.origin,
                                   france->token(Role::officer));
  ASSERT_EQ(listed.status, 200);
  const auto entry = listed.json()["items"][0];
  EXPECT_TRUE(entry["sealed"].get<bool>());
  EXPECT_FALSE(entry["readable"].get<bool>());
  EXPECT_TRUE(entry["body"].is_null());
  EXPECT_EQ(entry["audience"], json::array({"DE", "NL"}));
}

TEST_F(ExchangeNodesTest, ANodeTakenDownMissesEntriesAndCatchesUpWithNothingLost) {
  ASSERT_EQ(publish(us(), threat_report("First.")).status, 201);
  sync(nl());
  nl().stop();
  // The Netherlands is down: its witness does not answer; Germany's cosignature is enough.
  for (const auto* text : {"Second.", "Third.", "Fourth."}) {
    const auto published = publish(us(), threat_report(text));
    ASSERT_EQ(published.status, 201);
    EXPECT_EQ(published.json()["cosigned_by"], json::array({"de.node.example/echri"}));
    EXPECT_EQ(published.json()["witness_failures"].size(), 1U);
  }
  nl().restart();
  const auto synced = sync(nl());
  EXPECT_EQ(peer_result(synced, "us.node.example/echri")["size_after"], 4) << synced.dump();
  const auto items = inbox(nl())["items"];
  ASSERT_EQ(items.size(), 4U);
  // Syncing again stores nothing twice.
  sync(nl());
  EXPECT_EQ(inbox(nl())["total"], 4);
  // And the Netherlands' witness cosigns again, from the tree it last saw.
  const auto later = publish(us(), threat_report("Fifth."));
  EXPECT_EQ(later.json()["cosigned_by"].size(), 2U) << later.body;
}

TEST_F(ExchangeNodesTest, TheCentralContactsDirectoryChangesReachEveryNode) {
  const json change = {{"kind", "directory_change"},
                       {"body",
                        {{"action", "update_state"},
                         {"state",
                          {{"code", "US"},
                           {"point_of_contact", {{"email", "contact@us.node.example"}}},
                           {"node_origin", "us.node.example/echri"}}}}}};
  const auto published = publish(us(), change);
  ASSERT_EQ(published.status, 201) << published.body;
  sync(de());
  const auto states = de().send("GET", "/api/v1/exchange/states", de().token(Role::officer));
  ASSERT_EQ(states.status, 200);
  const auto directory = states.json();
  EXPECT_EQ(directory["central_contact"], "US");
  EXPECT_TRUE(directory["problems"].empty()) << directory.dump();
  bool found = false;
  for (const auto& state : directory["states"])
    if (state["code"] == "US") {
      found = true;
      EXPECT_EQ(state["node_origin"], "us.node.example/echri");
    }
  EXPECT_TRUE(found);

  // A change published by a state that is not the central contact is not applied.
  ASSERT_EQ(publish(de(), change).status, 201);
  sync(nl());
  const auto at_nl = nl().send("GET", "/api/v1/exchange/states", nl().token(Role::officer)).json();
  EXPECT_EQ(at_nl["states"].size(), 25U);
}

TEST_F(ExchangeNodesTest, AWitnessRefusesAForkOfALogItCosigned) {
  ASSERT_EQ(publish(us(), threat_report("One.")).status, 201);
  // The same log key signs another history of one entry elsewhere and asks Germany to cosign.
  echri::testing::TempDir dir;
  auto other = store::open_store("sqlite:" + (dir.path() / "fork.db").string(), dir.path());
  ASSERT_THAT(other, IsOk());
  auto forked =
      store::write_returning<exchange::SignedCheckpoint>(**other, [&](store::Transaction& tx) {
        const std::vector<std::string> entries{R"({"forged":true})"};
        return exchange::publish_entries(tx, nodes_[0]->keys.log, entries, {});
      });
  ASSERT_THAT(forked, IsOk());
  const exchange::AddCheckpointRequest request{1, {}, forked->note};
  const auto reply = de().send("POST", "/exchange/v1/witness/add-checkpoint", "",
                               exchange::format_add_checkpoint(request), "text/plain");
  EXPECT_EQ(reply.status, 409) << reply.body;
  // A wrong idea of what the witness knows is answered with its size.
  const exchange::AddCheckpointRequest stale{0, {}, forked->note};
  const auto size = de().send("POST", "/exchange/v1/witness/add-checkpoint", "",
                              exchange::format_add_checkpoint(stale), "text/plain");
  EXPECT_EQ(size.status, 409);
  EXPECT_EQ(size.body, "1\n");
  EXPECT_EQ(size.header("Content-Type"), "text/x.tlog.size");
}

TEST_F(ExchangeNodesTest, AnAlertShowsInStatusMetricsTheInboxAndTheAuditChain) {
  ASSERT_EQ(publish(us(), threat_report("One.")).status, 201);
  sync(de());
  ASSERT_EQ(publish(us(), threat_report("Two.")).status, 201);
  // The US log's entry 1 is rewritten in its database before Germany fetches it.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(us().store().describe().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE exchange_entries SET entry = CAST('{}' AS BLOB) WHERE idx = 1",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  const auto synced = sync(de());
  const auto result = peer_result(synced, "us.node.example/echri");
  EXPECT_EQ(result["alert"], "entries_mismatch") << synced.dump();
  const auto alert_id = result["alert_id"].get<std::string>();

  const auto status = de().send("GET", "/api/v1/exchange/status", de().token(Role::auditor)).json();
  ASSERT_EQ(status["alerts"].size(), 1U);
  EXPECT_EQ(status["alerts"][0]["id"], alert_id);
  EXPECT_NE(status["alerts"][0]["offered_checkpoint"].get<std::string>().find("\n2\n"),
            std::string::npos);
  const auto inbox_alerts = inbox(de())["alerts"];
  ASSERT_EQ(inbox_alerts.size(), 1U);
  EXPECT_EQ(inbox_alerts[0]["kind"], "entries_mismatch");
  const auto metrics = de().send("GET", "/metrics", de().token(Role::auditor)).body;
  EXPECT_NE(metrics.find("echri_exchange_alerts 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("echri_exchange_peer_halted{peer=\"us.node.example/echri\"} 1"),
            std::string::npos);
  const auto audit =
      de().send("GET", "/api/v1/audit?limit=200", de().token(Role::auditor)).json()["items"];
  bool audited = false;
  for (const auto& record : audit)
    audited = audited || (record["action"] == "exchange.alert" && record["subject_id"] == alert_id);
  EXPECT_TRUE(audited);
}

TEST_F(ExchangeNodesTest, ThePublishedAuditHeadCatchesARewrittenAuditChain) {
  // Syncing publishes this node's audit head in its log; Germany keeps a verified copy.
  sync(us());
  sync(de());
  const auto entries = de().send("GET", "/api/v1/exchange/entries?log=us.node.example/echri",
                                 de().token(Role::auditor));
  ASSERT_EQ(entries.status, 200);
  json head;
  const auto items = entries.json()["items"];
  for (const auto& entry : items)
    if (entry["kind"] == "audit_head") head = entry["body"];
  ASSERT_FALSE(head.is_null()) << entries.body;
  const auto expect =
      "/api/v1/audit/verify?expect_head=" + std::to_string(head["sequence"].get<int>()) + ":" +
      head["hash"].get<std::string>();
  EXPECT_TRUE(us().send("GET", expect, us().token(Role::auditor)).json()["intact"].get<bool>());
  // Syncing again with nothing else done publishes no new head.
  sync(us());
  EXPECT_EQ(
      us().send("GET", "/api/v1/exchange/status", us().token(Role::auditor)).json()["log"]["size"],
      1);

  // The US chain is rewritten up to that head (its last record's hash replaced, the head row
  // moved along): the copy Germany holds no longer matches.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(us().store().describe().c_str(), &db), SQLITE_OK);
  const std::string forged(64, 'f');
  const auto sql = "UPDATE audit SET hash = '" + forged +
                   "' WHERE sequence = " + std::to_string(head["sequence"].get<int>()) +
                   "; UPDATE audit_head SET hash = '" + forged + "' WHERE hash = '" +
                   head["hash"].get<std::string>() + "'";
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const auto verdict = us().send("GET", expect, us().token(Role::auditor)).json();
  EXPECT_FALSE(verdict["intact"].get<bool>()) << verdict.dump() << " " << sql;
}

// SQL run on a node's database behind its back: what a node's operator could do.
void raw_sql(ApiServer& node, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(node.store().describe().c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(code, SQLITE_OK) << message;
}

std::string checkpoint_body(ApiServer& node) {
  auto record =
      store::read_returning<std::optional<store::Record>>(node.store(), [](store::Transaction& tx) {
        return tx.find("exchange_checkpoint", "us.node.example/echri");
      });
  EXPECT_TRUE(record && *record);
  return (*record)->body;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Both other nodes raise the alert of `kind` against the US log, each keeping both checkpoints.
void expect_alert_at_both(ApiServer& de, ApiServer& nl, const std::string& kind) {
  for (auto* node : {&de, &nl}) {
    const auto synced =
        node->send("POST", "/api/v1/exchange/sync", node->token(Role::officer)).json();
    json result;
    for (const auto& item : synced["peers"])
      if (item["peer"] == "us.node.example/echri") result = item;
    EXPECT_EQ(result["alert"], kind) << synced.dump();
    const auto status =
        node->send("GET", "/api/v1/exchange/status", node->token(Role::officer)).json();
    ASSERT_EQ(status["alerts"].size(), 1U) << status.dump();
    EXPECT_FALSE(status["alerts"][0]["verified_checkpoint"].get<std::string>().empty());
    EXPECT_FALSE(status["alerts"][0]["offered_checkpoint"].get<std::string>().empty());
  }
}

TEST_F(ExchangeNodesTest, ARolledBackCheckpointIsCaughtByTheOthers) {
  ASSERT_EQ(publish(us(), threat_report("One.")).status, 201);
  const auto old_body = checkpoint_body(us());
  ASSERT_EQ(publish(us(), threat_report("Two.")).status, 201);
  sync(de());
  sync(nl());
  raw_sql(us(),
          "UPDATE records SET body = " + quoted(old_body) + " WHERE kind = 'exchange_checkpoint'");
  expect_alert_at_both(de(), nl(), "rollback");
}

TEST_F(ExchangeNodesTest, ABadSignatureIsCaughtByTheOthers) {
  ASSERT_EQ(publish(us(), threat_report("One.")).status, 201);
  sync(de());
  sync(nl());
  ASSERT_EQ(publish(us(), threat_report("Two.")).status, 201);
  auto body = json::parse(checkpoint_body(us()));
  auto note = body["note"].get<std::string>();
  // The log's own signature line comes first after the blank line; change one of its characters.
  const auto line = note.find("\n\n\u2014 us.node.example/echri ") + 40;
  note[line] = note[line] == 'A' ? 'B' : 'A';
  body["note"] = note;
  raw_sql(us(), "UPDATE records SET body = " + quoted(body.dump()) +
                    " WHERE kind = 'exchange_checkpoint'");
  expect_alert_at_both(de(), nl(), "bad_signature");
}

TEST_F(ExchangeNodesTest, AForkedHistoryIsCaughtByTheOthers) {
  for (const auto* text : {"One.", "Two.", "Three."})
    ASSERT_EQ(publish(us(), threat_report(text)).status, 201);
  sync(de());
  sync(nl());
  // The US operator rewrites the log with the same key: entry "Two." dropped, a new one added.
  raw_sql(us(), "DELETE FROM exchange_entries; DELETE FROM exchange_hashes");
  for (const auto* text : {"One.", "Three.", "Four.", "Five."})
    ASSERT_EQ(publish(us(), threat_report(text)).status, 201);
  expect_alert_at_both(de(), nl(), "fork");
}

TEST_F(ExchangeNodesTest, AnEntryEditedInTheDatabaseIsCaughtByTheOthers) {
  ASSERT_EQ(publish(us(), threat_report("One.")).status, 201);
  sync(de());
  sync(nl());
  ASSERT_EQ(publish(us(), threat_report("Two.")).status, 201);
  ASSERT_EQ(publish(us(), threat_report("Three.")).status, 201);
  raw_sql(us(),
          "UPDATE exchange_entries SET entry = CAST(REPLACE(CAST(entry AS TEXT), 'Two.', "
          "'Six.') AS BLOB) WHERE idx = 1");
  expect_alert_at_both(de(), nl(), "entries_mismatch");
}

}  // namespace
}  // namespace echri::http::testing
