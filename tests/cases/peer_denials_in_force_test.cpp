// Received denials enter the assessment (issue 11): which denials of other Subscribing States are
// in force after their amendments, renewals and revocations, and the case workflow's evaluator
// weighing those of essentially identical transactions.

#include "cases/peer_denials_in_force.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "assessment/application_json.hpp"
#include "assessment/catalogue.hpp"
#include "case_fixture.hpp"
#include "support/result_matchers.hpp"

namespace echri::cases::testing {
namespace {

using echri::testing::IsOk;
using exchange::NotificationKind;
using exchange::ReceivedEntry;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view kToday = "2026-03-02";
const std::string kDutchLog = "echri.nl.example/log";
const std::string kFrenchLog = "echri.fr.example/log";

ReceivedEntry received(const std::string& log, std::uint64_t index, const std::string& issuer,
                       NotificationKind kind, const json& body) {
  ReceivedEntry entry;
  entry.log = log;
  entry.index = index;
  entry.entry.issuer = issuer;
  entry.entry.issued_at = "2026-01-05T10:00:00Z";
  entry.entry.kind = kind;
  entry.entry.body = body;
  entry.readable = true;
  entry.kind = kind;
  entry.body = body;
  return entry;
}

json denial_body(const std::string& expires_on = "2028-11-02") {
  return json{{"authority_reference", "DN-NL-2025-014"},
              {"decision_date", "2025-11-02"},
              {"expires_on", expires_on},
              {"control_entries", {"5A001.j", "5D001.c"}},
              {"capabilities", json::array()},
              {"item_description", "IP traffic monitoring probes"},
              {"end_user", {{"name", "Fictitious Surveillance Systems LLC"}, {"country", "RU"}}},
              {"end_use", "City-wide monitoring"},
              {"reasons", {"HR1", "HR3"}}};
}

json refers_to(const std::string& origin, std::uint64_t index) {
  return json{{"origin", origin}, {"index", index}};
}

// NL's denial at index 3 of its log.
ReceivedEntry dutch_denial(const std::string& expires_on = "2028-11-02") {
  return received(kDutchLog, 3, "NL", NotificationKind::denial, denial_body(expires_on));
}

ReceivedEntry renewal(const std::string& log, std::uint64_t index, const std::string& issuer,
                      const std::string& expires_on) {
  return received(log, index, issuer, NotificationKind::denial_renewal,
                  json{{"refers_to", refers_to(kDutchLog, 3)}, {"expires_on", expires_on}});
}

ReceivedEntry revocation(const std::string& log, std::uint64_t index, const std::string& issuer,
                         const std::string& revoked_on = "2026-02-01") {
  return received(log, index, issuer, NotificationKind::denial_revocation,
                  json{{"refers_to", refers_to(kDutchLog, 3)},
                       {"reason", "The end user was dissolved."},
                       {"revoked_on", revoked_on}});
}

ReceivedEntry amendment(std::uint64_t index, const std::string& issuer, const json& changes) {
  return received(kDutchLog, index, issuer, NotificationKind::denial_amendment,
                  json{{"refers_to", refers_to(kDutchLog, 3)}, {"changes", changes}});
}

std::vector<std::string> references(const std::vector<assessment::PeerDenial>& denials) {
  std::vector<std::string> out;
  out.reserve(denials.size());
  for (const auto& denial : denials) out.push_back(denial.reference + " " + denial.control_entry);
  return out;
}

TEST(DenialsInForce, EachControlEntryOfADenialInForceIsOnePeerDenial) {
  const std::vector<ReceivedEntry> entries{dutch_denial()};
  const auto denials = denials_in_force(entries, kToday);
  ASSERT_EQ(denials.size(), 2U);
  const auto& first = denials.front();
  EXPECT_EQ(first.state, "NL");
  EXPECT_EQ(first.reference, "echri.nl.example/log#3 (DN-NL-2025-014)");
  EXPECT_EQ(first.date, "2025-11-02");
  EXPECT_EQ(first.control_entry, "5A001.j");
  EXPECT_EQ(first.end_user, "Fictitious Surveillance Systems LLC");
  EXPECT_EQ(first.destination, "RU");
  EXPECT_EQ(first.reason, "HR1, HR3");
  EXPECT_EQ(denials.back().control_entry, "5D001.c");
}

TEST(DenialsInForce, AnExpiredDenialIsNotInForceUnlessRenewedByItsIssuer) {
  EXPECT_THAT(denials_in_force(std::vector<ReceivedEntry>{dutch_denial("2026-03-01")}, kToday),
              IsEmpty());
  // Its last day still counts.
  EXPECT_EQ(denials_in_force(std::vector<ReceivedEntry>{dutch_denial("2026-03-02")}, kToday).size(),
            2U);
  const std::vector<ReceivedEntry> renewed{dutch_denial("2026-03-01"),
                                           renewal(kDutchLog, 9, "NL", "2029-03-01")};
  EXPECT_EQ(denials_in_force(renewed, kToday).size(), 2U);
  // Another state cannot keep NL's denial alive.
  const std::vector<ReceivedEntry> foreign{dutch_denial("2026-03-01"),
                                           renewal(kFrenchLog, 2, "FR", "2029-03-01")};
  EXPECT_THAT(denials_in_force(foreign, kToday), IsEmpty());
}

TEST(DenialsInForce, AmendmentsByTheIssuerChangeTheDenial) {
  const std::vector<ReceivedEntry> entries{
      dutch_denial(),
      amendment(4, "NL",
                json{{"control_entries", {"5A001.j.1"}},
                     {"end_user", {{"name", "Fictitious Monitoring JSC"}, {"country", "BY"}}}}),
      // An amendment that would break the denial (decided after it expires) is ignored whole.
      amendment(5, "NL", json{{"decision_date", "2030-01-01"}, {"reasons", {"EU1"}}}),
      amendment(6, "NL", json{{"reasons", {"DV1"}}}),
      // Another state's word on NL's denial changes nothing.
      amendment(7, "FR", json{{"end_user", {{"name", "Someone Else"}, {"country", "FR"}}}})};
  const auto denials = denials_in_force(entries, kToday);
  ASSERT_EQ(denials.size(), 1U);
  EXPECT_EQ(denials[0].control_entry, "5A001.j.1");
  EXPECT_EQ(denials[0].end_user, "Fictitious Monitoring JSC");
  EXPECT_EQ(denials[0].destination, "BY");
  EXPECT_EQ(denials[0].date, "2025-11-02");
  EXPECT_EQ(denials[0].reason, "DV1");
}

TEST(DenialsInForce, ARevokedDenialIsNotInForce) {
  EXPECT_THAT(
      denials_in_force(std::vector<ReceivedEntry>{dutch_denial(), revocation(kDutchLog, 8, "NL")},
                       kToday),
      IsEmpty());
  // A revocation takes effect on its date; a renewal after it does not bring the denial back.
  EXPECT_EQ(
      denials_in_force(
          std::vector<ReceivedEntry>{dutch_denial(), revocation(kDutchLog, 8, "NL", "2026-04-01")},
          kToday)
          .size(),
      2U);
  EXPECT_THAT(
      denials_in_force(std::vector<ReceivedEntry>{dutch_denial(), revocation(kDutchLog, 8, "NL"),
                                                  renewal(kDutchLog, 9, "NL", "2030-01-01")},
                       kToday),
      IsEmpty());
}

TEST(DenialsInForce, ARevocationByAnotherIssuerIsIgnored) {
  const std::vector<ReceivedEntry> entries{dutch_denial(), revocation(kFrenchLog, 1, "FR")};
  EXPECT_EQ(denials_in_force(entries, kToday).size(), 2U);
  // Nor does an entry that claims NL but sits before the denial in NL's own log, or one that
  // refers to a denial nobody received.
  auto earlier = revocation(kDutchLog, 2, "NL");
  auto elsewhere = revocation(kDutchLog, 8, "NL");
  elsewhere.body["refers_to"] = refers_to(kDutchLog, 4);
  EXPECT_EQ(denials_in_force(std::vector<ReceivedEntry>{dutch_denial(), earlier, elsewhere}, kToday)
                .size(),
            2U);
}

TEST(DenialsInForce, UnreadableAndInvalidEntriesAreSkipped) {
  auto sealed = dutch_denial();
  sealed.readable = false;
  sealed.kind.reset();
  sealed.body = nullptr;
  sealed.problem = "sealed to other states";
  auto broken = received(kDutchLog, 5, "NL", NotificationKind::denial, json{{"reasons", {"HR1"}}});
  auto unread_revocation = revocation(kDutchLog, 8, "NL");
  unread_revocation.readable = false;
  unread_revocation.problem = "cannot be opened";
  const std::vector<ReceivedEntry> entries{sealed, broken};
  EXPECT_THAT(denials_in_force(entries, kToday), IsEmpty());
  EXPECT_EQ(denials_in_force(std::vector<ReceivedEntry>{dutch_denial(), unread_revocation}, kToday)
                .size(),
            2U);
}

TEST(DenialsInForce, DenialsComeInTheOrderOfTheLogs) {
  auto french = received(kFrenchLog, 0, "FR", NotificationKind::denial, denial_body());
  french.body["authority_reference"] = "FR-1";
  french.body["control_entries"] = {"5A001.j"};
  const std::vector<ReceivedEntry> entries{dutch_denial(), french};
  EXPECT_THAT(references(denials_in_force(entries, kToday)),
              ElementsAre("echri.nl.example/log#3 (DN-NL-2025-014) 5A001.j",
                          "echri.nl.example/log#3 (DN-NL-2025-014) 5D001.c",
                          "echri.fr.example/log#0 (FR-1) 5A001.j"));
}

// The case workflow's evaluator with a source of denials: the engine weighs those of essentially
// identical transactions, and says so when the source fails.
class PeerDenialEvaluationTest : public CaseTest {
 protected:
  core::Application demo() {
    auto parsed =
        assessment::application_from_json(demo_application(), assessment::Catalogue::builtin(), "");
    EXPECT_THAT(parsed, IsOk());
    return parsed ? *parsed : core::Application{};
  }

