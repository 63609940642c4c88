// Four-eyes as agreement between two persons, and decisions bound to the assessment they relied
// on (issue: the trust core, point 3).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "case_fixture.hpp"
#include "support/result_matchers.hpp"

namespace echri::cases::testing {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;
using nlohmann::json;
using ::testing::HasSubstr;

const DecisionDraft kRefusal{Outcome::refused, {"HR1"}, {}, "Listed end user."};
const DecisionDraft kApproval{Outcome::approved, {}, {}, "Fine."};

class FourEyesTest : public CaseTest {
 protected:
  // A complete, low-risk application submitted and under review by officer_.
  std::string under_review(const json& application = harmless_application()) {
    auto created = cases_->applications.create(exporter_, application);
    EXPECT_THAT(created, IsOk());
    auto id = created->record.id;
    EXPECT_THAT(cases_->applications.submit(exporter_, id, std::nullopt), IsOk());
    EXPECT_THAT(cases_->applications.start_review(officer_, id, std::nullopt), IsOk());
    return id;
  }

  json body(const std::string& id) {
    auto found = cases_->applications.get(officer_, id);
    EXPECT_THAT(found, IsOk());
    return found ? found->body() : json::object();
  }

  // Puts a list entry that matches `name` into the server's lists, as a list update would.
  void list_update_adding(const std::string& name) {
    core::ListedEntity listed;
    listed.list = "demo";
    listed.source_id = "NEW-1";
    listed.name = name;
    listed.type = core::EntityType::organization;
    lists_->replace(LoadedLists{screening::ScreeningIndex({listed}), {"demo@v2"}});
  }
};

TEST_P(FourEyesTest, ASeniorOfficerCannotCountersignARefusalByApproving) {
  const auto id = under_review();
  ASSERT_EQ(body(id)["risk"]["level"], "low");
  ASSERT_THAT(cases_->decisions.recommend(officer_, id, kRefusal, std::nullopt), IsOk());
  const auto audit_before = store_->audit_head()->sequence;
  auto answer = cases_->decisions.decide(senior_, id, kApproval, std::nullopt);
  ASSERT_THAT(answer, IsOk());
  // Not decided: back to review with the decider's reasons, and no licence.
  EXPECT_EQ(answer->record.state, "under_review");
  const auto after = body(id);
  EXPECT_FALSE(after.contains("decision"));
  EXPECT_FALSE(after.contains("licence"));
  EXPECT_FALSE(after.contains("recommendation"));
  EXPECT_EQ(after["previous_recommendations"].back()["outcome"], "refused");
  EXPECT_EQ(after["returned_by_decider"]["outcome"], "approved");
  EXPECT_EQ(after["returned_by_decider"]["by"], senior_.user);
  EXPECT_THAT(after["history"].back()["reason"].get<std::string>(),
              HasSubstr("would decide 'approved' against the recommended 'refused'"));
  EXPECT_EQ(store_->audit_head()->sequence, audit_before + 1);
  auto records = store_->audit_records(audit_before + 1, 1);
  ASSERT_THAT(records, IsOk());
  EXPECT_EQ(records->front().draft.action, "application.return_to_review");
  EXPECT_THAT(records->front().draft.detail, HasSubstr("\"decider_disagreed\":true"));
  // The licence list stays empty.
  EXPECT_EQ(cases_->licences.list(officer_, Paging{})->total, 0U);
}

TEST_P(FourEyesTest, TheRecommenderCannotOverruleTheirOwnRefusalAlone) {
  const auto id = under_review();
  ASSERT_THAT(cases_->decisions.recommend(officer_, id, kRefusal, std::nullopt), IsOk());
  // Neither the recommending officer nor another plain officer may approve a recommended refusal.
  EXPECT_THAT(cases_->decisions.decide(officer_, id, kApproval, std::nullopt),
              FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(cases_->decisions.decide(second_officer_, id, kApproval, std::nullopt),
              FailsWith(ErrorKind::forbidden));
  EXPECT_EQ(body(id)["recommendation"]["outcome"], "refused");
}

TEST_P(FourEyesTest, ASeniorOfficerCannotDecideTheirOwnRecommendation) {
  const auto id = under_review();
  ASSERT_THAT(cases_->decisions.recommend(senior_, id, kRefusal, std::nullopt), IsOk());
  EXPECT_THAT(cases_->decisions.decide(senior_, id, kRefusal, std::nullopt),
              FailsWith(ErrorKind::forbidden));
  auto decided = cases_->decisions.decide(other_senior_, id, kRefusal, std::nullopt);
  ASSERT_THAT(decided, IsOk());
  EXPECT_EQ(decided->record.state, "decided");
  EXPECT_TRUE(decided->body()["decision"]["four_eyes"].get<bool>());
  EXPECT_EQ(decided->body()["decision"]["recommended_by"], senior_.user);
  EXPECT_EQ(decided->body()["decision"]["decided_by"], other_senior_.user);
}

TEST_P(FourEyesTest, ConditionsRecommendedAreKeptByTheDecision) {
  const auto id = under_review();
  const DecisionDraft conditional{
      Outcome::approved_with_conditions, {}, {"no_reexport", "end_use_check"}, ""};
  ASSERT_THAT(cases_->decisions.recommend(officer_, id, conditional, std::nullopt), IsOk());
  const DecisionDraft fewer{Outcome::approved_with_conditions, {}, {"no_reexport"}, "one suffices"};
  auto returned = cases_->decisions.decide(senior_, id, fewer, std::nullopt);
  ASSERT_THAT(returned, IsOk());
  EXPECT_EQ(returned->record.state, "under_review");
  ASSERT_THAT(cases_->decisions.recommend(officer_, id, conditional, std::nullopt), IsOk());
  const DecisionDraft more{
      Outcome::approved_with_conditions, {}, {"end_use_check", "no_reexport", "reporting"}, ""};
  auto decided = cases_->decisions.decide(senior_, id, more, std::nullopt);
  ASSERT_THAT(decided, IsOk());
  EXPECT_EQ(decided->record.state, "decided");
}

TEST_P(FourEyesTest, ADecisionRecordsTheAssessmentVersionItReliedOn) {
  const auto id = under_review();
  EXPECT_EQ(body(id)["assessment_version"], 1);
  auto decided = cases_->decisions.decide(officer_, id, kApproval, std::nullopt);
  ASSERT_THAT(decided, IsOk());
  const auto decision = decided->body()["decision"];
  EXPECT_EQ(decision["assessment_version"], 1);
  EXPECT_EQ(decision["assessment_basis"]["lists"], json::array({"demo@test"}));
  EXPECT_EQ(decision["assessment_basis"]["policy"], evaluator_->policy_fingerprint());
  EXPECT_EQ(decision["risk_level"], "low");
}

TEST_P(FourEyesTest, ANewListMatchRaisesTheRiskAndTheFourEyesRequirement) {
  auto application = harmless_application();
  application["parties"][0]["name"] = "Pretend Optics Trading FZE";
  application["parties"][0]["type"] = "company";
  const auto id = under_review(application);
  ASSERT_EQ(body(id)["risk"]["level"], "low");
  list_update_adding("Pretend Optics Trading FZE");

  // The lists changed since the assessment: nobody decides on the old one.
  auto stale = cases_->decisions.decide(officer_, id, kApproval, std::nullopt);
  ASSERT_THAT(stale, FailsWith(ErrorKind::conflict));
  EXPECT_THAT(stale.error().message, HasSubstr("out of date"));
  EXPECT_THAT(stale.error().message, HasSubstr("restricted-party lists changed"));
  EXPECT_THAT(cases_->decisions.recommend(officer_, id, kApproval, std::nullopt),
              FailsWith(ErrorKind::conflict));

  // Re-screening re-assesses: the new match raises the risk, and with it four-eyes.
  auto report = cases_->applications.rescreen(system_principal());
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->flagged, std::vector<std::string>{id});
  const auto after = body(id);
  EXPECT_EQ(after["assessment_version"], 2);
  EXPECT_NE(after["risk"]["level"], "low");
  bool raised = false;
  for (const auto& flag : after["flags"]) raised = raised || flag["kind"] == "risk_raised";
  EXPECT_TRUE(raised);
  EXPECT_THAT(cases_->decisions.decide(officer_, id, kApproval, std::nullopt),
              FailsWith(ErrorKind::forbidden));
  auto alone = cases_->decisions.decide(senior_, id, kApproval, std::nullopt);
  ASSERT_THAT(alone, FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(alone.error().message, HasSubstr("recommends it first"));
  // Re-screening again with the same lists changes nothing.
  const auto version = cases_->applications.get(officer_, id)->record.version;
  EXPECT_TRUE(cases_->applications.rescreen(system_principal())->flagged.empty());
  EXPECT_EQ(cases_->applications.get(officer_, id)->record.version, version);
}

TEST_P(FourEyesTest, AnExportersAnswerMakesTheAssessmentOutOfDateUntilReassessed) {
  const auto id = under_review();
  auto request = cases_->files.request_information(officer_, id, "Who is the end user?", "");
  ASSERT_THAT(request, IsOk());
  ASSERT_THAT(cases_->files.answer_information(exporter_, request->record.id, "A university."),
              IsOk());
  auto stale = cases_->decisions.decide(officer_, id, kApproval, std::nullopt);
  ASSERT_THAT(stale, FailsWith(ErrorKind::conflict));
  EXPECT_THAT(stale.error().message, HasSubstr("the exporter answered information request"));
  // Re-screening does not stand in for an officer's re-assessment of new information.
  ASSERT_THAT(cases_->applications.rescreen(system_principal()), IsOk());
  EXPECT_THAT(cases_->decisions.decide(officer_, id, kApproval, std::nullopt),
              FailsWith(ErrorKind::conflict));
  // Only officers re-assess.
  EXPECT_THAT(cases_->applications.reassess(exporter_, id, std::nullopt),
              FailsWith(ErrorKind::forbidden));
  auto reassessed = cases_->applications.reassess(officer_, id, std::nullopt);
  ASSERT_THAT(reassessed, IsOk());
  EXPECT_EQ(reassessed->body()["assessment_version"], 2);
  EXPECT_FALSE(reassessed->body().contains("assessment_stale"));
  auto decided = cases_->decisions.decide(officer_, id, kApproval, std::nullopt);
  ASSERT_THAT(decided, IsOk());
  EXPECT_EQ(decided->body()["decision"]["assessment_version"], 2);
}

TEST_P(FourEyesTest, AnExportersDocumentAfterSubmissionMakesTheAssessmentOutOfDate) {
  const auto id = under_review();
  ASSERT_THAT(
      cases_->files.add_document(exporter_, id, DocumentUpload{"note.txt", "text/plain", "hello"}),
      IsOk());
  EXPECT_THAT(cases_->decisions.decide(officer_, id, kApproval, std::nullopt),
              FailsWith(ErrorKind::conflict));
  // An officer's own upload is not new information from outside.
  const auto other = under_review();
  ASSERT_THAT(
      cases_->files.add_document(officer_, other, DocumentUpload{"memo.txt", "text/plain", "x"}),
      IsOk());
  EXPECT_THAT(cases_->decisions.decide(officer_, other, kApproval, std::nullopt), IsOk());
}

TEST_P(FourEyesTest, APolicyChangeMakesTheAssessmentOutOfDate) {
  const auto id = under_review();
  // The same policy with one edit and the same declared version: still a change.
  auto text = echri::testing::read_file(std::filesystem::path(ECHRI_SOURCE_DIR) /
                                        "data/policy/default-policy.toml");
  text += "\n# edited by the authority without raising the version\n";
  auto edited = assessment::parse_policy(text, "edited.toml", assessment::Catalogue::builtin());
  ASSERT_THAT(edited, IsOk());
  ASSERT_EQ(edited->version(), assessment::Policy::builtin().version());
  const Evaluator evaluator(*lists_, assessment::Catalogue::builtin(), std::move(*edited),
                            assessment::CountryData{}, 0.85);
  CaseServices services(*store_, evaluator, [this] { return now(); });
  auto stale = services.decisions.decide(officer_, id, kApproval, std::nullopt);
  ASSERT_THAT(stale, FailsWith(ErrorKind::conflict));
  EXPECT_THAT(stale.error().message, HasSubstr("the policy changed"));
  ASSERT_THAT(services.applications.reassess(officer_, id, std::nullopt), IsOk());
  EXPECT_THAT(services.decisions.decide(officer_, id, kApproval, std::nullopt), IsOk());
}

TEST_P(FourEyesTest, AReassessmentThatChangesTheRiskSendsARecommendationBack) {
  auto application = harmless_application();
  application["parties"][0]["name"] = "Pretend Optics Trading FZE";
  application["parties"][0]["type"] = "company";
  const auto id = under_review(application);
  ASSERT_THAT(cases_->decisions.recommend(officer_, id, kApproval, std::nullopt), IsOk());
  // Re-assessed on the same lists: nothing changed, the recommendation carries over.
  auto same = cases_->applications.reassess(officer_, id, std::nullopt);
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->record.state, "recommended");
  EXPECT_EQ(same->body()["recommendation"]["assessment_version"], 2);
  // A new list match: the recommendation relied on an assessment that no longer holds.
  list_update_adding("Pretend Optics Trading FZE");
  auto changed = cases_->applications.reassess(officer_, id, std::nullopt);
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->record.state, "under_review");
  EXPECT_FALSE(changed->body().contains("recommendation"));
  EXPECT_THAT(changed->body()["history"].back()["reason"].get<std::string>(),
              HasSubstr("relied on an assessment that changed"));
}

TEST_P(FourEyesTest, ClosedCasesAreNotReassessed) {
  const auto id = under_review();
  ASSERT_THAT(cases_->decisions.decide(officer_, id, kApproval, std::nullopt), IsOk());
  EXPECT_THAT(cases_->applications.reassess(officer_, id, std::nullopt),
              FailsWith(ErrorKind::conflict));
}

INSTANTIATE_TEST_SUITE_P(Backends, FourEyesTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace echri::cases::testing
