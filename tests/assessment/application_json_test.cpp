#include "assessment/application_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace echri::assessment {
namespace {

using nlohmann::json;

json minimal() {
  return json::parse(R"json({
    "reference": "APP-1",
    "exporter": {"name": "Fictional Exporter GmbH (test)", "country": "DE"},
    "destination": "EG",
    "items": [{"description": "IP monitoring probe", "control_entry": "5A001.j", "quantity": 2,
               "value": 250000, "currency": "EUR"}]
  })json");
}

Result<core::Application> read(const json& document) {
  return application_from_json(document, Catalogue::builtin(), "app.json");
}

std::string error_of(const json& document) {
  const auto result = read(document);
  EXPECT_FALSE(result.has_value());
  return result ? std::string() : result.error().describe();
}

TEST(ApplicationJson, ReadsAFullApplication) {
  auto document = minimal();
  document["submitted_on"] = "2026-06-01";
  document["parties"] = json::parse(R"json([
    {"role": "end_user", "name": "Fictional Police Directorate", "country": "EG",
     "type": "police", "address": "1 Test Street, Cairo"},
    {"role": "consignee", "name": "Fictional Freight (test)", "country": "AE"}])json");
  document["end_use"] = {{"description", "city surveillance"}, {"category", "law_enforcement"}};
  document["assurances"] = {{"end_use_statement", true}, {"post_shipment_checks", false}};
  document["answers"] = {{"payment_in_cash", true}};
  const auto application = read(document);
  ASSERT_TRUE(application) << application.error().describe();
  EXPECT_EQ(application->reference, "APP-1");
  EXPECT_EQ(application->destination, "EG");
  ASSERT_EQ(application->parties.size(), 2U);
  EXPECT_EQ(application->parties[0].type, core::PartyType::police);
  EXPECT_EQ(application->parties[1].role, core::PartyRole::consignee);
  EXPECT_FALSE(application->parties[1].type.has_value());
  EXPECT_EQ(application->end_use.category, core::EndUseCategory::law_enforcement);
  EXPECT_EQ(application->assurances.end_use_statement, true);
  EXPECT_EQ(application->assurances.post_shipment_checks, false);
  EXPECT_FALSE(application->assurances.no_reexport.has_value());
  EXPECT_EQ(application->answers.at("payment_in_cash"), true);
  EXPECT_EQ(application->items[0].value, 250000.0);
}

TEST(ApplicationJson, RoundTripsThroughItsOwnJson) {
  auto document = minimal();
  document["parties"] = json::parse(
      R"json([{"role": "end_user", "name": "Fictional Telecom (test)", "type": "company"}])json");
  const auto first = read(document);
  ASSERT_TRUE(first);
  const auto second = read(to_json(*first));
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(to_json(*first), to_json(*second));
}

TEST(ApplicationJson, AcceptsEntriesInAnyCaseAndUnlistedItemsWithCapabilities) {
  auto document = minimal();
  document["items"][0]["control_entry"] = "5a001.j";
  document["items"].push_back({{"description", "face matching software"},
                               {"control_entry", "none"},
                               {"capabilities", {"facial_recognition"}}});
  const auto application = read(document);
  ASSERT_TRUE(application) << application.error().describe();
  EXPECT_EQ(application->items[0].control_entry, "5A001.j");
  EXPECT_EQ(application->items[1].capabilities, std::vector<std::string>{"facial_recognition"});
}

