// The draft denial a refusal yields (issue 11): what another state needs to recognise the
// transaction, valid as the exchange format demands, and nothing of the exporter.

#include "cases/denial_draft.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "case_fixture.hpp"
#include "core/field_limits.hpp"
#include "exchange/notification.hpp"
#include "support/result_matchers.hpp"

namespace echri::cases::testing {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const DecisionDraft kRefusal{Outcome::refused, {"HR3", "DV1"}, {}, "Surveillance of protesters."};
const DecisionDraft kApproval{Outcome::approved, {}, {}, "Fine."};

bool valid_denial(const json& body) {
  return exchange::validate_body(exchange::NotificationKind::denial, body, "$.body").has_value();
}

class DenialDraftTest : public CaseTest {
 protected:
  std::string under_review(const json& application) {
    auto created = cases_->applications.create(exporter_, application);
    EXPECT_THAT(created, IsOk());
    auto id = created->record.id;
    EXPECT_THAT(cases_->applications.submit(exporter_, id, std::nullopt), IsOk());
    EXPECT_THAT(cases_->applications.start_review(officer_, id, std::nullopt), IsOk());
    return id;
  }

  std::string refused(const json& application) {
    auto id = under_review(application);
    EXPECT_THAT(cases_->decisions.recommend(officer_, id, kRefusal, std::nullopt), IsOk());
    EXPECT_THAT(cases_->decisions.decide(senior_, id, kRefusal, std::nullopt), IsOk());
    return id;
  }
};

TEST_P(DenialDraftTest, ARefusalYieldsAValidDenialWithTheDecisionsReasons) {
  const auto id = refused(demo_application());
  auto draft = cases_->denial_drafts.draft(officer_, id);
  ASSERT_THAT(draft, IsOk());
  EXPECT_EQ((*draft)["kind"], "denial");
  EXPECT_EQ((*draft)["audience"], "all");
  const auto& body = (*draft)["body"];
  EXPECT_TRUE(valid_denial(body)) << body.dump();
  EXPECT_EQ(body["authority_reference"], id);
  EXPECT_EQ(body["decision_date"], today_);
  EXPECT_EQ(body["expires_on"], "2029-03-02");
  EXPECT_EQ(body["reasons"], json::array({"HR3", "DV1"}));
  EXPECT_EQ(body["control_entries"], json::array({"5A001.j"}));
  EXPECT_EQ(body["capabilities"], json::array());
  EXPECT_EQ(body["item_description"], "IP traffic monitoring probes with deep packet inspection");
  EXPECT_EQ(body["end_user"], (json{{"name", "Fictitious Surveillance Systems LLC"},
                                    {"address", "1 Imaginary Road, Testograd"},
                                    {"country", "RU"}}));
  EXPECT_EQ(body["consignee"], (json{{"name", "Fictional Shipping Co."},
                                     {"address", "Unit 4, Nowhere Marina, Dubai"},
                                     {"country", "AE"}}));
  EXPECT_FALSE(body.contains("other_parties"));
  EXPECT_EQ(body["end_use"], "Integration into a city-wide monitoring system");
  // The exporter stays with the authority.
  EXPECT_THAT(draft->dump(), Not(HasSubstr("Demo Exporter")));
  // A senior officer drafts it too.
  EXPECT_THAT(cases_->denial_drafts.draft(senior_, id), IsOk());
}

TEST_P(DenialDraftTest, OnlyARefusalYieldsADenial) {
  const auto undecided = under_review(harmless_application());
  EXPECT_THAT(cases_->denial_drafts.draft(officer_, undecided), FailsWith(ErrorKind::conflict));
  ASSERT_THAT(cases_->decisions.decide(officer_, undecided, kApproval, std::nullopt), IsOk());
  EXPECT_THAT(cases_->denial_drafts.draft(officer_, undecided), FailsWith(ErrorKind::conflict));
  EXPECT_THAT(cases_->denial_drafts.draft(officer_, "APP-2026-999999"),
              FailsWith(ErrorKind::not_found));
}

TEST_P(DenialDraftTest, OnlyOfficersDraftDenials) {
  const auto id = refused(demo_application());
  EXPECT_THAT(cases_->denial_drafts.draft(exporter_, id), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(cases_->denial_drafts.draft(auditor_, id), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(cases_->denial_drafts.draft(civil_, id), FailsWith(ErrorKind::forbidden));
}

INSTANTIATE_TEST_SUITE_P(Backends, DenialDraftTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

core::Party party(core::PartyRole role, std::string name, std::string country,
                  std::string address = "") {
  core::Party out;
  out.role = role;
  out.name = std::move(name);
  out.country = std::move(country);
  out.address = std::move(address);
  return out;
}

core::Application application_with_parties(std::vector<core::Party> parties) {
  core::Application application;
  application.destination = "EG";
  core::Item camera;
  camera.description = "Camera\twith\r\nanalytics";
  camera.control_entry = "none";
  camera.capabilities = {"facial_recognition"};
  core::Item software;
  software.description = "Analytics software";
  software.control_entry = "5D002.c.1";
  core::Item second_camera = camera;
  application.items = {camera, software, second_camera};
  application.parties = std::move(parties);
  application.end_use.category = core::EndUseCategory::public_order;
  return application;
}

TEST(DenialBody, TheUltimateEndUserIsTheDeniedEndUserAndTheOthersKeepTheirRoles) {
  const auto application = application_with_parties(
      {party(core::PartyRole::end_user, "Integrator SAE", "EG", "Line one\nLine two"),
       party(core::PartyRole::ultimate_end_user, "Ministry\tof Interior", ""),
       party(core::PartyRole::intermediate, "Forwarder FZE", "AE"),
       party(core::PartyRole::purchaser, "Unknown Buyer", "")});
  auto body = denial_body("APP-2026-000007", application, "2024-02-29", {"HR2", "HR2"});
  ASSERT_THAT(body, IsOk());
  EXPECT_TRUE(valid_denial(*body)) << body->dump();
  EXPECT_EQ((*body)["expires_on"], "2027-02-28");
  EXPECT_EQ((*body)["reasons"], json::array({"HR2"}));
  // Entries and capabilities once each; every item on its line, without control characters.
  EXPECT_EQ((*body)["control_entries"], json::array({"none", "5D002.c.1"}));
  EXPECT_EQ((*body)["capabilities"], json::array({"facial_recognition"}));
  EXPECT_EQ((*body)["item_description"],
            "none: Camera with  analytics\n5D002.c.1: Analytics software\n"
            "none: Camera with  analytics");
  // Without a country of its own the end user is placed in the destination.
  EXPECT_EQ((*body)["end_user"], (json{{"name", "Ministry of Interior"}, {"country", "EG"}}));
  EXPECT_FALSE(body->contains("consignee"));
  // A party with no country is left for the officer: the format needs one.
  EXPECT_EQ(
      (*body)["other_parties"],
      json::array({json{{"role", "end_user"},
                        {"name", "Integrator SAE"},
                        {"address", "Line one\nLine two"},
                        {"country", "EG"}},
                   json{{"role", "intermediate"}, {"name", "Forwarder FZE"}, {"country", "AE"}}}));
  EXPECT_EQ((*body)["end_use"], "public_order");
}

TEST(DenialBody, ADenialNamesAnEndUser) {
  const auto application =
      application_with_parties({party(core::PartyRole::consignee, "Shipping LLC", "EG")});
  EXPECT_THAT(denial_body("APP-2026-000008", application, "2026-01-10", {"EU2"}),
              FailsWith(ErrorKind::conflict));
}

TEST(DenialBody, AnOverlongDescriptionIsCutToWhatTheFormatTakes) {
  auto application =
      application_with_parties({party(core::PartyRole::end_user, "Someone Ltd", "EG")});
  application.items.resize(1);
  // A two-byte character across the limit: the cut goes before it, not through it.
  application.items.front().description =
      std::string(core::kMaxDescriptionBytes - 1, 'x') + "\xC3\xA9";
  auto body = denial_body("APP-2026-000009", application, "2026-01-10", {"HR1"});
  ASSERT_THAT(body, IsOk());
  EXPECT_TRUE(valid_denial(*body));
  EXPECT_EQ((*body)["item_description"], std::string(core::kMaxDescriptionBytes - 1, 'x'));
}

}  // namespace
}  // namespace echri::cases::testing
