#include <gtest/gtest.h>

#include "case_fixture.hpp"

namespace echri::cases::testing {
namespace {

using nlohmann::json;

class CaseServiceTest : public CaseTest {
 protected:
  // Creates and submits an application; returns its id.
  std::string submitted(const json& application, const Principal* who = nullptr) {
    const auto& exporter = who != nullptr ? *who : exporter_;
    auto created = cases_->applications.create(exporter, application);
    EXPECT_TRUE(created) << created.error().describe();
    auto done = cases_->applications.submit(exporter, created->record.id, std::nullopt);
    EXPECT_TRUE(done) << done.error().describe();
    return created->record.id;
  }

  std::string decided_refusal() {
    auto id = submitted(demo_application());
    EXPECT_TRUE(cases_->applications.start_review(officer_, id, std::nullopt));
    EXPECT_TRUE(cases_->decisions.recommend(
        officer_, id, DecisionDraft{Outcome::refused, {"HR3"}, {}, "x"}, std::nullopt));
    auto decided = cases_->decisions.decide(
        senior_, id, DecisionDraft{Outcome::refused, {"HR3"}, {}, "x"}, std::nullopt);
    EXPECT_TRUE(decided) << decided.error().describe();
    return id;
  }

  std::int64_t audit_length() {
    auto head = store_->audit_head();
    EXPECT_TRUE(head);
    return head->sequence;
  }
};

TEST_P(CaseServiceTest, ADraftBelongsToItsExporter) {
  auto created = cases_->applications.create(exporter_, harmless_application());
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_EQ(created->record.state, "draft");
  EXPECT_EQ(created->record.id.rfind("APP-2026-", 0), 0U) << created->record.id;
  EXPECT_EQ(created->record.organisation, "northwind");
  EXPECT_TRUE(cases_->applications.get(exporter_, created->record.id));
  const auto foreign = cases_->applications.get(other_exporter_, created->record.id);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, ErrorKind::not_found);
  EXPECT_TRUE(cases_->applications.get(auditor_, created->record.id));
  const auto civil = cases_->applications.get(civil_, created->record.id);
  ASSERT_FALSE(civil);
  EXPECT_EQ(civil.error().kind, ErrorKind::forbidden);
  auto mine = cases_->applications.list(exporter_, {}, Paging{});
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->total, 1U);
  auto theirs = cases_->applications.list(other_exporter_, {}, Paging{});
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->total, 0U);
}

TEST_P(CaseServiceTest, BadApplicationsAreRefusedWithTheirPath) {
  auto application = harmless_application();
  application["items"][0]["control_entry"] = "not an entry";
  const auto created = cases_->applications.create(exporter_, application);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(created.error().where.find("$.items[0].control_entry"), std::string::npos)
      << created.error().describe();
  const auto officer = cases_->applications.create(officer_, harmless_application());
  ASSERT_FALSE(officer);
  EXPECT_EQ(officer.error().kind, ErrorKind::forbidden);
}

TEST_P(CaseServiceTest, UpdatesNeedTheCurrentVersionAndADraft) {
  auto created = cases_->applications.create(exporter_, harmless_application());
  ASSERT_TRUE(created);
  const auto id = created->record.id;
  auto changed = harmless_application();
  changed["destination"] = "SE";
  auto updated = cases_->applications.update(exporter_, id, changed, created->record.version);
  ASSERT_TRUE(updated) << updated.error().describe();
  EXPECT_EQ(updated->record.version, created->record.version + 1);
  EXPECT_EQ(updated->body()["application"]["destination"], "SE");
  const auto stale = cases_->applications.update(exporter_, id, changed, created->record.version);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::stale);
  ASSERT_TRUE(cases_->applications.submit(exporter_, id, std::nullopt));
  const auto late = cases_->applications.update(exporter_, id, changed, std::nullopt);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::conflict);
}

