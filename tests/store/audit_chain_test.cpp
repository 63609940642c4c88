// The audit chain: hashing, linkage, the binding of records to the chain, and what verification
// detects, on both backends.

#include "store/audit_chain.hpp"

#include "core/digest.hpp"
#include "store/migrations.hpp"
#include "store_fixture.hpp"

namespace echri::store::testing {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

// record_hash of chained(1, genesis, "a") in each format, computed from the documented encoding
// (docs/storage.md) by an independent implementation: chains already stored depend on them.
constexpr std::string_view kFormat1Hash =
    "d8afc4543d98f53e6e5023ca0079957ce14b26130a2be68483916227ef842363";
constexpr std::string_view kFormat2Hash =
    "2280e0f8ee9bc97aadc307075e13e1302e80b6b58ea01c56db9c3e1a61a4aba4";

AuditRecord chained(std::int64_t sequence, const std::string& previous, const std::string& action,
                    int format = kAuditFormat) {
  AuditRecord record;
  record.sequence = sequence;
  record.at = "2026-03-01T10:00:00Z";
  record.draft = StoreTest::draft(action, "application", "APP-1");
  if (format == 1) record.draft.token_id.clear();
  record.format = format;
  record.previous_hash = previous;
  record.hash = record_hash(record);
  return record;
}

std::vector<AuditRecord> chain(int length, int format = kAuditFormat) {
  std::vector<AuditRecord> records;
  std::string previous(kGenesisHash);
  for (int i = 1; i <= length; ++i) {
    records.push_back(chained(i, previous, "step." + std::to_string(i), format));
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
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.token_id = "tok-2"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.action = "b"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.subject_kind = "user"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.subject_id = "APP-2"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.before_digest = "x"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.after_digest = "x"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.draft.detail = "{ }"; }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.previous_hash = std::string(64, '1'); }), base.hash);
  EXPECT_NE(changed([](AuditRecord& r) { r.format = 1; }), base.hash);
  EXPECT_EQ(changed([](AuditRecord& r) { r.hash = "ignored"; }), base.hash);
  EXPECT_EQ(changed([](AuditRecord& r) { r.format = 3; }), "");
  // Moving bytes from one field to the next changes the hash: fields are length-prefixed.
  const auto shifted = changed([](AuditRecord& r) {
    r.draft.actor = "user-1o";
    r.draft.role = "fficer";
  });
  EXPECT_NE(shifted, base.hash);
}

