#include "core/application.hpp"

#include <gtest/gtest.h>

namespace echri::core {
namespace {

TEST(ApplicationVocabulary, EveryNameRoundTrips) {
  for (const auto name : all_party_roles()) {
    const auto role = parse_party_role(name);
    ASSERT_TRUE(role.has_value()) << name;
    EXPECT_EQ(to_string(*role), name);
  }
  for (const auto name : all_party_types()) {
    const auto type = parse_party_type(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(to_string(*type), name);
  }
  for (const auto name : all_end_use_categories()) {
    const auto category = parse_end_use_category(name);
    ASSERT_TRUE(category.has_value()) << name;
    EXPECT_EQ(to_string(*category), name);
  }
  EXPECT_EQ(all_party_roles().size(), 5U);
  EXPECT_EQ(all_party_types().size(), 15U);
  EXPECT_EQ(all_end_use_categories().size(), 14U);
}

TEST(ApplicationVocabulary, RejectsWhatItDoesNotKnow) {
  EXPECT_FALSE(parse_party_role("owner").has_value());
  EXPECT_FALSE(parse_party_type("Police").has_value());  // names are lower case
  EXPECT_FALSE(parse_end_use_category("").has_value());
}

}  // namespace
}  // namespace echri::core