TEST_P(CaseServiceTest, SubmissionScreensAssessesAndFlags) {
  const auto id = submitted(demo_application());
  auto seen = cases_->applications.get(officer_, id);
  ASSERT_TRUE(seen);
  const auto& body = seen->body();
  EXPECT_TRUE(body.contains("assessment"));
  EXPECT_TRUE(body["screening"]["performed"].get<bool>());
  bool listed = false;
  for (const auto& hit : body["screening"]["hits"])
    listed = listed || hit["listed_name"] == "Fictitious Surveillance Systems LLC";
  EXPECT_TRUE(listed) << body["screening"].dump();
  bool flagged = false;
  for (const auto& flag : body["flags"]) flagged = flagged || flag["kind"] == "screening_match";
  EXPECT_TRUE(flagged);
  EXPECT_GT(seen->record.risk, 0);
  EXPECT_EQ(body["risk"]["score"].get<double>(), seen->record.risk);
  // The exporter sees its case without the authority's assessment.
  auto own = cases_->applications.get(exporter_, id);
  ASSERT_TRUE(own);
  EXPECT_FALSE(own->body().contains("assessment"));
  EXPECT_FALSE(own->body().contains("flags"));
  EXPECT_FALSE(own->body().contains("risk"));
  EXPECT_TRUE(own->body().contains("history"));
}

TEST_P(CaseServiceTest, MissingInformationGoesBackToTheExporter) {
  auto application = harmless_application();
  application.erase("end_use");
  application.erase("assurances");
  const auto id = submitted(application);
  auto seen = cases_->applications.get(officer_, id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->record.state, "information_requested");
  auto requests = cases_->files.information_requests(exporter_, id, Paging{});
  ASSERT_TRUE(requests);
  ASSERT_EQ(requests->total, 1U);
  const auto& request = requests->items[0];
  EXPECT_NE(request.body()["question"].get<std::string>().find("$.end_use"), std::string::npos);
  EXPECT_EQ(request.body()["due"], "2026-03-22");
  const auto foreign = cases_->files.answer_information(other_exporter_, request.record.id, "x");
  ASSERT_FALSE(foreign);
  auto answered = cases_->files.answer_information(exporter_, request.record.id, "Teaching only.");
  ASSERT_TRUE(answered) << answered.error().describe();
  EXPECT_EQ(answered->record.state, "answered");
  EXPECT_EQ(cases_->applications.get(officer_, id)->record.state, "under_review");
  const auto again = cases_->files.answer_information(exporter_, request.record.id, "again");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
}

TEST_P(CaseServiceTest, IllegalTransitionsAreRefused) {
  auto created = cases_->applications.create(exporter_, harmless_application());
  ASSERT_TRUE(created);
  const auto id = created->record.id;
  const auto decided = cases_->decisions.decide(
      officer_, id, DecisionDraft{Outcome::approved, {}, {}, ""}, std::nullopt);
  ASSERT_FALSE(decided);
  EXPECT_EQ(decided.error().kind, ErrorKind::conflict);
  EXPECT_NE(decided.error().message.find("state draft"), std::string::npos);
  const auto review = cases_->applications.start_review(officer_, id, std::nullopt);
  ASSERT_FALSE(review);
  EXPECT_EQ(review.error().kind, ErrorKind::conflict);
  ASSERT_TRUE(cases_->applications.withdraw(exporter_, id, std::nullopt));
  const auto submit = cases_->applications.submit(exporter_, id, std::nullopt);
  ASSERT_FALSE(submit);
  EXPECT_EQ(submit.error().kind, ErrorKind::conflict);
}

