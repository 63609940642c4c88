#include <gtest/gtest.h>

#include <algorithm>

#include "parse_test_helpers.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using core::AliasStrength;
using core::EntityType;
using namespace testing_helpers;

TEST(ParseOfac, FixtureSetWithSideFilesFoundBesideThePrimary) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/ofac/sdn.csv");
  EXPECT_EQ(list.list_id, "us-ofac-sdn");
  EXPECT_EQ(list.format, ListFormat::ofac_csv);
  ASSERT_EQ(list.entities.size(), 6u);
  EXPECT_EQ(list.source_files.size(), 4u);

  const auto& company = by_id(list, "10001");
  EXPECT_EQ(company.type, EntityType::organization);
  EXPECT_EQ(company.list, "us-ofac-sdn");
  EXPECT_EQ(company.programs, (std::vector<std::string>{"CYBER2", "RUSSIA-EO14024"}));
  EXPECT_TRUE(has_alias(company, "FICTITIOUS SURVEILLANCE SYSTEMS", AliasStrength::strong));
  EXPECT_TRUE(has_alias(company, "FSS HOLDINGS OOO", AliasStrength::strong));
  EXPECT_TRUE(has_alias(company, "FSS", AliasStrength::weak));
  ASSERT_EQ(company.addresses.size(), 2u);
  EXPECT_EQ(company.addresses[0].street, "1 Nonexistent Street");
  EXPECT_EQ(company.addresses[0].country_code, "RU");
  EXPECT_EQ(company.countries, (std::vector<std::string>{"RU", "CY"}));
  EXPECT_EQ(company.identifiers[0], (core::Identifier{"Tax ID No.", "7700000001", "Russia"}));

  const auto& person = by_id(list, "10002");
  EXPECT_EQ(person.type, EntityType::person);
  EXPECT_EQ(person.name, "EXAMPLOV, Ivan Testovich");
  EXPECT_EQ(person.dates_of_birth, (std::vector<std::string>{"1960-01-12", "1962"}));
  EXPECT_EQ(person.countries, (std::vector<std::string>{"RU", "CY"}));
  EXPECT_TRUE(has_alias(person, "VANYA", AliasStrength::weak));
  EXPECT_EQ(person.remarks, "POB Testograd, Russia; Gender Male");

  const auto& vessel = by_id(list, "10003");
  EXPECT_EQ(vessel.type, EntityType::vessel);
  EXPECT_EQ(vessel.countries,
            (std::vector<std::string>{"PA"}));  // the flag; Atlantis is no country
  ASSERT_EQ(vessel.addresses.size(), 1u);
  EXPECT_EQ(vessel.addresses[0].country, "Atlantis");
  EXPECT_TRUE(vessel.addresses[0].country_code.empty());
  EXPECT_NE(std::find(vessel.identifiers.begin(), vessel.identifiers.end(),
                      core::Identifier{"IMO", "9999991", ""}),
            vessel.identifiers.end());
  EXPECT_NE(std::find(vessel.identifiers.begin(), vessel.identifiers.end(),
                      core::Identifier{"Call Sign", "9XTEST", ""}),
            vessel.identifiers.end());

  // Latin-1 in, UTF-8 out.
  EXPECT_EQ(by_id(list, "10004").name, "CAF\xC3\x89 NOWHERE S.A.");

  // sdn_comments.csv continues the truncated remarks mid-word.
  const auto& overflow = by_id(list, "10005");
  EXPECT_EQ(overflow.dates_of_birth, (std::vector<std::string>{"1955", "1970", "1971", "1972"}));
  EXPECT_TRUE(has_alias(overflow, "'ABD TEST", AliasStrength::weak));
  EXPECT_EQ(overflow.remarks,
            "Title: Chief Imaginary Officer; nationality Atlantis; Linked To: CAF\xC3\x89 NOWHERE "
            "S.A.; Gender Female.");
  EXPECT_EQ(by_id(list, "10006").type, EntityType::aircraft);
}

TEST(ParseOfac, SideFilesNamedExplicitlyAreJoinedToTheirPrimary) {
  const auto dir = testing::fixtures_dir() / "lists/ofac";
  auto lists = parse_list_files({dir / "alt.csv", dir / "sdn.csv"}, ListFormat::ofac_csv);
  ASSERT_TRUE(lists.has_value()) << lists.error().describe();
  ASSERT_EQ(lists->size(), 1u);
  EXPECT_EQ(lists->front().entities.size(), 6u);
}

