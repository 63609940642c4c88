#include "core/country.hpp"

#include <gtest/gtest.h>

namespace echri::core {
namespace {

TEST(Country, ResolvesCodesInAnyCase) {
  EXPECT_EQ(resolve_country("de")->alpha2, "DE");
  EXPECT_EQ(resolve_country("DEU")->alpha2, "DE");
  EXPECT_EQ(country_by_code("eg")->name, "Egypt");
  EXPECT_FALSE(country_by_code("QQ").has_value());
}

TEST(Country, ResolvesNamesAsListsWriteThem) {
  EXPECT_EQ(resolve_country("Russian Federation")->alpha2, "RU");
  EXPECT_EQ(resolve_country("Russia")->alpha2, "RU");
  EXPECT_EQ(resolve_country("Korea, North")->alpha2, "KP");
  EXPECT_EQ(resolve_country("Iran (Islamic Republic of)")->alpha2, "IR");
  EXPECT_EQ(resolve_country("Democratic Republic of the Congo")->alpha2, "CD");
  EXPECT_EQ(resolve_country("Congo (Kinshasa)")->alpha2, "CD");
  EXPECT_EQ(resolve_country("Burma")->alpha2, "MM");
  EXPECT_EQ(resolve_country("Côte d'Ivoire")->alpha2, "CI");
  EXPECT_EQ(resolve_country("Cote d'Ivoire")->alpha2, "CI");
  EXPECT_EQ(resolve_country("Syrian Arab Republic")->alpha2, "SY");
  EXPECT_EQ(resolve_country("United Kingdom")->alpha2, "GB");
}

TEST(Country, RefusesWhatIsNotACountry) {
  EXPECT_FALSE(resolve_country("").has_value());
  EXPECT_FALSE(resolve_country("Atlantis").has_value());
  EXPECT_FALSE(resolve_country("Havana").has_value());
}

TEST(Country, TableIsComplete) {
  EXPECT_GE(all_countries().size(), 249u);
}

}  // namespace
}  // namespace echri::core
