// The audit chain: hashing, linkage, and what verification detects, on both backends.

#include "store/audit_chain.hpp"

#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

AuditRecord chained(std::int64_t sequence, const std::string& previous, const std::string& action) {
  AuditRecord record;
  record.sequence = sequence;
  record.at = "2026-03-01T10:00:00Z";
  record.draft = {"user-1", "officer", action, "application", "APP-1", "", "", "{}"};
  record.previous_hash = previous;
  record.hash = record_hash(record);
  return record;
}

std::vector<AuditRecord> chain(int length) {
  std::vector<AuditRecord> records;
  std::string previous(kGenesisHash);
  for (int i = 1; i <= length; ++i) {
    records.push_back(chained(i, previous, "step." + std::to_string(i)));
    previous = records.back().hash;
  }
  return records;
}

TEST(RecordHash, CoversEveryFieldAndIsUnambiguous) {
  const auto base = chained(1, std::string(kGenesisHash), "a");
  EXPECT_EQ(base.hash.size(), 64U);
  EXPECT_EQ(record_hash(base), base.hash);
  auto changed = [&](auto&& edit) {
    auto copy = base;
    edit(copy);
    return record_hash(copy);
  };
  EXPECT_NE(changed([](AuditRecord& r) { r.sequence = 2; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.at = "2026-03-01T10:00:01Z"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.actor = "user-2"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.role = "admin"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.action = "b"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.subject_kind = "user"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.subject_id = "APP-2"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.before_digest = "x"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.after_digest = "x"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.detail = "{ }"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.previous_hash = std::string(64, '1'); }), base.hash);
  EXPECT_EQ(changed([](AuditRecord& r) { r.hash = "ignored"; }), base.hash);
  // Moving bytes from one field to the next changes the hash: fields are length-prefixed.
  const auto shifted = changed([](AuditRecord& r) {
    r.draft.actor = "user-1o";
    r.draft.role = "fficer";
  });
  EXPECT_NE(shifted, base.hash);
}

TEST(VerifyRecords, AnIntactChainAndTheEmptyChainVerify) {
  const auto records = chain(4);
  auto verdict = verify_records(records, {4, records.back().hash});
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.checked, 4);
  auto empty = verify_records({}, {0, std::string(kGenesisHash)});
  EXPECT_TRUE(empty.intact) << empty.problem;
  EXPECT_EQ(empty.checked, 0);
}

TEST(VerifyRecords, NamesTheFirstBadRecord) {
  const auto records = chain(5);
  const AuditHead head{5, records.back().hash};

  auto altered = records;
  altered[2].draft.detail = R"({"forged":true})";
  auto verdict = verify_records(altered, head);
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 3);
  EXPECT_EQ(verdict.checked, 2);
  EXPECT_NE(verdict.problem.find("altered"), std::string::npos) << verdict.problem;

  auto gap = records;
  gap.erase(gap.begin() + 1);
  verdict = verify_records(gap, head);
  EXPECT_EQ(verdict.first_bad_sequence, 2);
  EXPECT_NE(verdict.problem.find("missing"), std::string::npos) << verdict.problem;

  auto truncated = records;
  truncated.pop_back();
  verdict = verify_records(truncated, head);
  EXPECT_EQ(verdict.first_bad_sequence, 5);
  EXPECT_NE(verdict.problem.find("head"), std::string::npos) << verdict.problem;

  auto beyond = records;
  beyond.push_back(chained(6, records.back().hash, "extra"));
  verdict = verify_records(beyond, head);
  EXPECT_EQ(verdict.first_bad_sequence, 6);

  auto wrong_head = verify_records(records, {5, std::string(64, 'f')});
  EXPECT_FALSE(wrong_head.intact);
  EXPECT_EQ(wrong_head.first_bad_sequence, 5);
}

class AuditTest : public StoreTest {
 protected:
  // Five records through the store.
  std::vector<AuditRecord> five() {
    std::vector<AuditRecord> records;
    for (int i = 1; i <= 5; ++i) records.push_back(append("step." + std::to_string(i)));
    return records;
  }

  AuditVerification verify() {
    auto verified = verify_audit(*store_);
    EXPECT_TRUE(verified) << verified.error().describe();
    return verified ? *verified : AuditVerification{};
  }
};