TEST(RecordHash, EachFormatKeepsItsEncoding) {
  EXPECT_EQ(chained(1, std::string(kGenesisHash), "a").hash, kFormat2Hash);
  const auto old = chained(1, std::string(kGenesisHash), "a", 1);
  EXPECT_EQ(old.hash, kFormat1Hash);
  // Format 1 covers no token id: the verifier refuses one there instead.
  auto with_token = old;
  with_token.draft.token_id = "tok-1";
  EXPECT_EQ(record_hash(with_token), kFormat1Hash);
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

TEST(VerifyRecords, OldRecordsVerifyByTheirOwnFormatAndCannotBeDowngraded) {
  // A chain written before token ids (format 1), continued by this store (format 2).
  auto records = chain(3, 1);
  records.push_back(chained(4, records.back().hash, "step.4"));
  auto verdict = verify_records(records, {4, records.back().hash});
  EXPECT_TRUE(verdict.intact) << verdict.problem;

  // A format-1 record may not carry a token id (format 1 does not cover it)...
  auto smuggled = chain(2, 1);
  smuggled[1].draft.token_id = "tok-9";
  verdict = verify_records(smuggled, {2, smuggled.back().hash});
  EXPECT_EQ(verdict.first_bad_sequence, 2);
  // ...nor follow a format-2 record (its format was changed, its hash recomputed).
  auto downgraded = chain(2);
  downgraded[1] = chained(2, downgraded[0].hash, "step.2", 1);
  verdict = verify_records(downgraded, {2, downgraded.back().hash});
  EXPECT_EQ(verdict.first_bad_sequence, 2);
  EXPECT_NE(verdict.problem.find("format"), std::string::npos) << verdict.problem;
  auto unknown = chain(2);
  unknown[1].format = 7;
  verdict = verify_records(unknown, {2, unknown.back().hash});
  EXPECT_EQ(verdict.first_bad_sequence, 2);
}

TEST(VerifyRecords, AnExpectedHeadCatchesARewrittenChain) {
  const auto original = chain(5);
  // Rewritten from record 3 on, every hash recomputed and the head with them: consistent.
  auto rewritten = original;
  rewritten[2].draft.detail = R"({"forged":true})";
  for (std::size_t i = 2; i < rewritten.size(); ++i) {
    rewritten[i].previous_hash = rewritten[i - 1].hash;
    rewritten[i].hash = record_hash(rewritten[i]);
  }
  const AuditHead head{5, rewritten.back().hash};
  EXPECT_TRUE(verify_records(rewritten, head).intact);

  const auto against = [&](const AuditHead& expected) {
    ChainVerifier verifier(expected);
    for (const auto& record : rewritten)
      if (!verifier.add(record)) break;
    return verifier.finish(head);
  };
  auto verdict = against({5, original[4].hash});
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 5);
  EXPECT_NE(verdict.problem.find("not the record expected"), std::string::npos) << verdict.problem;
  EXPECT_EQ(against({3, original[2].hash}).first_bad_sequence, 3);
  // A head kept from before the rewrite point still matches: the chain up to it is unchanged.
  EXPECT_TRUE(against({2, original[1].hash}).intact);
  // The chain must reach the expected head.
  verdict = against({9, original[4].hash});
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 6);
  EXPECT_NE(verdict.problem.find("before the expected head record 9"), std::string::npos)
      << verdict.problem;
}

TEST(ParseAuditHead, ReadsSequenceColonHash) {
  const std::string hash(64, 'a');
  auto head = parse_audit_head("42:" + hash);
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->sequence, 42);
  EXPECT_EQ(head->hash, hash);
  EXPECT_THAT(parse_audit_head("0:" + std::string(kGenesisHash)), IsOk());
  for (const std::string& bad : std::vector<std::string>{
           "", "42", ":" + hash, "42:", "x:" + hash, "-1:" + hash, "4 2:" + hash,
           "42:" + hash + "0", "42:" + std::string(64, 'A'), "42:" + std::string(63, 'a'),
           "42;" + hash, "99999999999999999999:" + hash}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(parse_audit_head(bad), FailsWith(ErrorKind::invalid_input, "--expect-head"));
  }
  EXPECT_THAT(parse_audit_head("x", "query:expect_head"),
              FailsWith(ErrorKind::invalid_input, "query:expect_head"));
}

class AuditTest : public StoreTest {
 protected:
  // Five records through the store.
  std::vector<AuditRecord> five() {
    std::vector<AuditRecord> records;
    for (int i = 1; i <= 5; ++i) records.push_back(append("step." + std::to_string(i)));
    return records;
  }

  AuditVerification verify(const VerifyOptions& options = {}) {
    auto verified = verify_audit(*store_, options);
    EXPECT_THAT(verified, IsOk());
    return verified ? *verified : AuditVerification{};
  }

  // A small case file: audit records 1 application APP-1 filed, 2 licence LIC-1 issued with
  // conditions, 3 user olga (an exporter), 4 APP-1 refused; and one document.
  void case_file() {
    auto application = record("application", "APP-1", R"({"decision":null})");
    application.state = "submitted";
    ASSERT_THAT(save(application), IsOk());
    auto licence = record("licence", "LIC-1", R"({"conditions":["no re-export"]})");
    licence.state = "issued";
    ASSERT_THAT(save(licence), IsOk());
    auto user = record("user", "olga", R"({"role":"exporter"})");
    user.state = "active";
    ASSERT_THAT(save(user), IsOk());
    application.state = "refused";
    application.body = R"({"decision":"refuse","reasons":["human rights"]})";
    ASSERT_THAT(save(application, 1), IsOk());
    ASSERT_THAT(store_->write([&](Transaction& tx) { return tx.put_document(document_); }), IsOk());
  }

