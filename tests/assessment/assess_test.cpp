#include "assessment/assess.hpp"

#include <gtest/gtest.h>

namespace echri::assessment {
namespace {

// A fictional world: country values are invented for the tests.
CountryData fictional_countries() {
  CountryData data;
  data.add(PtsRecord{"EG", 2023, 5, 4, 4});
  data.add(FiwRecord{"EG", 2024, "NF", 6, 5, 8, 10, 18});
  data.add(PtsRecord{"NO", 2023, 1, 1, 1});
  data.add(FiwRecord{"NO", 2024, "F", 1, 1, 40, 60, 100});
  data.add(PtsRecord{"CL", 2023, 2, 2, 2});
  data.add(FiwRecord{"CL", 2024, "F", 1, 1, 38, 56, 94});
  for (const auto* id : {"pts", "fiw"}) {
    IndicatorSource source;
    source.id = id;
    source.title = "fictional test values";
    data.add_source(std::move(source));
  }
  return data;
}

core::Application application(const std::string& entry, core::PartyType type,
                              const std::string& destination) {
  core::Application app;
  app.reference = "T-1";
  app.submitted_on = "2026-06-01";
  app.exporter = {"Fictional Exporter (test)", "DE"};
  app.destination = destination;
  app.items.push_back({"item", entry, {}, 1, std::nullopt, ""});
  app.parties.push_back(core::Party{core::PartyRole::end_user, "Fictional End User (test)",
                                    destination, type, "1 Test Street", "", ""});
  app.end_use = {"described", core::EndUseCategory::law_enforcement};
  app.assurances.end_use_statement = true;
  app.assurances.no_reexport = true;
  app.assurances.post_shipment_checks = true;
  app.answers = {{"end_user_linked_to_abuses", false},
                 {"targets_protected_groups", false},
                 {"exporter_aware_of_misuse_intent", false}};
  return app;
}

struct Run {
  Assessment result;
  [[nodiscard]] const Factor* factor(std::string_view id) const {
    for (const auto& factor : result.factors)
      if (factor.id == id) return &factor;
    return nullptr;
  }
  [[nodiscard]] bool has_prefix(std::string_view prefix) const {
    for (const auto& factor : result.factors)
      if (factor.id.starts_with(prefix)) return true;
    return false;
  }
  [[nodiscard]] bool has_condition(std::string_view id) const {
    for (const auto& condition : result.conditions)
      if (condition.id == id) return true;
    return false;
  }
  [[nodiscard]] bool has_missing(std::string_view path) const {
    for (const auto& missing : result.missing_information)
      if (missing.path == path) return true;
    return false;
  }
};

ScreeningEvidence screened_clear(const core::Application& app) {
  ScreeningEvidence evidence;
  evidence.performed = true;
  evidence.threshold = 0.8;
  evidence.lists = {"test-list@sha256:0"};
  for (std::size_t i = 0; i < app.parties.size(); ++i) evidence.parties.push_back({i, {}});
  return evidence;
}

Run run(const core::Application& app, const CountryData& countries,
        std::optional<ScreeningEvidence> screening = std::nullopt,
        const Policy& policy = Policy::builtin()) {
  AssessmentInput input;
  input.application = &app;
  input.screening = screening ? *screening : screened_clear(app);
  input.countries = &countries;
  input.as_of = app.submitted_on;
  return {assess(input, Catalogue::builtin(), policy)};
}

TEST(Assess, ExposureScalesWhoAndWhereByWhatTheItemsCanDo) {
  const auto countries = fictional_countries();
  const auto critical = run(application("5A001.j", core::PartyType::police, "EG"), countries);
  const auto harmless = run(application("EAR99", core::PartyType::police, "EG"), countries);
  const auto* critical_user = critical.factor("end_user_type.police");
  const auto* harmless_user = harmless.factor("end_user_type.police");
  ASSERT_NE(critical_user, nullptr);
  ASSERT_NE(harmless_user, nullptr);
  EXPECT_GT(critical_user->points, 5 * harmless_user->points);
  EXPECT_NE(critical_user->evidence.find("exposure"), std::string::npos);
  EXPECT_GT(critical.result.score, harmless.result.score + 40);
  EXPECT_EQ(critical.result.exposure_class, Sensitivity::critical);
  EXPECT_EQ(harmless.result.level, RiskLevel::low);
  EXPECT_EQ(harmless.result.recommendation, Recommendation::approve);
}

TEST(Assess, InterceptionForStateSecurityInARepressiveStateIsDenied) {
  const auto result =
      run(application("5A001.j", core::PartyType::state_security, "EG"), fictional_countries());
  EXPECT_EQ(result.result.level, RiskLevel::severe);
  EXPECT_EQ(result.result.recommendation, Recommendation::deny);
  EXPECT_EQ(result.result.decisive_rule.trigger, "level_severe");
  EXPECT_TRUE(result.result.conditions.empty());
  EXPECT_NE(result.factor("destination_pts.5"), nullptr);
  EXPECT_NE(result.factor("destination_freedom.NF"), nullptr);
}

TEST(Assess, TheAuthoritysOwnViewReplacesTheIndicators) {
  auto countries = fictional_countries();
  countries.add(AuthorityAssessment{"NO", RiskLevel::severe, "Fictional Officer (test)",
                                    "2026-03-01", "fictional reason"});
  const auto result = run(application("5A001.j", core::PartyType::police, "NO"), countries);
  EXPECT_NE(result.factor("destination_authority.severe"), nullptr);
  EXPECT_FALSE(result.has_prefix("destination_pts"));
  EXPECT_FALSE(result.has_prefix("destination_freedom"));
  EXPECT_NE(result.factor("destination_authority.severe")->evidence.find("Fictional Officer"),
            std::string::npos);
}

TEST(Assess, StaleAndMissingCountryDataAreFactorsAndWarnings) {
  auto app = application("5A001.j", core::PartyType::company, "NO");
  app.submitted_on = "2035-01-01";
  const auto stale = run(app, fictional_countries());
  EXPECT_NE(stale.factor("destination_data.stale"), nullptr);
  EXPECT_FALSE(stale.result.data_warnings.empty());

  const auto none =
      run(application("5A001.j", core::PartyType::company, "JP"), fictional_countries());
  EXPECT_NE(none.factor("destination_data.missing"), nullptr);

  const CountryData empty;
  const auto nothing = run(application("5A001.j", core::PartyType::company, "NO"), empty);
  EXPECT_NE(nothing.factor("destination_data.missing"), nullptr);
  EXPECT_FALSE(nothing.result.destination.has_value());
}

TEST(Assess, AnIdentifierMatchIsDecisiveAndANameMatchIsReferred) {
  const auto app = application("EAR99", core::PartyType::company, "NO");
  auto screening = screened_clear(app);
  ScreeningHit hit;
  hit.list = "test-list";
  hit.source_id = "T-9";
  hit.listed_name = "Fictional End User";
  hit.score = 0.92;
  screening.parties[0].hits.push_back(hit);
  const auto by_name = run(app, fictional_countries(), screening);
  EXPECT_NE(by_name.factor("screening.match"), nullptr);
  EXPECT_EQ(by_name.result.recommendation, Recommendation::refer);
  EXPECT_TRUE(by_name.has_condition("resolve_screening_match"));

  screening.parties[0].hits[0].identifier_match = true;
  const auto by_id = run(app, fictional_countries(), screening);
  EXPECT_NE(by_id.factor("screening.identifier_match"), nullptr);
  EXPECT_EQ(by_id.result.recommendation, Recommendation::deny);

  ScreeningEvidence not_screened;
  const auto unscreened = run(app, fictional_countries(), not_screened);
  EXPECT_NE(unscreened.factor("screening.not_performed"), nullptr);
  EXPECT_EQ(unscreened.result.recommendation, Recommendation::refer);
}

TEST(Assess, MissingInformationIsRequestedUnlessTheKnownFactsAlreadyDeny) {
  auto app = application("5A001.j", core::PartyType::police, "NO");
  app.parties[0].type.reset();
  app.parties[0].address.clear();
  app.end_use = {};
  app.assurances = {};
  app.answers.clear();
  const auto result = run(app, fictional_countries());
  EXPECT_EQ(result.result.recommendation, Recommendation::request_information);
  for (const auto* path :
       {"$.parties[0].type", "$.parties[0].address", "$.end_use.description", "$.end_use.category",
        "$.assurances.end_use_statement", "$.assurances.no_reexport",
        "$.assurances.post_shipment_checks", "$.answers.targets_protected_groups"})
    EXPECT_TRUE(result.has_missing(path)) << path;
  EXPECT_NE(result.factor("end_user_type.unknown"), nullptr);
  EXPECT_NE(result.factor("missing_information"), nullptr);

  auto severe = application("5A001.j", core::PartyType::intelligence, "EG");
  severe.end_use = {};
  const auto denied = run(severe, fictional_countries());
  EXPECT_EQ(denied.result.recommendation, Recommendation::deny);
  EXPECT_TRUE(denied.has_missing("$.end_use.category"));
}

TEST(Assess, RedFlagsAreReportedAndReferred) {
  auto app = application("EAR99", core::PartyType::company, "NO");
  app.answers["payment_in_cash"] = true;
  app.answers["freight_forwarder_final_destination"] = false;
  const auto result = run(app, fictional_countries());
  ASSERT_EQ(result.result.red_flags.size(), 1U);
  EXPECT_EQ(result.result.red_flags[0].id, "payment_in_cash");
  EXPECT_NE(result.factor("red_flag.payment_in_cash"), nullptr);
  EXPECT_EQ(result.factor("red_flag.payment_in_cash")->path, "$.answers.payment_in_cash");
  EXPECT_EQ(result.result.recommendation, Recommendation::refer);
}

TEST(Assess, TheScoreIsCappedAtOneHundred) {
  auto app = application("5A001.j", core::PartyType::intelligence, "EG");
  for (const auto& question : Catalogue::builtin().questions()) app.answers[question.id] = true;
  app.assurances.end_use_statement = false;
  app.assurances.no_reexport = false;
  const auto result = run(app, fictional_countries());
  EXPECT_EQ(result.result.score, 100);
  double sum = 0;
  for (const auto& factor : result.result.factors) sum += factor.points;
  EXPECT_GT(sum, 100);
}

TEST(Assess, ConditionsFitTheItemsAndTheEndUser) {
  auto app = application("5A001.j", core::PartyType::telecom_operator, "CL");
  app.end_use.category = core::EndUseCategory::lawful_interception;
  app.assurances.human_rights_clause.reset();
  const auto result = run(app, fictional_countries());
  EXPECT_EQ(result.result.level, RiskLevel::medium);
  EXPECT_EQ(result.result.recommendation, Recommendation::approve_with_conditions);
  EXPECT_TRUE(result.has_condition("post_shipment_verification"));
  EXPECT_TRUE(result.has_condition("human_rights_clause"));
  EXPECT_FALSE(result.has_condition("end_user_certificate"));  // not a state body
  EXPECT_FALSE(result.has_condition("end_use_statement"));     // given
}

TEST(Assess, TheUltimateEndUserDecidesAndDiversionIsNoticed) {
  auto app = application("5A001.j", core::PartyType::company, "CL");
  app.parties.push_back(core::Party{core::PartyRole::ultimate_end_user,
                                    "Fictional Intelligence Bureau (test)", "EG",
                                    core::PartyType::intelligence, "2 Test Street", "", ""});
  const auto result = run(app, fictional_countries());
  EXPECT_NE(result.factor("end_user_type.intelligence"), nullptr);
  EXPECT_EQ(result.factor("end_user_type.company"), nullptr);
  EXPECT_NE(result.factor("diversion.end_user_country_differs"), nullptr);
}

TEST(Assess, UnlistedItemsTakeTheClassOfTheirCapabilities) {
  auto app = application("none", core::PartyType::police, "EG");
  app.items[0].capabilities = {"facial_recognition"};
  const auto result = run(app, fictional_countries());
  const auto* capability = Catalogue::builtin().find_capability("facial_recognition");
  ASSERT_NE(capability, nullptr);
  EXPECT_EQ(result.result.exposure_class, capability->sensitivity);
  EXPECT_EQ(result.result.items[0].sensitivity, capability->sensitivity);

  app.items[0].capabilities.clear();
  const auto undeclared = run(app, fictional_countries());
  EXPECT_TRUE(undeclared.has_missing("$.items[0].capabilities"));
}

TEST(Assess, PeerDenialsAreWeighedAndReferred) {
  const auto app = application("6A003", core::PartyType::company, "NO");
  AssessmentInput input;
  input.application = &app;
  input.screening = screened_clear(app);
  const auto countries = fictional_countries();
  input.countries = &countries;
  input.as_of = "2026-06-01";
  input.peer_denials.push_back(PeerDenial{"NL", "DN-NL-TEST", "2025-01-01", "6A003",
                                          "Fictional End User (test)", "NO", "test"});
  const auto result = assess(input, Catalogue::builtin(), Policy::builtin());
  EXPECT_EQ(result.recommendation, Recommendation::refer);
  bool consult = false;
  for (const auto& condition : result.conditions)
    consult |= condition.id == "consult_denying_state";
  EXPECT_TRUE(consult);
}

}  // namespace
}  // namespace echri::assessment