  static bool has_factor(const assessment::Assessment& assessment, const std::string& id) {
    return std::any_of(assessment.factors.begin(), assessment.factors.end(),
                       [&](const assessment::Factor& factor) { return factor.id == id; });
  }
};

TEST_P(PeerDenialEvaluationTest, ADenialInForceOfAnEssentiallyIdenticalTransactionIsAFactor) {
  auto other_destination = received(kFrenchLog, 0, "FR", NotificationKind::denial, denial_body());
  other_destination.body["end_user"]["country"] = "CN";
  const std::vector<ReceivedEntry> inbox{dutch_denial(), other_destination,
                                         revocation(kFrenchLog, 1, "FR")};
  std::size_t calls = 0;
  const auto evaluator =
      evaluator_->with_peer_denials([&]() -> Result<std::vector<assessment::PeerDenial>> {
        ++calls;
        return denials_in_force(inbox, kToday);
      });
  const auto application = demo();
  const auto evaluation = evaluator.evaluate(application, kToday);
  EXPECT_EQ(calls, 1U);
  EXPECT_TRUE(has_factor(evaluation.assessment, "peer_denial.denial"));
  ASSERT_EQ(evaluation.assessment.peer_denials.size(), 1U);  // 5A001.j to RU: NL's only
  EXPECT_EQ(evaluation.assessment.peer_denials[0].state, "NL");
  EXPECT_EQ(evaluation.report["peer_denials"].size(), 1U);
  // Without a source, as before; and the evaluator it was copied from has none.
  EXPECT_FALSE(
      has_factor(evaluator_->evaluate(application, kToday).assessment, "peer_denial.denial"));
}

TEST_P(PeerDenialEvaluationTest, AnUnreadableSourceIsADataWarningNotAFailure) {
  const auto evaluator =
      evaluator_->with_peer_denials([]() -> Result<std::vector<assessment::PeerDenial>> {
        return fail(ErrorKind::io, "the inbox is locked");
      });
  const auto evaluation = evaluator.evaluate(demo(), kToday);
  EXPECT_TRUE(evaluation.assessment.peer_denials.empty());
  EXPECT_THAT(evaluation.assessment.data_warnings,
              ::testing::Contains(HasSubstr("the inbox is locked")));
}

TEST_P(PeerDenialEvaluationTest, SubmittedCasesAreAssessedAgainstThePeerDenials) {
  const std::vector<ReceivedEntry> inbox{dutch_denial()};
  CaseServices services(
      *store_, *evaluator_, [this] { return now(); },
      [&]() -> Result<std::vector<assessment::PeerDenial>> {
        return denials_in_force(inbox, today_);
      });
  auto created = services.applications.create(exporter_, demo_application());
  ASSERT_THAT(created, IsOk());
  auto submitted = services.applications.submit(exporter_, created->record.id, std::nullopt);
  ASSERT_THAT(submitted, IsOk());
  const auto body = services.applications.get(officer_, created->record.id)->body();
  EXPECT_EQ(body["assessment"]["peer_denials"].size(), 1U) << body["assessment"].dump();
  const auto& flags = body["flags"];
  EXPECT_TRUE(std::any_of(flags.begin(), flags.end(), [](const json& flag) {
    return flag["kind"] == "peer_denial";
  })) << flags.dump();
  // The exporter's view of its case shows nothing of it.
  const auto own = services.applications.get(exporter_, created->record.id)->body_text();
  EXPECT_THAT(own, ::testing::Not(HasSubstr("DN-NL-2025-014")));
}

INSTANTIATE_TEST_SUITE_P(Backends, PeerDenialEvaluationTest,
                         ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace echri::cases::testing