TEST_P(CaseServiceTest, ARefusalNeedsFourEyesAndCodedReasons) {
  const auto id = submitted(demo_application());
  auto review = cases_->applications.start_review(officer_, id, std::nullopt);
  ASSERT_TRUE(review) << review.error().describe()
                      << cases_->applications.get(officer_, id)->body().dump();
  const auto alone = cases_->decisions.decide(
      officer_, id, DecisionDraft{Outcome::refused, {"HR1"}, {}, ""}, std::nullopt);
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().kind, ErrorKind::forbidden);
  const auto uncoded = cases_->decisions.recommend(
      officer_, id, DecisionDraft{Outcome::refused, {}, {}, ""}, std::nullopt);
  ASSERT_FALSE(uncoded);
  EXPECT_EQ(uncoded.error().where, "$.reasons");
  const auto unknown = cases_->decisions.recommend(
      officer_, id, DecisionDraft{Outcome::refused, {"HR1", "XX9"}, {}, ""}, std::nullopt);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().where, "$.reasons[1]");
  ASSERT_TRUE(cases_->decisions.recommend(
      officer_, id, DecisionDraft{Outcome::refused, {"HR1"}, {}, ""}, std::nullopt));
  // The recommending officer, or another plain officer, cannot decide it.
  EXPECT_FALSE(cases_->decisions.decide(
      officer_, id, DecisionDraft{Outcome::refused, {"HR1"}, {}, ""}, std::nullopt));
  EXPECT_FALSE(cases_->decisions.decide(
      second_officer_, id, DecisionDraft{Outcome::refused, {"HR1"}, {}, ""}, std::nullopt));
  auto decided = cases_->decisions.decide(
      senior_, id, DecisionDraft{Outcome::refused, {"HR1", "EU1"}, {}, "Listed."}, std::nullopt);
  ASSERT_TRUE(decided) << decided.error().describe();
  EXPECT_EQ(decided->record.state, "decided");
  EXPECT_EQ(decided->body()["decision"]["outcome"], "refused");
  EXPECT_EQ(decided->body()["decision"]["reasons"], json::array({"HR1", "EU1"}));
  EXPECT_TRUE(decided->body()["decision"]["four_eyes"].get<bool>());
  EXPECT_FALSE(decided->body().contains("licence"));
  // The exporter sees the outcome and reasons, not who decided.
  auto own = cases_->applications.get(exporter_, id);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->body()["decision"]["outcome"], "refused");
  EXPECT_FALSE(own->body()["decision"].contains("decided_by"));
}

TEST_P(CaseServiceTest, ALowRiskApprovalIssuesALicence) {
  const auto id = submitted(harmless_application());
  ASSERT_EQ(cases_->applications.get(officer_, id)->record.state, "submitted");
  ASSERT_TRUE(cases_->applications.start_review(officer_, id, std::nullopt));
  auto decided = cases_->decisions.decide(
      officer_, id, DecisionDraft{Outcome::approved, {}, {}, "Fine."}, std::nullopt);
  ASSERT_TRUE(decided) << decided.error().describe();
  const auto licence_id = decided->body()["licence"].get<std::string>();
  EXPECT_EQ(licence_id.rfind("LIC-2026-", 0), 0U);
  auto licence = cases_->licences.get(exporter_, licence_id);
  ASSERT_TRUE(licence) << licence.error().describe();
  EXPECT_EQ(licence->record.state, "issued");
  EXPECT_EQ(licence->body()["valid_until"], "2028-03-01");
  EXPECT_FALSE(cases_->licences.get(other_exporter_, licence_id));
  EXPECT_EQ(cases_->licences.list(exporter_, Paging{})->total, 1U);
  EXPECT_EQ(cases_->licences.list(other_exporter_, Paging{})->total, 0U);
  // Amendments and revocation are for senior officers, and leave a trail in the licence.
  EXPECT_FALSE(cases_->licences.amend(officer_, licence_id, {"no_reexport"}, "why", std::nullopt));
  auto amended =
      cases_->licences.amend(senior_, licence_id, {"no_reexport"}, "re-export risk", std::nullopt);
  ASSERT_TRUE(amended) << amended.error().describe();
  EXPECT_EQ(amended->record.state, "amended");
  EXPECT_EQ(amended->body()["amendments"].size(), 1U);
  const auto stale = cases_->licences.revoke(senior_, licence_id, "x", licence->record.version);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::stale);
  ASSERT_TRUE(cases_->licences.revoke(senior_, licence_id, "end user diverted", std::nullopt));
  const auto twice = cases_->licences.revoke(senior_, licence_id, "again", std::nullopt);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
}

TEST_P(CaseServiceTest, ApprovalsWithConditionsNameThem) {
  const auto id = submitted(harmless_application());
  ASSERT_TRUE(cases_->applications.start_review(officer_, id, std::nullopt));
  const auto bare = cases_->decisions.decide(
      officer_, id, DecisionDraft{Outcome::approved_with_conditions, {}, {}, ""}, std::nullopt);
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().where, "$.conditions");
}

