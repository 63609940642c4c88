#include <gtest/gtest.h>

#include "parse_test_helpers.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using core::AliasStrength;
using core::EntityType;
using namespace testing_helpers;

TEST(ParseEu, Fixture) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/eu/eu_fsf.xml");
  EXPECT_EQ(list.list_id, "eu-fsf");
  EXPECT_EQ(list.format, ListFormat::eu_xml);
  EXPECT_EQ(list.published, "2026-01-20");
  ASSERT_EQ(list.entities.size(), 3u);

  const auto& boris = by_id(list, "900001");
  EXPECT_EQ(boris.type, EntityType::person);
  EXPECT_EQ(boris.name, "Boris Ivanovich Fictitsky");  // the first nameAlias
  EXPECT_TRUE(has_alias(boris, "Борис Иванович Фиктицкий", AliasStrength::strong));
  EXPECT_TRUE(has_alias(boris, "Borya the Pretender", AliasStrength::weak));
  EXPECT_EQ(boris.countries, (std::vector<std::string>{"RU"}));
  EXPECT_EQ(boris.dates_of_birth, (std::vector<std::string>{"1960-01-12", "1962"}));
  EXPECT_TRUE(has_identifier(boris, {"National passport", "TEST-0001", "RU"}));
  ASSERT_EQ(boris.addresses.size(), 1u);
  EXPECT_EQ(boris.addresses[0], (core::Address{"1 Make-Believe Street", "Testograd", "", "101000",
                                               "RUSSIAN FEDERATION", "RU"}));
  EXPECT_EQ(boris.programs, (std::vector<std::string>{"RUS"}));
  EXPECT_EQ(boris.listed_on, "2022-02-28");
  EXPECT_NE(boris.remarks.find("EU reference EU.9001.01"), std::string::npos);

  const auto& company = by_id(list, "900002");
  EXPECT_EQ(company.type, EntityType::organization);
  EXPECT_EQ(company.programs, (std::vector<std::string>{"RUS", "CYB"}));
  EXPECT_TRUE(has_identifier(company, {"Registration Number", "7700000001", "RU"}));
  EXPECT_EQ(company.countries, (std::vector<std::string>{"CY"}));

  // Only first/last names, unknown ("00") countries, year and month of birth.
  const auto& jane = by_id(list, "900003");
  EXPECT_EQ(jane.name, "Jane Placeholder");
  EXPECT_TRUE(jane.countries.empty());
  EXPECT_EQ(jane.dates_of_birth, (std::vector<std::string>{"1975-11"}));
}

}  // namespace
}  // namespace echri::screening
