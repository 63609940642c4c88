#include "cases/demo.hpp"

#include <nlohmann/json.hpp>

namespace echri::cases {
namespace {

using nlohmann::json;

constexpr const char* kAuthority = "demo-authority";
constexpr const char* kNorthwind = "northwind-sensors";
constexpr const char* kBluebird = "bluebird-networks";
constexpr const char* kWatch = "open-watch";

template <class T>
Result<T> first_error(Result<T> result, std::string_view step) {
  if (!result) {
    auto error = result.error();
    error.message = "demo seeding, " + std::string(step) + ": " + error.message;
    return tl::unexpected(error);
  }
  return result;
}

// Seeding is a straight script of fallible steps; the macro keeps each step one statement.
// `var` names a new variable and cannot be wrapped in parentheses.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ECHRI_DEMO_TRY(var, expr, step) \
  auto var = first_error((expr), step); \
  if (!(var)) return tl::unexpected((var).error())
// NOLINTEND(bugprone-macro-parentheses)

json surveillance_application() {
  return json::parse(R"json({
    "reference": "NWS-2026-017",
    "exporter": {"name": "Northwind Sensors Ltd (fictional)", "country": "DE"},
    "destination": "RU",
    "items": [{"description": "IP traffic monitoring probes with deep packet inspection",
               "control_entry": "5A001.j", "quantity": 6, "value": 900000, "currency": "EUR"}],
    "parties": [
      {"role": "consignee", "name": "Fictional Shipping Co.", "country": "AE",
       "address": "Unit 4, Nowhere Marina, Dubai"},
      {"role": "end_user", "name": "Fictitious Surveillance Systems LLC", "country": "RU",
       "type": "company", "address": "1 Imaginary Road, Testograd"}],
    "end_use": {"description": "Integration into a city-wide monitoring system",
                "category": "public_order"},
    "assurances": {"end_use_statement": true, "no_reexport": false,
                   "post_shipment_checks": true},
    "answers": {"payment_in_cash": false, "integration_with_monitoring_centre": true,
                "end_user_linked_to_abuses": false, "targets_protected_groups": false,
                "exporter_aware_of_misuse_intent": false}})json");
}

json research_application() {
  return json::parse(R"json({
    "reference": "NWS-2026-021",
    "exporter": {"name": "Northwind Sensors Ltd (fictional)", "country": "DE"},
    "destination": "NO",
    "items": [{"description": "Network test set for a university laboratory",
               "control_entry": "EAR99", "quantity": 2, "value": 18000, "currency": "EUR"}],
    "parties": [
      {"role": "end_user", "name": "Imaginary Institute of Technology (fictional)",
       "country": "NO", "type": "university", "address": "Fjordveien 1, Pretendheim"}],
    "end_use": {"description": "Teaching and research in network engineering",
                "category": "research"},
    "assurances": {"end_use_statement": true, "no_reexport": true},
    "answers": {"payment_in_cash": false, "integration_with_monitoring_centre": false,
                "end_user_linked_to_abuses": false, "targets_protected_groups": false,
                "exporter_aware_of_misuse_intent": false}})json");
}

json incomplete_application() {
  return json::parse(R"json({
    "reference": "BBN-2026-003",
    "exporter": {"name": "Bluebird Networks AB (fictional)", "country": "SE"},
    "destination": "EG",
    "items": [{"description": "Lawful interception mediation software",
               "control_entry": "5D001.e", "quantity": 1}],
    "parties": [
      {"role": "end_user", "name": "Make-Believe Telecom SAE (fictional)", "country": "EG"}]})json");
}

json draft_application() {
  return json::parse(R"json({
    "reference": "BBN-2026-004",
    "exporter": {"name": "Bluebird Networks AB (fictional)", "country": "SE"},
    "destination": "CL",
    "items": [{"description": "Mobile network signal analysers", "control_entry": "5A980"}]})json");
}

}  // namespace