TEST_P(AuditTest, AppendsAreSequencedAndLinked) {
  AuditDraft draft{"user-7", "officer", "decision.record",          "application", "APP-9",
                   "aaaa",   "bbbb",    R"({"decision":"approve"})"};
  set_now("2026-04-01T09:30:00Z");
  auto first = write_returning<AuditRecord>(
      *store_, [&](Transaction& tx) { return tx.append_audit(draft); });
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->sequence, 1);
  EXPECT_EQ(first->at, "2026-04-01T09:30:00Z");
  EXPECT_EQ(first->previous_hash, kGenesisHash);
  EXPECT_EQ(first->hash, record_hash(*first));
  const auto second = append("next");
  EXPECT_EQ(second.sequence, 2);
  EXPECT_EQ(second.previous_hash, first->hash);

  auto stored = store_->audit_records(1, 10);
  ASSERT_TRUE(stored) << stored.error().describe();
  ASSERT_EQ(stored->size(), 2U);
  EXPECT_EQ((*stored)[0].draft.detail, draft.detail);
  EXPECT_EQ((*stored)[0].draft.before_digest, "aaaa");
  EXPECT_EQ((*stored)[0].hash, first->hash);
  EXPECT_EQ((*stored)[1].hash, second.hash);
  auto head = store_->audit_head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->sequence, 2);
  EXPECT_EQ(head->hash, second.hash);

  auto from_two = store_->audit_records(2, 1);
  ASSERT_TRUE(from_two);
  ASSERT_EQ(from_two->size(), 1U);
  EXPECT_EQ(from_two->front().sequence, 2);
}

TEST_P(AuditTest, AnEmptyStoreVerifies) {
  const auto verdict = verify();
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.checked, 0);
}

TEST_P(AuditTest, AnUntouchedChainVerifies) {
  five();
  const auto verdict = verify();
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.checked, 5);
}

TEST_P(AuditTest, DetectsAnAlteredRecord) {
  five();
  raw_sql(R"(UPDATE audit SET detail = '{"forged":true}' WHERE sequence = 3)");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 3);
  EXPECT_EQ(verdict.checked, 2);
  EXPECT_NE(verdict.problem.find("record 3 was altered"), std::string::npos) << verdict.problem;
}

TEST_P(AuditTest, DetectsARemovedRecordInTheMiddle) {
  five();
  raw_sql("DELETE FROM audit WHERE sequence = 3");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 3);
  EXPECT_NE(verdict.problem.find("record 3 is missing"), std::string::npos) << verdict.problem;
}

TEST_P(AuditTest, DetectsTheLastRecordRemoved) {
  five();
  raw_sql("DELETE FROM audit WHERE sequence = 5");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 5);
  EXPECT_EQ(verdict.checked, 4);
  EXPECT_NE(verdict.problem.find("record 5 is missing"), std::string::npos) << verdict.problem;
}

TEST_P(AuditTest, DetectsTwoSwappedRecords) {
  five();
  raw_sql("UPDATE audit SET sequence = -2 WHERE sequence = 2");
  raw_sql("UPDATE audit SET sequence = 2 WHERE sequence = 3");
  raw_sql("UPDATE audit SET sequence = 3 WHERE sequence = -2");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 2);
  EXPECT_NE(verdict.problem.find("record 2 does not follow record 1"), std::string::npos)
      << verdict.problem;
}

TEST_P(AuditTest, DetectsARewrittenHead) {
  five();
  raw_sql("UPDATE audit_head SET hash = '" + std::string(64, 'e') + "'");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 5);
}

TEST_P(AuditTest, VerifiesALongChainPageByPage) {
  auto done = store_->write([&](Transaction& tx) -> Result<void> {
    for (int i = 0; i < 2500; ++i) {
      auto appended = tx.append_audit(
          {"system", "system", "bulk", "application", std::to_string(i), "", "", "{}"});
      if (!appended) return tl::unexpected(appended.error());
    }
    return {};
  });
  ASSERT_TRUE(done) << done.error().describe();
  raw_sql("DELETE FROM audit WHERE sequence = 2001");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 2001);
  EXPECT_EQ(verdict.checked, 2000);
}

ECHRI_STORE_BACKENDS(AuditTest);

}  // namespace
}  // namespace echri::store::testing