TEST_P(CaseServiceTest, AnUpheldAppealReopensTheCase) {
  const auto id = decided_refusal();
  const auto foreign = cases_->decisions.lodge_appeal(other_exporter_, id, "grounds");
  ASSERT_FALSE(foreign);
  auto appeal =
      cases_->decisions.lodge_appeal(exporter_, id, "The end user is not the listed company.");
  ASSERT_TRUE(appeal) << appeal.error().describe();
  EXPECT_EQ(appeal->record.state, "lodged");
  const auto twice = cases_->decisions.lodge_appeal(exporter_, id, "again");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
  const auto own = cases_->decisions.decide_appeal(senior_, appeal->record.id, true, "x");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().kind, ErrorKind::forbidden);
  auto upheld =
      cases_->decisions.decide_appeal(other_senior_, appeal->record.id, true, "New evidence.");
  ASSERT_TRUE(upheld) << upheld.error().describe();
  EXPECT_EQ(upheld->record.state, "upheld");
  auto reopened = cases_->applications.get(officer_, id);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->record.state, "under_review");
  EXPECT_FALSE(reopened->body().contains("decision"));
  EXPECT_EQ(reopened->body()["previous_decisions"].size(), 1U);
}

TEST_P(CaseServiceTest, OnlyRefusalsCanBeAppealed) {
  const auto id = submitted(harmless_application());
  const auto early = cases_->decisions.lodge_appeal(exporter_, id, "grounds");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, ErrorKind::conflict);
}

TEST_P(CaseServiceTest, TheQueueSortsByRiskThenAgeWithClocks) {
  const auto harmless = submitted(harmless_application());
  advance_days(3);
  const auto risky = submitted(demo_application());
  const auto draft = cases_->applications.create(exporter_, harmless_application());
  ASSERT_TRUE(draft);
  ASSERT_TRUE(cases_->applications.start_review(officer_, harmless, std::nullopt));
  ASSERT_TRUE(
      cases_->files.request_information(officer_, harmless, "Which laboratory?", "2026-03-10"));
  advance_days(10);
  std::size_t total = 0;
  auto queue = cases_->queue.entries(officer_, Paging{}, &total);
  ASSERT_TRUE(queue) << queue.error().describe();
  ASSERT_EQ(total, 2U);  // the draft is not the authority's work yet
  EXPECT_EQ((*queue)[0].view.record.id, risky);
  EXPECT_EQ((*queue)[1].view.record.id, harmless);
  EXPECT_EQ((*queue)[0].days_in_state, 10);
  EXPECT_EQ((*queue)[0].days_open, 10);
  EXPECT_EQ((*queue)[1].days_open, 13);
  EXPECT_EQ((*queue)[1].overdue_requests, 1U);
  EXPECT_EQ((*queue)[0].overdue_requests, 0U);
  EXPECT_FALSE(cases_->queue.entries(exporter_, Paging{}, nullptr));
}

TEST_P(CaseServiceTest, DueDatesMustBeDatesInTheFuture) {
  const auto id = submitted(harmless_application());
  const auto past = cases_->files.request_information(officer_, id, "q", "2026-01-01");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().where, "$.due");
  const auto bad = cases_->files.request_information(officer_, id, "q", "2026-02-30");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "$.due");
  EXPECT_FALSE(cases_->files.request_information(exporter_, id, "q", ""));
}

TEST_P(CaseServiceTest, DocumentsAreCheckedAndStoredOnceByContent) {
  auto created = cases_->applications.create(exporter_, harmless_application());
  ASSERT_TRUE(created);
  const auto id = created->record.id;
  const DocumentUpload pdf{"end-use-statement.pdf", "application/pdf", "%PDF-1.7 fictional"};
  auto first = cases_->files.add_document(exporter_, id, pdf);
  ASSERT_TRUE(first) << first.error().describe();
  auto second = cases_->files.add_document(exporter_, id, pdf);
  ASSERT_TRUE(second);
  EXPECT_NE(first->record.id, second->record.id);
  EXPECT_EQ(first->body()["sha256"], second->body()["sha256"]);
  auto fetched = cases_->files.document(officer_, first->record.id);
  ASSERT_TRUE(fetched);
  EXPECT_EQ(fetched->second.content, pdf.content);
  EXPECT_EQ(fetched->second.content_type, "application/pdf");
  EXPECT_FALSE(cases_->files.document(other_exporter_, first->record.id));
  const auto lying = cases_->files.add_document(
      exporter_, id, DocumentUpload{"a.pdf", "application/pdf", "MZ\x90"});
  ASSERT_FALSE(lying);
  EXPECT_EQ(lying.error().where, "content_type");
  const auto exe = cases_->files.add_document(
      exporter_, id, DocumentUpload{"a.exe", "application/x-msdownload", "MZ"});
  ASSERT_FALSE(exe);
  const auto huge = cases_->files.add_document(
      exporter_, id,
      DocumentUpload{"big.txt", "text/plain", std::string(kMaxDocumentBytes + 1, 'a')});
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().where, "content");
  EXPECT_EQ(cases_->files.documents(exporter_, id, Paging{})->total, 2U);
}

