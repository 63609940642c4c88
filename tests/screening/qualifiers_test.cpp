#include "screening/qualifiers.hpp"

#include <gtest/gtest.h>

namespace echri::screening {
namespace {

core::ListedEntity listed() {
  core::ListedEntity entity;
  entity.list = "test";
  entity.source_id = "1";
  entity.type = core::EntityType::person;
  entity.name = "Fictional Person";
  entity.countries = {"IR"};
  entity.dates_of_birth = {"1961-04-02"};
  entity.identifiers = {{"Passport", "X 123-456", "Iran"}};
  return entity;
}

TEST(Qualifiers, NothingToCompareChangesNothing) {
  const auto result =
      apply_qualifiers(ScreeningQuery{"Fictional Person", {}, "", "", ""}, listed());
  EXPECT_DOUBLE_EQ(result.factor, 1.0);
  EXPECT_FALSE(result.decisive);
  EXPECT_TRUE(result.effects.empty());
}

TEST(Qualifiers, ContradictingBirthYearLowersTheScore) {
  ScreeningQuery query{"Fictional Person", {}, "", "1975", ""};
  auto result = apply_qualifiers(query, listed());
  EXPECT_LT(result.factor, 1.0);
  ASSERT_EQ(result.effects.size(), 1u);
  EXPECT_EQ(result.effects[0].qualifier, "date_of_birth");
  EXPECT_EQ(result.effects[0].outcome, QualifierOutcome::contradicts);
  query.date_of_birth = "1962";  // within a year: lists are often a year off
  result = apply_qualifiers(query, listed());
  EXPECT_DOUBLE_EQ(result.factor, 1.0);
  EXPECT_EQ(result.effects[0].outcome, QualifierOutcome::agrees);
}

TEST(Qualifiers, CountryByCodeOrName) {
  ScreeningQuery query{"Fictional Person", {}, "Iran", "", ""};
  EXPECT_DOUBLE_EQ(apply_qualifiers(query, listed()).factor, 1.0);
  query.country = "de";
  EXPECT_LT(apply_qualifiers(query, listed()).factor, 1.0);
}

TEST(Qualifiers, TypeContradiction) {
  ScreeningQuery query{"Fictional Person", core::EntityType::organization, "", "", ""};
  const auto result = apply_qualifiers(query, listed());
  EXPECT_LT(result.factor, 1.0);
  EXPECT_EQ(result.effects[0].qualifier, "type");
}

TEST(Qualifiers, IdentifierMatchIsDecisive) {
  ScreeningQuery query{"Someone Else", {}, "", "", "x123456"};
  const auto result = apply_qualifiers(query, listed());
  EXPECT_TRUE(result.decisive);
  EXPECT_EQ(result.effects[0].outcome, QualifierOutcome::decisive);
}

TEST(Qualifiers, ValidatesTheQuery) {
  EXPECT_FALSE(qualifier_error(ScreeningQuery{"x", {}, "DE", "1970-01-02", "AB1234"}).has_value());
  EXPECT_NE(qualifier_error(ScreeningQuery{"x", {}, "", "1970/01/02", ""})->find("date_of_birth"),
            std::string::npos);
  // The shape is right but no such day exists.
  EXPECT_NE(qualifier_error(ScreeningQuery{"x", {}, "", "1960-13-45", ""})->find("date_of_birth"),
            std::string::npos);
  EXPECT_FALSE(qualifier_error(ScreeningQuery{"x", {}, "", "1960-12", ""}).has_value());
  EXPECT_NE(qualifier_error(ScreeningQuery{"x", {}, "Atlantis", "", ""})->find("country"),
            std::string::npos);
  EXPECT_TRUE(qualifier_error(ScreeningQuery{"x", {}, "", "", "1"}).has_value());
}

TEST(NormalizeIdentifier, KindOfNumberWrittenInFrontIsDropped) {
  EXPECT_EQ(normalize_identifier("AB 123-456"), "AB123456");
  EXPECT_EQ(normalize_identifier("IMO 9116412"), "9116412");
  EXPECT_EQ(normalize_identifier("IMO: 9116412"), "9116412");
  EXPECT_EQ(normalize_identifier("imo9116412"), "9116412");
  EXPECT_EQ(normalize_identifier("Passport No. 042833"), "042833");
  EXPECT_EQ(normalize_identifier("MMSI 572469210"), "572469210");
  EXPECT_EQ(normalize_identifier("Reg. No. 1027700070518"), "1027700070518");
  // Not when too little, or no digit, would be left.
  EXPECT_EQ(normalize_identifier("NO 123"), "NO123");
  EXPECT_EQ(normalize_identifier("IMOLA"), "IMOLA");
}

TEST(ApplyQualifiers, IdentifierMatchesWhateverItsPrefix) {
  core::ListedEntity vessel;
  vessel.type = core::EntityType::vessel;
  vessel.identifiers.push_back({"IMO", "9999991", ""});
  ScreeningQuery query;
  query.name = "Fictitia";
  query.identifier = "IMO 9999991";
  EXPECT_TRUE(apply_qualifiers(query, vessel).decisive);
  query.identifier = "9999991";
  EXPECT_TRUE(apply_qualifiers(query, vessel).decisive);
}

}  // namespace
}  // namespace echri::screening