  // The one problem found, which must be about that record.
  static void expect_only(const AuditVerification& verdict, std::int64_t sequence,
                          const std::string& kind, const std::string& id, const std::string& text) {
    EXPECT_FALSE(verdict.intact);
    ASSERT_EQ(verdict.problem_count, 1U) << verdict.problem;
    ASSERT_EQ(verdict.problems.size(), 1U);
    const auto& problem = verdict.problems.front();
    EXPECT_EQ(problem.sequence, sequence) << problem.text;
    EXPECT_EQ(problem.kind, kind) << problem.text;
    EXPECT_EQ(problem.id, id) << problem.text;
    EXPECT_NE(problem.text.find(text), std::string::npos) << problem.text;
    EXPECT_EQ(verdict.problem, problem.text);
  }

  // The error of a write after the chain was tampered with: internal, nothing about the
  // database's location or its SQL.
  void expect_writes_refused() {
    auto refused = save(record("application", "APP-9"));
    ASSERT_THAT(refused, FailsWith(ErrorKind::internal));
    const auto& error = refused.error();
    EXPECT_EQ(error.where, "");
    EXPECT_NE(error.message.find("audit chain"), std::string::npos) << error.message;
    for (const std::string& secret :
         std::vector<std::string>{dir_->path().string(), "echri.db", "INSERT", "UNIQUE",
                                  "constraint", "store_test_", "postgres", "SQL"})
      EXPECT_EQ(error.message.find(secret), std::string::npos) << error.message;
  }

  const std::string bytes_ = "%PDF end-user certificate";
  const Document document_{core::sha256_hex(bytes_), "application/pdf", bytes_};
};

TEST_P(AuditTest, AppendsAreSequencedAndLinked) {
  AuditDraft draft = StoreTest::draft("decision.record", "application", "APP-9");
  draft.token_id = "tok-7";
  draft.detail = R"({"decision":"approve"})";
  set_now("2026-04-01T09:30:00Z");
  auto first = write_returning<AuditRecord>(
      *store_, [&](Transaction& tx) { return tx.append_audit(draft); });
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->sequence, 1);
  EXPECT_EQ(first->at, "2026-04-01T09:30:00Z");
  EXPECT_EQ(first->previous_hash, kGenesisHash);
  EXPECT_EQ(first->format, kAuditFormat);
  EXPECT_EQ(first->hash, record_hash(*first));
  const auto second = append("next");
  EXPECT_EQ(second.sequence, 2);
  EXPECT_EQ(second.previous_hash, first->hash);

  auto stored = store_->audit_records(1, 10);
  ASSERT_THAT(stored, IsOk());
  ASSERT_EQ(stored->size(), 2U);
  EXPECT_EQ((*stored)[0].draft.detail, draft.detail);
  EXPECT_EQ((*stored)[0].draft.token_id, "tok-7");
  EXPECT_EQ((*stored)[0].format, kAuditFormat);
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

  const auto page = store_->audit_page(2, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->head.sequence, 2);
  EXPECT_EQ(page->head.hash, second.hash);
  ASSERT_EQ(page->records.size(), 1U);
  EXPECT_EQ(page->records.front().hash, second.hash);
  const auto beyond = store_->audit_page(3, 10);
  ASSERT_THAT(beyond, IsOk());
  EXPECT_TRUE(beyond->records.empty());
  EXPECT_EQ(beyond->head.sequence, 2);
}

TEST_P(AuditTest, AnEmptyStoreVerifies) {
  const auto verdict = verify();
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.checked, 0);
  EXPECT_EQ(verdict.head.sequence, 0);
}

