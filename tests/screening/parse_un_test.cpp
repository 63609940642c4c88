#include <gtest/gtest.h>

#include "parse_test_helpers.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using core::AliasStrength;
using core::EntityType;
using namespace testing_helpers;

TEST(ParseUn, Fixture) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/un/un_small.xml");
  EXPECT_EQ(list.list_id, "un-sc");
  EXPECT_EQ(list.format, ListFormat::un_xml);
  EXPECT_EQ(list.published, "2026-01-15");
  ASSERT_EQ(list.entities.size(), 3u);

  const auto& boris = by_id(list, "XXi.001");
  EXPECT_EQ(boris.type, EntityType::person);
  EXPECT_EQ(boris.name, "BORIS IVANOVICH FICTITSKY");
  EXPECT_EQ(boris.programs, (std::vector<std::string>{"Fictionland"}));
  EXPECT_EQ(boris.listed_on, "2020-02-29");
  EXPECT_TRUE(has_alias(boris, "Борис Иванович Фиктицкий", AliasStrength::strong));
  EXPECT_TRUE(has_alias(boris, "Boris Fiktitski", AliasStrength::strong));
  EXPECT_TRUE(has_alias(boris, "The Pretender", AliasStrength::weak));
  // Dates of birth from the alias, the exact date and the BETWEEN range.
  EXPECT_EQ(boris.dates_of_birth,
            (std::vector<std::string>{"1961-07-04", "1960-01-12", "1962", "1963"}));
  EXPECT_EQ(boris.countries, (std::vector<std::string>{"RU"}));
  EXPECT_TRUE(has_identifier(boris, {"Passport", "TEST-0001", "Russian Federation"}));
  ASSERT_EQ(boris.addresses.size(), 1u);
  EXPECT_EQ(boris.addresses[0].city, "Testograd");
  EXPECT_NE(boris.remarks.find("Nationality: Atlantis"), std::string::npos);
  EXPECT_NE(boris.remarks.find("A fictional person"), std::string::npos);

  const auto& jane = by_id(list, "XXi.002");
  EXPECT_TRUE(jane.aliases.empty());
  EXPECT_EQ(jane.dates_of_birth, (std::vector<std::string>{"1975", "1976-11"}));

  const auto& company = by_id(list, "XXe.001");
  EXPECT_EQ(company.type, EntityType::organization);
  EXPECT_EQ(company.name, "IMAGINARY NUCLEAR EQUIPMENT COMPANY");
  EXPECT_TRUE(has_alias(company, "INECO", AliasStrength::strong));
  EXPECT_TRUE(has_alias(company, "Pretend Atomics Ltd", AliasStrength::strong));
  EXPECT_EQ(company.countries, (std::vector<std::string>{"KP"}));
}

TEST(ParseUn, RealConsolidatedList) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  const auto list = parse_one(data / "lists/un/UN_consolidated.xml");
  EXPECT_EQ(list.published, "2026-02-27");
  ASSERT_EQ(list.entities.size(), 1003u);
  const auto persons = std::count_if(list.entities.begin(), list.entities.end(),
                                     [](const auto& e) { return e.type == EntityType::person; });
  EXPECT_EQ(persons, 730);
  EXPECT_EQ(list.entities.size() - static_cast<std::size_t>(persons), 273u);

  const auto& omar = by_id(list, "LYi.024");
  EXPECT_EQ(omar.name, "Mus\u2019ab Mustafa Abu al Qassim Omar");
  EXPECT_TRUE(has_alias(omar, "مصعب مصطفى ابو القاسم عمر", AliasStrength::strong));
  EXPECT_TRUE(has_alias(omar, "Mus\u2019ab Abu Qarin", AliasStrength::strong));
  EXPECT_TRUE(has_alias(omar, "The Doctor", AliasStrength::weak));
  EXPECT_TRUE(has_alias(omar, "Al-Grein", AliasStrength::weak));
  EXPECT_EQ(omar.dates_of_birth, (std::vector<std::string>{"1983-01-19"}));
  EXPECT_EQ(omar.countries, (std::vector<std::string>{"LY"}));
  EXPECT_EQ(omar.programs, (std::vector<std::string>{"Libya"}));
  EXPECT_EQ(omar.listed_on, "2018-06-07");
  EXPECT_TRUE(has_identifier(omar, {"Passport", "782633", ""}));

  const auto& badege = by_id(list, "CDi.001");
  EXPECT_EQ(badege.name, "ERIC BADEGE");
  EXPECT_EQ(badege.dates_of_birth, (std::vector<std::string>{"1971"}));
  EXPECT_EQ(badege.countries, (std::vector<std::string>{"CD", "RW"}));

  const auto& adf = by_id(list, "CDe.001");
  EXPECT_EQ(adf.type, EntityType::organization);
  EXPECT_TRUE(has_alias(adf, "Allied Democratic Forces", AliasStrength::strong));
}

}  // namespace
}  // namespace echri::screening
