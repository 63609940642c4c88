#include "screening/edit_distance.hpp"

#include <gtest/gtest.h>

namespace echri::screening {
namespace {

TEST(EditDistance, CountsEachKindOfEdit) {
  EXPECT_EQ(bounded_edit_distance("scholz", "scholz", 2), 0);
  EXPECT_EQ(bounded_edit_distance("scholz", "scholze", 2), 1);  // insertion
  EXPECT_EQ(bounded_edit_distance("merkel", "merkl", 2), 1);    // deletion
  EXPECT_EQ(bounded_edit_distance("putin", "putin", 0), 0);
  EXPECT_EQ(bounded_edit_distance("osama", "usama", 2), 1);    // substitution
  EXPECT_EQ(bounded_edit_distance("anglea", "angela", 2), 1);  // transposition
  EXPECT_EQ(bounded_edit_distance("", "abc", 5), 3);
}

TEST(EditDistance, StopsPastTheBound) {
  EXPECT_EQ(bounded_edit_distance("aaron", "josh", 1), 2);
  EXPECT_EQ(bounded_edit_distance("a", "abcdef", 2), 3);
  EXPECT_EQ(bounded_edit_distance("abcdefgh", "hgfedcba", 3), 4);
}

TEST(EditDistance, LongTokensCompareByEquality) {
  const std::string long_a(70, 'a');
  std::string long_b = long_a;
  long_b[3] = 'b';
  EXPECT_EQ(bounded_edit_distance(long_a, long_a, 2), 0);
  EXPECT_EQ(bounded_edit_distance(long_a, long_b, 2), 3);
}

}  // namespace
}  // namespace echri::screening
