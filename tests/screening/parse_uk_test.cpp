#include <gtest/gtest.h>

#include "parse_test_helpers.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using core::AliasStrength;
using core::EntityType;
using namespace testing_helpers;

TEST(ParseUk, FixtureRowsAreMergedByGroupId) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/uk/ConList.csv");
  EXPECT_EQ(list.list_id, "uk-ofsi");
  EXPECT_EQ(list.format, ListFormat::uk_csv);
  EXPECT_EQ(list.published, "2026-01-20");
  ASSERT_EQ(list.entities.size(), 4u);

  const auto& boris = by_id(list, "90001");
  EXPECT_EQ(boris.type, EntityType::person);
  // The primary name row came second: it is still the name.
  EXPECT_EQ(boris.name, "Boris Ivanovich FICTITSKY");
  EXPECT_TRUE(has_alias(boris, "Borya FIKTITSKI", AliasStrength::weak));
  EXPECT_TRUE(has_alias(boris, "Boris FIKTITSKY", AliasStrength::strong));
  EXPECT_TRUE(has_alias(boris, "Борис Иванович Фиктицкий", AliasStrength::strong));
  EXPECT_EQ(boris.aliases.size(), 3u);
  EXPECT_EQ(boris.dates_of_birth, (std::vector<std::string>{"1960-01-12", "1962"}));
  EXPECT_EQ(boris.countries, (std::vector<std::string>{"RU", "CY"}));
  EXPECT_TRUE(has_identifier(boris, {"Passport", "TEST-0001", ""}));
  ASSERT_EQ(boris.addresses.size(), 1u);
  EXPECT_EQ(boris.addresses[0].street, "1 Make-Believe Street, Testograd");
  EXPECT_EQ(boris.addresses[0].postal_code, "101000");
  EXPECT_EQ(boris.addresses[0].country_code, "RU");
  EXPECT_EQ(boris.programs, (std::vector<std::string>{"Russia"}));
  EXPECT_EQ(boris.listed_on, "2022-02-28");
  EXPECT_NE(boris.remarks.find("Position: Director of Imaginary Procurement"), std::string::npos);

  const auto& company = by_id(list, "90002");
  EXPECT_EQ(company.type, EntityType::organization);
  EXPECT_EQ(company.name, "FICTITIOUS SURVEILLANCE SYSTEMS LLC");
  EXPECT_TRUE(has_alias(company, "FSS", AliasStrength::strong));

  EXPECT_EQ(by_id(list, "90003").type, EntityType::vessel);
  const auto& jane = by_id(list, "90004");
  EXPECT_EQ(jane.dates_of_birth, (std::vector<std::string>{"1975-11"}));
  EXPECT_TRUE(jane.countries.empty());
}

}  // namespace
}  // namespace echri::screening