TEST_P(AuditTest, AnUntouchedChainVerifies) {
  five();
  case_file();
  const auto verdict = verify();
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.checked, 9);
  EXPECT_EQ(verdict.records_checked, 3);
  EXPECT_EQ(verdict.documents_checked, 1);
  EXPECT_EQ(verdict.head.sequence, 9);
  EXPECT_TRUE(verdict.problems.empty());
}

TEST_P(AuditTest, DetectsAnAlteredRecord) {
  five();
  raw_sql(R"(UPDATE audit SET detail = '{"forged":true}' WHERE sequence = 3)");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 3);
  EXPECT_EQ(verdict.checked, 2);
  EXPECT_NE(verdict.problem.find("record 3 was altered"), std::string::npos) << verdict.problem;
  ASSERT_FALSE(verdict.problems.empty());
  EXPECT_EQ(verdict.problems.front().kind, "application");
  EXPECT_EQ(verdict.problems.front().id, "APP-1");
}

TEST_P(AuditTest, DetectsAChangedTokenId) {
  five();
  raw_sql("UPDATE audit SET token_id = 'tok-other' WHERE sequence = 4");
  const auto verdict = verify();
  EXPECT_EQ(verdict.first_bad_sequence, 4);
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

TEST_P(AuditTest, DetectsARewrittenHeadAndRefusesWritesAfterIt) {
  five();
  raw_sql("UPDATE audit_head SET hash = '" + std::string(64, 'e') + "'");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 5);
  expect_writes_refused();
}

TEST_P(AuditTest, DetectsADecisionFlippedBySql) {
  case_file();
  raw_sql(
      "UPDATE records SET state = 'approved', body = replace(body, 'refuse', 'approve') "
      "WHERE kind = 'application' AND id = 'APP-1'");
  const auto verdict = verify();
  EXPECT_EQ(verdict.checked, 4);  // the chain itself is intact
  EXPECT_FALSE(verdict.first_bad_sequence.has_value());
  expect_only(verdict, 4, "application", "APP-1",
              "application 'APP-1' does not match record 4, its newest audit record");
}

TEST_P(AuditTest, DetectsEditedLicenceConditions) {
  case_file();
  raw_sql(R"(UPDATE records SET body = '{"conditions":[]}' WHERE kind = 'licence')");
  expect_only(verify(), 2, "licence", "LIC-1", "changed outside the store");
}

TEST_P(AuditTest, DetectsAnExporterMadeAdmin) {
  case_file();
  raw_sql("UPDATE records SET body = replace(body, 'exporter', 'admin') WHERE kind = 'user'");
  expect_only(verify(), 3, "user", "olga", "user 'olga' does not match record 3");
}

TEST_P(AuditTest, DetectsChangesToColumnsBesideTheBody) {
  case_file();
  raw_sql("UPDATE records SET created_at = '2020-01-01T00:00:00Z' WHERE kind = 'licence'");
  raw_sql("UPDATE records SET risk = 0.01 WHERE kind = 'application'");
  const auto verdict = verify();
  EXPECT_EQ(verdict.problem_count, 2U) << verdict.problem;
}

TEST_P(AuditTest, DetectsARecordInsertedBySql) {
  case_file();
  raw_sql(
      "INSERT INTO records (kind, id, organisation, parent, state, risk, body, version, "
      "created_at, updated_at) VALUES ('user', 'mallory', 'org-1', '', 'active', 0, "
      R"('{"role":"admin"}', 1, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'))");
  expect_only(verify(), 0, "user", "mallory", "user 'mallory' has no audit record");
}

TEST_P(AuditTest, DetectsARecordRemovedBySql) {
  case_file();
  raw_sql("DELETE FROM records WHERE kind = 'licence' AND id = 'LIC-1'");
  expect_only(verify(), 2, "licence", "LIC-1", "licence 'LIC-1' is missing");
}