TEST_P(CaseServiceTest, NotesAreInternal) {
  const auto id = submitted(harmless_application());
  ASSERT_TRUE(cases_->files.add_note(officer_, id, "Called the end user.", false, std::nullopt));
  ASSERT_TRUE(cases_->files.add_note(senior_, id, "Approve.", true, Outcome::approved));
  EXPECT_FALSE(cases_->files.add_note(exporter_, id, "hello", false, std::nullopt));
  auto notes = cases_->files.notes(auditor_, id, Paging{});
  ASSERT_TRUE(notes);
  EXPECT_EQ(notes->total, 2U);
  EXPECT_EQ(notes->items[1].body()["type"], "advice");
  const auto hidden = cases_->files.notes(exporter_, id, Paging{});
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().kind, ErrorKind::forbidden);
}

TEST_P(CaseServiceTest, AListUpdateFlagsNewMatchesOnOpenCases) {
  auto application = harmless_application();
  application["parties"][0]["name"] = "Pretend Optics Trading FZE";
  application["parties"][0]["country"] = "AE";
  application["parties"][0]["type"] = "company";
  application["destination"] = "AE";
  const auto id = submitted(application);
  auto before = cases_->applications.get(officer_, id);
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->body()["screening"]["hits"].empty());
  auto unchanged = cases_->applications.rescreen(system_principal());
  ASSERT_TRUE(unchanged) << unchanged.error().describe();
  EXPECT_TRUE(unchanged->flagged.empty());
  EXPECT_EQ(unchanged->cases_screened, 1U);

  core::ListedEntity listed;
  listed.list = "demo";
  listed.source_id = "NEW-1";
  listed.name = "Pretend Optics Trading FZE";
  listed.type = core::EntityType::organization;
  lists_->replace(LoadedLists{screening::ScreeningIndex({listed}), {"demo@v2"}});
  auto report = cases_->applications.rescreen(system_principal());
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_EQ(report->flagged, std::vector<std::string>{id});
  auto after = cases_->applications.get(officer_, id);
  ASSERT_TRUE(after);
  bool flagged = false;
  for (const auto& flag : after->body()["flags"])
    flagged = flagged || flag["kind"] == "new_list_match";
  EXPECT_TRUE(flagged);
  // The same lists again flag nothing new.
  EXPECT_TRUE(cases_->applications.rescreen(system_principal())->flagged.empty());
  EXPECT_FALSE(cases_->applications.rescreen(exporter_));
}

TEST_P(CaseServiceTest, EveryChangeIsAudited) {
  const auto start = audit_length();
  const auto id = submitted(harmless_application());  // create + submit
  EXPECT_EQ(audit_length(), start + 2);
  ASSERT_TRUE(cases_->applications.start_review(officer_, id, std::nullopt));
  EXPECT_EQ(audit_length(), start + 3);
  ASSERT_TRUE(cases_->decisions.decide(officer_, id, DecisionDraft{Outcome::approved, {}, {}, ""},
                                       std::nullopt));
  EXPECT_EQ(audit_length(), start + 5);  // the decision and the licence
  // A refused step writes nothing.
  EXPECT_FALSE(cases_->applications.withdraw(exporter_, id, std::nullopt));
  EXPECT_EQ(audit_length(), start + 5);
  auto records = store_->audit_records(start + 1, 10);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 5U);
  EXPECT_EQ((*records)[0].draft.action, "application.create");
  EXPECT_EQ((*records)[0].draft.actor, "erik");
  EXPECT_EQ((*records)[0].draft.role, "exporter");
  EXPECT_TRUE((*records)[0].draft.before_digest.empty());
  EXPECT_EQ((*records)[1].draft.before_digest, (*records)[0].draft.after_digest);
  EXPECT_EQ((*records)[3].draft.action, "application.decide");
  EXPECT_EQ((*records)[4].draft.action, "licence.issue");
}

