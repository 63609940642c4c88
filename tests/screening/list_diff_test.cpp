#include <gtest/gtest.h>

#include "screening/list_store.hpp"

namespace echri::screening {
namespace {

core::ListedEntity entity(const std::string& id, const std::string& name) {
  core::ListedEntity e;
  e.list = "us-csl";
  e.source_id = id;
  e.name = name;
  e.type = core::EntityType::organization;
  return e;
}

TEST(ListDiff, AddedRemovedChanged) {
  const std::vector<core::ListedEntity> before{
      entity("1", "FICTIONAL ONE"), entity("2", "FICTIONAL TWO"), entity("3", "FICTIONAL THREE")};
  auto renamed = entity("2", "FICTIONAL TWO RENAMED");
  renamed.aliases.push_back({"F2", core::AliasStrength::weak});
  auto same = entity("3", "FICTIONAL THREE");
  const std::vector<core::ListedEntity> after{renamed, same, entity("4", "FICTIONAL FOUR")};

  const auto diff = diff_lists(before, after);
  ASSERT_EQ(diff.added.size(), 1u);
  EXPECT_EQ(diff.added[0].source_id, "4");
  ASSERT_EQ(diff.removed.size(), 1u);
  EXPECT_EQ(diff.removed[0].source_id, "1");
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_EQ(diff.changed[0].before.name, "FICTIONAL TWO");
  EXPECT_EQ(diff.changed[0].after.name, "FICTIONAL TWO RENAMED");
  EXPECT_EQ(diff.changed[0].changed_fields, (std::vector<std::string>{"name", "aliases"}));
}

TEST(ListDiff, KeyedByListAndSourceId) {
  auto other_list = entity("1", "FICTIONAL ONE");
  other_list.list = "un-sc";
  const auto diff = diff_lists({entity("1", "FICTIONAL ONE")}, {other_list});
  EXPECT_EQ(diff.added.size(), 1u);
  EXPECT_EQ(diff.removed.size(), 1u);
  EXPECT_TRUE(diff.changed.empty());
}

TEST(ListDiff, IdenticalListsHaveNoDifferences) {
  const std::vector<core::ListedEntity> list{entity("1", "A"), entity("2", "B")};
  const auto diff = diff_lists(list, list);
  EXPECT_TRUE(diff.added.empty() && diff.removed.empty() && diff.changed.empty());
}

}  // namespace
}  // namespace echri::screening