TEST_P(AuditTest, DetectsAnAuditRecordAppendedAfterTheHeadAndRefusesWritesAfterIt) {
  case_file();
  const auto head = *store_->audit_head();
  // Well formed and linked to the head: only the head row was not moved.
  AuditRecord extra;
  extra.sequence = head.sequence + 1;
  extra.at = "2026-03-01T10:00:00Z";
  extra.draft = draft("user.promote", "user", "mallory");
  extra.draft.detail = "{}";
  extra.previous_hash = head.hash;
  extra.hash = record_hash(extra);
  raw_sql(
      "INSERT INTO audit (sequence, at, actor, role, token_id, action, subject_kind, "
      "subject_id, before_digest, after_digest, detail, previous_hash, hash, format) VALUES "
      "(5, '2026-03-01T10:00:00Z', 'user-1', 'officer', 'tok-1', 'user.promote', 'user', "
      "'mallory', '', '', '{}', '" +
      extra.previous_hash + "', '" + extra.hash + "', 2)");
  const auto verdict = verify();
  expect_only(verdict, 5, "user", "mallory", "record 5 is not covered by the head");
  EXPECT_EQ(verdict.first_bad_sequence, 5);
  expect_writes_refused();
}

TEST_P(AuditTest, RecordsAreBoundToTheChainUpToTheHeadOnly) {
  case_file();
  const auto head = *store_->audit_head();
  // A record and an audit record for it inserted by SQL after the head, and the licence changed
  // with an audit record after the head that "covers" the change.
  raw_sql(
      "INSERT INTO records (kind, id, organisation, parent, state, risk, body, version, "
      "created_at, updated_at) VALUES ('user', 'mallory', 'org-1', '', 'active', 0, "
      R"('{"role":"admin"}', 1, '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'))");
  raw_sql(R"(UPDATE records SET body = '{"conditions":[]}' WHERE kind = 'licence')");
  const auto licence = **read_returning<std::optional<Record>>(
      *store_, [](Transaction& tx) { return tx.find("licence", "LIC-1"); });
  std::string previous = head.hash;
  for (int i = 1; i <= 2; ++i) {
    AuditRecord extra;
    extra.sequence = head.sequence + i;
    extra.at = "2026-03-01T10:00:00Z";
    extra.draft = draft("forged", i == 1 ? "user" : "licence", i == 1 ? "mallory" : "LIC-1");
    extra.draft.after_digest = i == 1 ? "" : record_digest(licence);
    extra.previous_hash = previous;
    extra.hash = record_hash(extra);
    previous = extra.hash;
    raw_sql(
        "INSERT INTO audit (sequence, at, actor, role, token_id, action, subject_kind, "
        "subject_id, before_digest, after_digest, detail, previous_hash, hash, format) "
        "VALUES (" +
        std::to_string(extra.sequence) + ", '" + extra.at +
        "', 'user-1', 'officer', 'tok-1', "
        "'forged', '" +
        extra.draft.subject_kind + "', '" + extra.draft.subject_id + "', '', '" +
        extra.draft.after_digest + "', '{}', '" + extra.previous_hash + "', '" + extra.hash +
        "', 2)");
  }
  const auto verdict = verify();
  ASSERT_EQ(verdict.problem_count, 3U) << verdict.problem;
  EXPECT_EQ(verdict.problems[0].sequence, head.sequence + 1);  // not covered by the head
  EXPECT_EQ(verdict.problems[1].id, "LIC-1");                  // still bound to record 2
  EXPECT_EQ(verdict.problems[1].sequence, 2);
  EXPECT_EQ(verdict.problems[2].id, "mallory");  // no audit record up to the head
  EXPECT_EQ(verdict.problems[2].sequence, 0);
}

