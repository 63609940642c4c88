#include "screening/parse_util.hpp"

#include <gtest/gtest.h>

#include "screening/list_parsers.hpp"

namespace echri::screening::detail {
namespace {

TEST(ParseDates, NormalisesTheFormsListsUse) {
  EXPECT_EQ(normalise_date("1960"), "1960");
  EXPECT_EQ(normalise_date("1960-01-12"), "1960-01-12");
  EXPECT_EQ(normalise_date("1960-01-12T00:00:00"), "1960-01-12");
  EXPECT_EQ(normalise_date("2026-02-27T00:00:09.554Z"), "2026-02-27");
  EXPECT_EQ(normalise_date("12 Jan 1960"), "1960-01-12");
  EXPECT_EQ(normalise_date("3 September 1960"), "1960-09-03");
  EXPECT_EQ(normalise_date("Sep 1938"), "1938-09");
  EXPECT_EQ(normalise_date("Nov. 1973 "), "1973-11");
  EXPECT_EQ(normalise_date("circa 1955"), "1955");
  EXPECT_EQ(normalise_date("12.01.1960"), "1960-01-12");
  EXPECT_FALSE(normalise_date("").has_value());
  EXPECT_FALSE(normalise_date("unknown").has_value());
  EXPECT_FALSE(normalise_date("1960-13-01").has_value());
  EXPECT_FALSE(normalise_date("32 Jan 1960").has_value());
}

TEST(ParseDates, DayFirstAndMonthFirstWithUnknownParts) {
  EXPECT_EQ(normalise_dmy("12/01/1960"), "1960-01-12");
  EXPECT_EQ(normalise_dmy("00/05/1960"), "1960-05");
  EXPECT_EQ(normalise_dmy("00/00/1960"), "1960");
  EXPECT_EQ(normalise_mdy("10/16/2017"), "2017-10-16");
  EXPECT_FALSE(normalise_mdy("16/10/2017").has_value());
}

TEST(ParseDates, RangesBecomeEveryYear) {
  EXPECT_EQ(parse_date_expression("1955 to 1957"),
            (std::vector<std::string>{"1955", "1956", "1957"}));
  EXPECT_EQ(parse_date_expression("01 Jan 1961 to 31 Dec 1962"),
            (std::vector<std::string>{"1961", "1962"}));
  EXPECT_EQ(parse_date_expression("circa 1979-1982"),
            (std::vector<std::string>{"1979", "1980", "1981", "1982"}));
  EXPECT_EQ(parse_date_expression("circa 07 Jul 1966"), (std::vector<std::string>{"1966-07-07"}));
  EXPECT_TRUE(parse_date_expression("some day").empty());
}

TEST(ParseTypes, GuessesOrganisationsFromLegalForms) {
  EXPECT_EQ(guess_type("MANTEN ELECTRONICS INC", core::EntityType::person),
            core::EntityType::organization);
  EXPECT_EQ(guess_type("Gulf Gate Spedition GmbH", core::EntityType::person),
            core::EntityType::organization);
  EXPECT_EQ(guess_type("ACME S.A.", core::EntityType::person), core::EntityType::organization);
  EXPECT_EQ(guess_type("JOHN CORPORAL SMITH", core::EntityType::person), core::EntityType::person);
  EXPECT_EQ(guess_type("COCO LEE", core::EntityType::person), core::EntityType::person);
}

TEST(ParseIds, StableIdsIgnoreCaseAndSpacing) {
  EXPECT_EQ(stable_id("dpl-", {"John  Doe", "1 Main St"}),
            stable_id("dpl-", {"JOHN DOE", "1 main st"}));
  EXPECT_NE(stable_id("dpl-", {"John Doe", "1 Main St"}),
            stable_id("dpl-", {"John Doe", "2 Main St"}));
  EXPECT_EQ(stable_id("dpl-", {"x"}).size(), 4u + 16u);
}

TEST(OfacRemarks, ExtractsWhatIsReliableAndKeepsTheRest) {
  core::ListedEntity e;
  e.name = "TEST, Person";
  parse_ofac_remarks(e,
                     "DOB 12 Jan 1960; alt. DOB circa 1955; POB Nowhere; nationality Iran; citizen "
                     "Korea, North; Passport X123 (Iran); alt. Passport Y456 (Iran) expires 2020; "
                     "National ID No. 99-1 (Iran); a.k.a. 'TESTY'; IMO 1234567; Linked To: SOME "
                     "FICTIONAL CO.");
  EXPECT_EQ(e.dates_of_birth, (std::vector<std::string>{"1960-01-12", "1955"}));
  EXPECT_EQ(e.countries, (std::vector<std::string>{"IR", "KP"}));
  ASSERT_EQ(e.aliases.size(), 1u);
  EXPECT_EQ(e.aliases[0].name, "TESTY");
  EXPECT_EQ(e.aliases[0].strength, core::AliasStrength::weak);
  ASSERT_EQ(e.identifiers.size(), 4u);
  EXPECT_EQ(e.identifiers[0], (core::Identifier{"Passport", "X123", "Iran"}));
  EXPECT_EQ(e.identifiers[1], (core::Identifier{"Passport", "Y456", "Iran"}));
  EXPECT_EQ(e.identifiers[2], (core::Identifier{"National ID No.", "99-1", "Iran"}));
  EXPECT_EQ(e.identifiers[3], (core::Identifier{"IMO", "1234567", ""}));
  EXPECT_EQ(e.remarks,
            "POB Nowhere; alt. Passport Y456 (Iran) expires 2020; Linked To: SOME FICTIONAL CO.");
}

}  // namespace
}  // namespace echri::screening::detail