TEST_P(CaseServiceTest, AdvisoryQueriesAreScreenedAndAnswered) {
  auto asked = inquiries_->ask(
      other_exporter_,
      json{{"end_user", {{"name", "Fictitious Surveillance Systems LLC"}, {"country", "RU"}}},
           {"question", "Would probes be licensed?"}});
  ASSERT_TRUE(asked) << asked.error().describe();
  EXPECT_FALSE(asked->body().contains("screening"));  // the exporter does not see the hits
  auto seen = inquiries_->advisory_query(officer_, asked->record.id);
  ASSERT_TRUE(seen);
  EXPECT_FALSE(seen->body()["screening"]["hits"].empty());
  EXPECT_FALSE(inquiries_->advisory_query(exporter_, asked->record.id));
  const auto bad = inquiries_->ask(
      exporter_, json{{"end_user", {{"name", "X"}, {"country", "ZZ"}}}, {"question", "q"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "$.end_user.country");
  const auto extra = inquiries_->ask(exporter_, json{{"question", "q"}, {"colour", "red"}});
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().where, "$.colour");
  EXPECT_FALSE(
      inquiries_->answer(exporter_, asked->record.id, Advice::no_objection, "x", std::nullopt));
  auto answered = inquiries_->answer(officer_, asked->record.id, Advice::likely_refusal,
                                     "The end user is listed.", std::nullopt);
  ASSERT_TRUE(answered) << answered.error().describe();
  auto own = inquiries_->advisory_query(other_exporter_, asked->record.id);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->record.state, "answered");
  EXPECT_EQ(own->body()["answer"]["advice"], "likely_refusal");
  EXPECT_FALSE(own->body()["answer"].contains("by"));
}

TEST_P(CaseServiceTest, SubmissionsAreTriagedAndLinkedToCases) {
  const auto id = submitted(demo_application());
  auto received = inquiries_->submit(civil_, json{{"subject", "end_user"},
                                                  {"name", "Fictitious Surveillance Systems"},
                                                  {"country", "RU"},
                                                  {"summary", "Supplies monitoring centres"},
                                                  {"evidence", "A fictional report."},
                                                  {"sources", {"https://example.org/report"}}});
  ASSERT_TRUE(received) << received.error().describe();
  EXPECT_EQ(received->record.state, "received");
  const auto bad_source = inquiries_->submit(civil_, json{{"subject", "technology"},
                                                          {"name", "x"},
                                                          {"summary", "s"},
                                                          {"evidence", "e"},
                                                          {"sources", {"ftp://x"}}});
  ASSERT_FALSE(bad_source);
  EXPECT_EQ(bad_source.error().where, "$.sources[0]");
  EXPECT_FALSE(inquiries_->submit(exporter_, json::object()));

  auto triaged =
      inquiries_->triage(officer_, received->record.id, Priority::high, "credible", std::nullopt);
  ASSERT_TRUE(triaged) << triaged.error().describe();
  ASSERT_FALSE(triaged->body()["suggested_links"].empty());
  EXPECT_EQ(triaged->body()["suggested_links"][0]["application"], id);
  auto linked = inquiries_->link(officer_, received->record.id, id, std::nullopt);
  ASSERT_TRUE(linked) << linked.error().describe();
  EXPECT_FALSE(inquiries_->link(officer_, received->record.id, id, std::nullopt));
  auto flagged = cases_->applications.get(officer_, id);
  bool has_flag = false;
  for (const auto& flag : flagged->body()["flags"])
    has_flag = has_flag || flag["kind"] == "civil_society_submission";
  EXPECT_TRUE(has_flag);
  // The submitter sees its submission and when it was triaged, not the triage's priority, note
  // or officer, nor the links (docs/cases.md, "What exporters and civil society see").
  auto own = inquiries_->submission(civil_, received->record.id);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->body()["triage"], (json{{"at", triaged->body()["triage"]["at"]}}));
  EXPECT_FALSE(own->body().contains("links"));
  EXPECT_FALSE(inquiries_->submission(exporter_, received->record.id));
  EXPECT_EQ(inquiries_->submissions(civil_, Paging{})->total, 1U);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseServiceTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace echri::cases::testing