TEST_P(AuditTest, DetectsAChangedDocument) {
  case_file();
  raw_sql(postgres() ? "UPDATE documents SET content = decode('00', 'hex')"
                     : "UPDATE documents SET content = X'00'");
  expect_only(verify(), 0, "document", document_.sha256, "does not match its SHA-256");
}

TEST_P(AuditTest, NamesEveryProblemFound) {
  case_file();
  raw_sql(R"(UPDATE records SET body = '{"conditions":[]}' WHERE kind = 'licence')");
  raw_sql("UPDATE records SET body = replace(body, 'exporter', 'admin') WHERE kind = 'user'");
  raw_sql(R"(UPDATE audit SET detail = '{"forged":true}' WHERE sequence = 1)");
  const auto verdict = verify();
  EXPECT_EQ(verdict.problem_count, 3U);
  ASSERT_EQ(verdict.problems.size(), 3U);
  EXPECT_EQ(verdict.problems[0].sequence, 1);  // the chain first
  EXPECT_EQ(verdict.problems[1].id, "LIC-1");  // then records in (kind, id) order
  EXPECT_EQ(verdict.problems[2].id, "olga");
}

TEST_P(AuditTest, ARewrittenChainIsCaughtOnlyAgainstAHeadKeptElsewhere) {
  case_file();
  const auto kept = *store_->audit_head();  // e.g. published in a signed checkpoint
  auto records = *store_->audit_records(1, 10);
  ASSERT_EQ(records.size(), 4U);
  // From record 2 on: the licence's conditions and every hash after, and the head.
  records[1].draft.detail = R"({"conditions":"none"})";
  for (std::size_t i = 1; i < records.size(); ++i) {
    records[i].previous_hash = records[i - 1].hash;
    records[i].hash = record_hash(records[i]);
    raw_sql("UPDATE audit SET detail = '" + records[i].draft.detail + "', previous_hash = '" +
            records[i].previous_hash + "', hash = '" + records[i].hash +
            "' WHERE sequence = " + std::to_string(records[i].sequence));
  }
  raw_sql("UPDATE audit_head SET hash = '" + records.back().hash + "'");
  EXPECT_TRUE(verify().intact);  // consistent in itself

  auto verdict = verify({kept});
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 4);
  EXPECT_NE(verdict.problem.find("not the record expected"), std::string::npos) << verdict.problem;
  // A head kept before the rewrite point still matches.
  EXPECT_TRUE(verify({AuditHead{1, records[0].hash}}).intact);
  // One beyond the chain: records were removed, or the chain is not the one expected.
  verdict = verify({AuditHead{9, kept.hash}});
  EXPECT_EQ(verdict.first_bad_sequence, 5);
  EXPECT_TRUE(verify({kept}).head.sequence == 4);
}

TEST_P(AuditTest, VerifiesALongChainPageByPage) {
  auto done = store_->write([&](Transaction& tx) -> Result<void> {
    for (int i = 0; i < 2500; ++i)
      ECHRI_TRY(tx.append_audit(draft("bulk", "application", std::to_string(i))));
    return {};
  });
  ASSERT_THAT(done, IsOk());
  raw_sql("DELETE FROM audit WHERE sequence = 2001");
  const auto verdict = verify();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_bad_sequence, 2001);
  EXPECT_EQ(verdict.checked, 2000);
}

TEST_P(AuditTest, ManyRecordsAreBoundPageByPage) {
  auto done = store_->write([&](Transaction& tx) -> Result<void> {
    for (int i = 0; i < 1300; ++i) {
      ECHRI_ASSIGN_OR_RETURN(auto stored, tx.insert(record(i % 2 == 0 ? "application" : "user",
                                                           "R-" + std::to_string(i))));
      ECHRI_TRY(tx.append_audit(draft("create", stored.kind, stored.id)));
      if (i % 3 == 0) {
        stored.state = "submitted";
        ECHRI_TRY(tx.update(stored, stored.version));
        ECHRI_TRY(tx.append_audit(draft("submit", stored.kind, stored.id)));
      }
    }
    return {};
  });
  ASSERT_THAT(done, IsOk());
  auto verdict = verify();
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.records_checked, 1300);
  raw_sql("UPDATE records SET state = 'x' WHERE id = 'R-1201'");
  verdict = verify();
  ASSERT_EQ(verdict.problem_count, 1U) << verdict.problem;
  EXPECT_EQ(verdict.problems.front().id, "R-1201");
}