TEST(ParseOfac, ASideFileAloneIsRefused) {
  auto lists =
      parse_list_files({testing::fixtures_dir() / "lists/ofac/alt.csv"}, ListFormat::auto_detect);
  ASSERT_FALSE(lists.has_value());
  EXPECT_NE(lists.error().message.find("sdn.csv"), std::string::npos);
}

TEST(ParseOfac, RealSdnSet) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  const auto list = parse_one(data / "lists/ofac/sdn.csv");
  // SOURCES.md says 8,975 primary rows; the file holds 8,976 records (wc -l counts 8,976 lines,
  // every one a 12-field record with a distinct ent_num, the last followed by the ^Z byte).
  EXPECT_EQ(list.entities.size(), 8976u);
  const auto count = [&](EntityType type) {
    return std::count_if(list.entities.begin(), list.entities.end(),
                         [&](const auto& e) { return e.type == type; });
  };
  EXPECT_EQ(count(EntityType::person), 4620);
  EXPECT_EQ(count(EntityType::organization), 3673);
  EXPECT_EQ(count(EntityType::vessel), 406);
  EXPECT_EQ(count(EntityType::aircraft), 277);
  std::size_t aliases = 0;
  for (const auto& e : list.entities) aliases += e.aliases.size();
  EXPECT_GT(aliases, 11000u);

  const auto& bank = by_id(list, "306");
  EXPECT_EQ(bank.name, "BANCO NACIONAL DE CUBA");
  EXPECT_EQ(bank.programs, (std::vector<std::string>{"CUBA"}));
  EXPECT_TRUE(has_alias(bank, "NATIONAL BANK OF CUBA", AliasStrength::strong));
  EXPECT_TRUE(has_alias(bank, "BNC", AliasStrength::weak));
  ASSERT_EQ(bank.addresses.size(), 4u);
  EXPECT_EQ(bank.addresses[0],
            (core::Address{"Zweierstrasse 35", "Zurich CH-8022", "", "", "Switzerland", "CH"}));

  const auto& person = by_id(list, "6944");
  EXPECT_EQ(person.name, "AL-SHARIF, Sa'd Abdullah Hussein");
  EXPECT_EQ(person.type, EntityType::person);
  EXPECT_EQ(person.dates_of_birth, (std::vector<std::string>{"1969", "1963", "1964-02-11"}));
  EXPECT_EQ(person.countries, (std::vector<std::string>{"SA"}));
  EXPECT_EQ(person.identifiers[0], (core::Identifier{"Passport", "B 960789", ""}));

  const auto& zubaydah = by_id(list, "6905");
  EXPECT_EQ(zubaydah.dates_of_birth, (std::vector<std::string>{"1971-03-12"}));
  EXPECT_TRUE(has_alias(zubaydah, "TARIQ", AliasStrength::weak));
  EXPECT_TRUE(has_alias(zubaydah, "ABU ZUBAIDA", AliasStrength::strong));

  // The comments file's overflow is appended to the remarks.
  EXPECT_NE(by_id(list, "12300").remarks.find("Linked To: R D I S.A."), std::string::npos);
}

TEST(ParseOfac, RealConsolidatedSet) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  const auto list = parse_one(data / "lists/other/cons_prim.csv");
  EXPECT_EQ(list.list_id, "us-ofac-cons");
  // SOURCES.md says 441 records; cons_prim.csv holds 442 (same layout as sdn.csv, distinct ids).
  EXPECT_EQ(list.entities.size(), 442u);
  const auto& haniya = by_id(list, "9639");
  EXPECT_EQ(haniya.name, "HANIYA, Ismail Abdul Salah");
  EXPECT_EQ(haniya.type, EntityType::person);
  EXPECT_EQ(haniya.programs, (std::vector<std::string>{"NS-PLC"}));
  EXPECT_EQ(haniya.dates_of_birth, (std::vector<std::string>{"1962"}));
  EXPECT_TRUE(has_alias(haniya, "HANIYA, Ismail", AliasStrength::strong));
}

}  // namespace
}  // namespace echri::screening
