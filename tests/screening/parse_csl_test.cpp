#include <gtest/gtest.h>

#include "parse_test_helpers.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using core::AliasStrength;
using core::EntityType;
using namespace testing_helpers;

void expect_fixture_content(const ParsedList& list, const std::string& person_id,
                            const std::string& institute_id) {
  EXPECT_EQ(list.list_id, "us-csl");
  const auto& institute = by_id(list, institute_id);
  EXPECT_EQ(institute.list_section, "Entity List (EL) - Bureau of Industry and Security");
  EXPECT_EQ(institute.type, EntityType::organization);  // no type column: guessed from "Institute"
  EXPECT_TRUE(has_alias(institute, "IPRI", AliasStrength::strong));
  EXPECT_EQ(institute.listed_on, "2021-06-01");
  EXPECT_EQ(institute.countries.front(), "CN");
  EXPECT_EQ(institute.source_url, "https://example.invalid/el-info");

  const auto& person = by_id(list, person_id);
  EXPECT_EQ(person.type, EntityType::person);
  EXPECT_EQ(person.name, "TESTOV, Pyotr Fiktivovich");
  EXPECT_EQ(person.programs, (std::vector<std::string>{"SDGT", "IRGC"}));
  EXPECT_TRUE(has_alias(person, "TESTOFF, Pyotr", AliasStrength::strong));
  EXPECT_EQ(person.dates_of_birth, (std::vector<std::string>{"1970-03-15", "1971"}));
  EXPECT_EQ(person.countries, (std::vector<std::string>{"RU", "CY"}));
  EXPECT_TRUE(has_identifier(person, {"Passport", "7100002", "RU"}));
  // The sanction note in the ids column is not an identifier.
  EXPECT_EQ(person.identifiers.size(), 1u);
  EXPECT_NE(person.remarks.find("Secondary sanctions risk:"), std::string::npos);
}

TEST(ParseCsl, CsvFixtureWithoutIdColumn) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/csl/csl.csv");
  EXPECT_EQ(list.format, ListFormat::csl_csv);
  ASSERT_EQ(list.entities.size(), 5u);
  // No _id and no entity number: a stable hash.
  const std::string institute_id = list.entities[0].source_id;
  EXPECT_TRUE(institute_id.starts_with("csl-"));
  expect_fixture_content(list, "90001", institute_id);
  const auto& vessel = by_id(list, "90002");
  EXPECT_EQ(vessel.type, EntityType::vessel);
  EXPECT_TRUE(has_identifier(vessel, {"IMO", "9999992", ""}));
  EXPECT_EQ(vessel.countries, (std::vector<std::string>{"PA"}));
  // DPL section without a type: a person unless the name has a legal form.
  EXPECT_EQ(list.entities[3].type, EntityType::person);
  EXPECT_EQ(list.entities[3].name, "JOHN Q. PLACEHOLDER");
  EXPECT_EQ(list.entities[4].type, EntityType::organization);

  // Re-parsing gives the same ids.
  const auto again = parse_one(testing::fixtures_dir() / "lists/csl/csl.csv");
  EXPECT_EQ(again.entities[0].source_id, institute_id);
}

TEST(ParseCsl, CsvFixtureWithIdColumn) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/csl/csl_with_id.csv");
  ASSERT_EQ(list.entities.size(), 5u);
  expect_fixture_content(list, "fict0002aa", "fict0001aa");
}

TEST(ParseCsl, JsonFixture) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/csl/consolidated.json");
  EXPECT_EQ(list.format, ListFormat::csl_json);
  ASSERT_EQ(list.entities.size(), 4u);
  expect_fixture_content(list, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                         "e0f1c2a3b4d5e6f708192a3b4c5d6e7f8091a2b3");
  const auto& institute = by_id(list, "e0f1c2a3b4d5e6f708192a3b4c5d6e7f8091a2b3");
  ASSERT_EQ(institute.addresses.size(), 1u);
  EXPECT_EQ(institute.addresses[0], (core::Address{"12 Make-Believe Road", "Fictionville",
                                                   "Nowhere Province", "000000", "CN", "CN"}));
  const auto& vessel = by_id(list, "b2c3d4e5f60718293a4b5c6d7e8f901234567890");
  EXPECT_TRUE(has_identifier(vessel, {"IMO", "9999992", ""}));
  EXPECT_TRUE(has_identifier(vessel, {"Call Sign", "9XFAKE", ""}));
}

TEST(ParseCsl, RealCsvSample) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  const auto list = parse_one(data / "lists/other/csl.csv");
  ASSERT_EQ(list.entities.size(), 115u);
  const auto& holdings = by_id(list, "20264");
  EXPECT_EQ(holdings.name, "200G PSA HOLDINGS LLC");
  EXPECT_EQ(holdings.list_section, "Specially Designated Nationals (SDN) - Treasury Department");
  EXPECT_EQ(holdings.type, EntityType::organization);
  EXPECT_TRUE(has_identifier(holdings, {"Tax ID No.", "80-0890696", "US"}));
  ASSERT_EQ(holdings.addresses.size(), 1u);
  EXPECT_EQ(holdings.addresses[0].country_code, "US");
  EXPECT_EQ(holdings.addresses[0].street, "80 SW 8th Street Suite 2000, Miami, FL, 33130");
  const auto& canada = by_id(list, "8124");
  EXPECT_TRUE(has_alias(canada, "HAVANTUR CANADA INC.", AliasStrength::strong));
  const auto sections =
      std::count_if(list.entities.begin(), list.entities.end(), [](const auto& e) {
        return e.list_section == "Entity List (EL) - Bureau of Industry and Security";
      });
  EXPECT_EQ(sections, 22);
}

}  // namespace
}  // namespace echri::screening