// A database written before records were bound and token ids kept: schema 1, format-1 audit
// records whose digests cover the body only. It migrates, verifies, and the chain carries on.
TEST_P(AuditTest, AChainWrittenBeforeThisVersionStillVerifies) {
  store_.reset();
  const auto dialect = postgres() ? Dialect::postgres : Dialect::sqlite;
  raw_sql(
      "DROP TABLE records; DROP TABLE counters; DROP TABLE documents; DROP TABLE audit; "
      "DROP TABLE audit_head; DROP TABLE exchange_entries; DROP TABLE exchange_hashes; "
      "DROP TABLE schema_migrations");
  raw_sql(std::string(schema_migrations_ddl(dialect)));
  raw_sql(std::string(migration_sql(migrations()[0], dialect)));
  raw_sql(
      "INSERT INTO schema_migrations (version, applied_at) VALUES (1, "
      "'2026-01-01T00:00:00Z')");
  const std::string body = R"({"decision":"refuse"})";
  raw_sql(
      "INSERT INTO records (kind, id, organisation, parent, state, risk, body, version, "
      "created_at, updated_at) VALUES ('application', 'APP-1', 'org-1', '', 'refused', 0.5, "
      "'" +
      body + "', 2, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')");
  std::string previous(kGenesisHash);
  for (int i = 1; i <= 2; ++i) {
    AuditRecord old = chained(i, previous, i == 1 ? "application.create" : "application.decide", 1);
    old.draft.before_digest = i == 1 ? "" : core::sha256_hex("{}");
    old.draft.after_digest = i == 1 ? core::sha256_hex("{}") : core::sha256_hex(body);
    old.hash = record_hash(old);
    raw_sql(
        "INSERT INTO audit (sequence, at, actor, role, action, subject_kind, subject_id, "
        "before_digest, after_digest, detail, previous_hash, hash) VALUES (" +
        std::to_string(i) + ", '" + old.at + "', 'user-1', 'officer', '" + old.draft.action +
        "', 'application', 'APP-1', '" + old.draft.before_digest + "', '" + old.draft.after_digest +
        "', '{}', '" + old.previous_hash + "', '" + old.hash + "')");
    previous = old.hash;
  }
  raw_sql("UPDATE audit_head SET sequence = 2, hash = '" + previous + "'");

  store_ = open(options());
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->schema_version(), latest_schema_version());
  auto verdict = verify();
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.records_checked, 1);
  auto old = *store_->audit_records(1, 1);
  EXPECT_EQ(old.front().format, 1);
  EXPECT_EQ(old.front().draft.token_id, "");

  // The old record is still bound (by its body)...
  raw_sql("UPDATE records SET body = replace(body, 'refuse', 'approve')");
  expect_only(verify(), 2, "application", "APP-1", "does not match record 2");
  raw_sql("UPDATE records SET body = replace(body, 'approve', 'refuse')");
  // ...and the chain continues in format 2.
  auto current = **read_returning<std::optional<Record>>(
      *store_, [](Transaction& tx) { return tx.find("application", "APP-1"); });
  current.state = "appealed";
  ASSERT_THAT(save(current, 2), IsOk());
  verdict = verify();
  EXPECT_TRUE(verdict.intact) << verdict.problem;
  EXPECT_EQ(verdict.checked, 3);
  EXPECT_EQ(store_->audit_records(3, 1)->front().format, kAuditFormat);
}

ECHRI_STORE_BACKENDS(AuditTest);

}  // namespace
}  // namespace echri::store::testing
