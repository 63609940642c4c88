// Reading stored logs (inbox.hpp): public and sealed entries, and entries that claim another
// state's name.

#include "exchange/inbox.hpp"

#include <gtest/gtest.h>

#include "exchange/own_log.hpp"
#include "exchange/sealed.hpp"
#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::exchange {
namespace {

using echri::testing::IsOk;

class InboxTest : public ::testing::Test {
 protected:
  InboxTest() {
    auto opened = store::open_store("sqlite:" + (dir_.path() / "echri.db").string(), dir_.path());
    EXPECT_THAT(opened, IsOk());
    store_ = std::move(*opened);
  }

  static Entry threat(const std::string& issuer) {
    Entry entry;
    entry.issuer = issuer;
    entry.issued_at = "2026-11-30T10:00:00Z";
    entry.kind = NotificationKind::threat_report;
    entry.body = {{"subject_type", "end_user"},
                  {"subject", "Fictitious Surveillance Systems LLC"},
                  {"summary", "Demo."},
                  {"risk", "high"}};
    return entry;
  }
  // An entry sealed to `states` with the keys given.
  static Entry sealed_to(const std::string& issuer,
                         const std::vector<std::pair<std::string, const EncryptionKeyPair*>>& to) {
    Entry entry = threat(issuer);
    std::vector<SealedRecipient> recipients;
    for (const auto& [state, key] : to) {
      entry.audience.push_back(state);
      recipients.push_back({state, key->public_key()});
    }
    const auto plaintext = encode_sealed_plaintext(*entry.kind, entry.body);
    entry.kind.reset();
    entry.body = nullptr;
    auto sealed = seal(*plaintext, recipients, entry_header_for_sealing(entry));
    entry.sealed = sealed_to_json(*sealed);
    return entry;
  }
  void append(const std::vector<Entry>& entries) {
    std::vector<std::string> bytes;
    for (const auto& entry : entries) {
      auto encoded = encode_entry(entry);
      ASSERT_THAT(encoded, IsOk());
      bytes.push_back(*encoded);
    }
    ASSERT_THAT(
        store::write_returning<SignedCheckpoint>(
            *store_,
            [&](store::Transaction& tx) { return publish_entries(tx, fr_log_, bytes, {}); }),
        IsOk());
  }
  std::vector<ReceivedEntry> read_as(const NodeKeys& keys) {
    const std::vector<LogOwner> logs{{"fr.example/log", "FR"}};
    return *store::read_returning<std::vector<ReceivedEntry>>(
        *store_, [&](store::Transaction& tx) { return read_all_entries(tx, keys, logs); });
  }

  echri::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Ed25519Signer fr_log_ = *Ed25519Signer::generate("fr.example/log");
  NodeKeys de_ = *generate_node_keys("de.example/log", "DE");
  NodeKeys nl_ = *generate_node_keys("nl.example/log", "NL");
};

TEST_F(InboxTest, PublicAndSealedEntriesAreReadByWhomTheyAreFor) {
  append({threat("FR"), sealed_to("FR", {{"DE", &de_.encryption}})});
  const auto at_de = read_as(de_);
  ASSERT_EQ(at_de.size(), 2U);
  EXPECT_TRUE(at_de[0].readable);
  EXPECT_EQ(at_de[0].kind, NotificationKind::threat_report);
  EXPECT_TRUE(at_de[1].readable);
  EXPECT_EQ(at_de[1].body["subject"], "Fictitious Surveillance Systems LLC");
  EXPECT_EQ(at_de[1].index, 1U);

  const auto at_nl = read_as(nl_);
  EXPECT_TRUE(at_nl[0].readable);
  EXPECT_FALSE(at_nl[1].readable);
  EXPECT_TRUE(at_nl[1].problem.empty());  // not for the Netherlands: no problem, just not theirs
  EXPECT_TRUE(at_nl[1].body.is_null());
}

TEST_F(InboxTest, AnEntryInAnotherStatesNameIsNeverReadable) {
  // France's log carries an entry that claims to come from Germany.
  append({threat("DE"), sealed_to("DE", {{"NL", &nl_.encryption}})});
  for (const auto& entry : read_as(nl_)) {
    EXPECT_FALSE(entry.readable);
    EXPECT_NE(entry.problem.find("names DE as its issuer, but the log is FR's"), std::string::npos)
        << entry.problem;
  }
}

TEST_F(InboxTest, ASealedEntryForThisStateThatDoesNotOpenIsListedWithItsProblem) {
  // Sealed "to the Netherlands" with Germany's key: the Netherlands cannot unwrap it.
  append({sealed_to("FR", {{"NL", &de_.encryption}})});
  const auto at_nl = read_as(nl_);
  ASSERT_EQ(at_nl.size(), 1U);
  EXPECT_FALSE(at_nl[0].readable);
  EXPECT_NE(at_nl[0].problem.find("does not open"), std::string::npos) << at_nl[0].problem;
}

}  // namespace
}  // namespace echri::exchange