TEST(ApplicationJson, NamesThePathOfEveryFormatError) {
  auto unknown_field = minimal();
  unknown_field["items"][0]["colour"] = "red";
  EXPECT_EQ(error_of(unknown_field).rfind("app.json: $.items[0].colour: unknown field", 0), 0U);

  auto bad_country = minimal();
  bad_country["destination"] = "XX";
  EXPECT_NE(error_of(bad_country).find("$.destination: unknown ISO 3166-1 country code \"XX\""),
            std::string::npos);

  auto bad_entry = minimal();
  bad_entry["items"][0]["control_entry"] = "surveillance";
  EXPECT_NE(error_of(bad_entry).find("$.items[0].control_entry"), std::string::npos);

  auto bad_capability = minimal();
  bad_capability["items"][0]["capabilities"] = {"mind_reading"};
  EXPECT_NE(error_of(bad_capability).find("$.items[0].capabilities[0]: unknown capability"),
            std::string::npos);

  auto bad_role = minimal();
  bad_role["parties"] = json::parse(R"json([{"role": "owner", "name": "X"}])json");
  EXPECT_NE(error_of(bad_role).find("$.parties[0].role: unknown value \"owner\""),
            std::string::npos);

  auto bad_type = minimal();
  bad_type["parties"] =
      json::parse(R"json([{"role": "end_user", "name": "X", "type": "spies"}])json");
  EXPECT_NE(error_of(bad_type).find("$.parties[0].type"), std::string::npos);

  auto bad_answer = minimal();
  bad_answer["answers"] = {{"likes_cats", true}};
  EXPECT_NE(error_of(bad_answer).find("$.answers.likes_cats: unknown question"), std::string::npos);

  auto answer_not_bool = minimal();
  answer_not_bool["answers"] = {{"payment_in_cash", "yes"}};
  EXPECT_NE(error_of(answer_not_bool).find("$.answers.payment_in_cash: expected true or false"),
            std::string::npos);

  auto no_items = minimal();
  no_items["items"] = json::array();
  EXPECT_NE(error_of(no_items).find("$.items: at least one item"), std::string::npos);

  auto missing_reference = minimal();
  missing_reference.erase("reference");
  EXPECT_NE(error_of(missing_reference).find("$.reference: required field is missing"),
            std::string::npos);

  auto negative_value = minimal();
  negative_value["items"][0]["value"] = -5;
  EXPECT_NE(error_of(negative_value).find("$.items[0].value: must not be negative"),
            std::string::npos);

  auto value_without_currency = minimal();
  value_without_currency["items"][0].erase("currency");
  EXPECT_NE(error_of(value_without_currency).find("$.items[0].currency: required"),
            std::string::npos);

  auto bad_date = minimal();
  bad_date["submitted_on"] = "2026-13-01";
  EXPECT_NE(error_of(bad_date).find("$.submitted_on: not a calendar date"), std::string::npos);

  auto assurance_not_bool = minimal();
  assurance_not_bool["assurances"] = {{"no_reexport", 1}};
  EXPECT_NE(error_of(assurance_not_bool).find("$.assurances.no_reexport: expected true or false"),
            std::string::npos);
}

TEST(ApplicationJson, EveryStringAndListHasAMaximum) {
  auto long_name = minimal();
  long_name["parties"] =
      json::array({{{"role", "end_user"}, {"name", std::string(std::size_t{560} * 1024, 'A')}}});
  EXPECT_NE(error_of(long_name).find("$.parties[0].name: longer than 500 bytes"),
            std::string::npos);
  auto fits = minimal();
  fits["parties"] = json::array({{{"role", "end_user"}, {"name", std::string(500, 'A')}}});
  EXPECT_TRUE(read(fits).has_value());

  auto long_description = minimal();
  long_description["items"][0]["description"] = std::string(10001, 'd');
  EXPECT_NE(error_of(long_description).find("$.items[0].description: longer than 10000 bytes"),
            std::string::npos);

  auto long_address = minimal();
  long_address["parties"] =
      json::array({{{"role", "end_user"}, {"name", "X"}, {"address", std::string(1001, 'a')}}});
  EXPECT_NE(error_of(long_address).find("$.parties[0].address: longer than 1000 bytes"),
            std::string::npos);

  auto many_parties = minimal();
  many_parties["parties"] = json::array();
  for (int i = 0; i < 201; ++i)
    many_parties["parties"].push_back({{"role", "end_user"}, {"name", "X"}});
  EXPECT_NE(error_of(many_parties).find("$.parties: more than 200 entries"), std::string::npos);
}

TEST(ApplicationJson, DatesOfBirthNameARealDay) {
  for (const auto* date : {"1960", "1960-12", "1960-12-31"}) {
    auto document = minimal();
    document["parties"] =
        json::array({{{"role", "end_user"}, {"name", "X"}, {"date_of_birth", date}}});
    EXPECT_TRUE(read(document).has_value()) << date;
  }
  for (const auto* date : {"1960-13-45", "1960-13", "1961-02-29", "60", "1960-1-1"}) {
    auto document = minimal();
    document["parties"] =
        json::array({{{"role", "end_user"}, {"name", "X"}, {"date_of_birth", date}}});
    EXPECT_NE(error_of(document).find("$.parties[0].date_of_birth"), std::string::npos) << date;
  }
}

TEST(ApplicationJson, ReportsSyntaxErrorsWithTheFile) {
  const auto result = parse_application("{\"reference\": ", Catalogue::builtin(), "broken.json");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().where, "broken.json");
  EXPECT_NE(result.error().message.find("not valid JSON"), std::string::npos);
}

TEST(ApplicationJson, LeavesMissingInformationToTheAssessment) {
  // No parties, end use, assurances or answers: incomplete, but well-formed.
  const auto application = read(minimal());
  ASSERT_TRUE(application) << application.error().describe();
  EXPECT_TRUE(application->parties.empty());
  EXPECT_FALSE(application->end_use.category.has_value());
}

}  // namespace
}  // namespace echri::assessment