Result<DemoSeed> seed_demo(Accounts& accounts, CaseServices& cases, Inquiries& inquiries) {
  DemoSeed seed;
  ECHRI_DEMO_TRY(existing, accounts.find_organisation(kAuthority), "looking for demo data");
  if (*existing) {
    seed.already_seeded = true;
    return seed;
  }
  const auto system = system_principal();
  const std::vector<Organisation> organisations{
      {kAuthority, "Demo Export Control Authority (fictional)", OrganisationKind::authority, "DE"},
      {kNorthwind, "Northwind Sensors Ltd (fictional)", OrganisationKind::exporter, "DE"},
      {kBluebird, "Bluebird Networks AB (fictional)", OrganisationKind::exporter, "SE"},
      {kWatch, "Open Watch (fictional NGO)", OrganisationKind::civil_society, "NL"},
  };
  for (const auto& organisation : organisations) {
    ECHRI_DEMO_TRY(added, accounts.add_organisation(system, organisation), "organisations");
  }
  const std::vector<User> users{
      {"admin", "Ada Admin (fictional)", Role::admin, kAuthority, true},
      {"olga.officer", "Olga Officer (fictional)", Role::officer, kAuthority, true},
      {"sam.senior", "Sam Senior (fictional)", Role::senior_officer, kAuthority, true},
      {"aude.auditor", "Aude Auditor (fictional)", Role::auditor, kAuthority, true},
      {"erik.exporter", "Erik Exporter (fictional)", Role::exporter, kNorthwind, true},
      {"britt.exporter", "Britt Exporter (fictional)", Role::exporter, kBluebird, true},
      {"cora.watch", "Cora Watch (fictional)", Role::civil_society, kWatch, true},
  };
  for (const auto& user : users) {
    ECHRI_DEMO_TRY(added, accounts.add_user(system, user), "users");
    // The system issues enrolment tokens; the demo exchanges each for the user's own token,
    // as the user would (POST /api/v1/tokens/exchange), so that the printed tokens work at once.
    ECHRI_DEMO_TRY(enrolment, accounts.issue_token(system, user.id), "tokens");
    ECHRI_DEMO_TRY(holder, accounts.authenticate(enrolment->secret), "tokens");
    ECHRI_DEMO_TRY(token, accounts.exchange_token(*holder, "demo"), "tokens");
    seed.users.push_back(DemoUser{user.id, user.role, user.organisation, token->secret});
  }
  const Principal erik{"erik.exporter", Role::exporter, kNorthwind};
  const Principal britt{"britt.exporter", Role::exporter, kBluebird};
  const Principal olga{"olga.officer", Role::officer, kAuthority};
  const Principal cora{"cora.watch", Role::civil_society, kWatch};

  // A high-risk case an officer recommends refusing: it waits for the senior officer.
  ECHRI_DEMO_TRY(risky, cases.applications.create(erik, surveillance_application()), "case 1");
  const auto risky_id = risky->record.id;
  ECHRI_DEMO_TRY(risky_submitted, cases.applications.submit(erik, risky_id, std::nullopt),
                 "case 1 submit");
  if (risky_submitted->record.state == "submitted") {
    ECHRI_DEMO_TRY(reviewing, cases.applications.start_review(olga, risky_id, std::nullopt),
                   "case 1 review");
    ECHRI_DEMO_TRY(
        recommended,
        cases.decisions.recommend(olga, risky_id,
                                  DecisionDraft{Outcome::refused,
                                                {"HR3", "EU1"},
                                                {},
                                                "The end user is listed and the probes would "
                                                "feed a city-wide monitoring system."},
                                  std::nullopt),
        "case 1 recommend");
  }
  // A low-risk research case, approved by one officer.
  ECHRI_DEMO_TRY(research, cases.applications.create(erik, research_application()), "case 2");
  const auto research_id = research->record.id;
  ECHRI_DEMO_TRY(research_submitted, cases.applications.submit(erik, research_id, std::nullopt),
                 "case 2 submit");
  if (research_submitted->record.state == "submitted") {
    ECHRI_DEMO_TRY(reviewing, cases.applications.start_review(olga, research_id, std::nullopt),
                   "case 2 review");
    ECHRI_DEMO_TRY(
        decided,
        cases.decisions.decide(olga, research_id,
                               DecisionDraft{Outcome::approved, {}, {}, "Low risk."}, std::nullopt),
        "case 2 decide");
  }
  // An incomplete case: submission sends the gaps back to the exporter.
  ECHRI_DEMO_TRY(incomplete, cases.applications.create(britt, incomplete_application()), "case 3");
  ECHRI_DEMO_TRY(incomplete_submitted,
                 cases.applications.submit(britt, incomplete->record.id, std::nullopt),
                 "case 3 submit");
  // A draft.
  ECHRI_DEMO_TRY(draft, cases.applications.create(britt, draft_application()), "case 4");
  seed.applications = {risky_id, research_id, incomplete->record.id, draft->record.id};

  ECHRI_DEMO_TRY(
      query,
      inquiries.ask(
          britt,
          json{{"end_user", {{"name", "Fictitious Surveillance Systems LLC"}, {"country", "RU"}}},
               {"question",
                "Would a licence for network probes to this end user "
                "be considered?"}}),
      "advisory query");
  ECHRI_DEMO_TRY(
      submission,
      inquiries.submit(cora, json{{"subject", "end_user"},
                                  {"name", "Fictitious Surveillance Systems LLC"},
                                  {"country", "RU"},
                                  {"summary", "Supplies monitoring centres (fictional)"},
                                  {"evidence",
                                   "A fictional report describes the company's "
                                   "integration work for city surveillance."},
                                  {"sources", {"https://example.org/fictional-report"}}}),
      "submission");
  return seed;
}

#undef ECHRI_DEMO_TRY

}  // namespace echri::cases
