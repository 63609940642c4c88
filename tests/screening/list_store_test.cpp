#include "screening/list_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

ParsedList parse(const std::filesystem::path& path) {
  auto lists = parse_list_files({path}, ListFormat::auto_detect);
  EXPECT_TRUE(lists.has_value()) << lists.error().describe();
  return lists ? lists->front() : ParsedList{};
}

std::filesystem::path fixture(const std::string& name) {
  return testing::fixtures_dir() / "lists" / name;
}

TEST(ListStore, SaveStatusLoadRoundTrip) {
  testing::TempDir dir;
  ListStore store(dir.path());
  auto empty = store.status();
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());

  const auto un = parse(fixture("un/un_small.xml"));
  const auto uk = parse(fixture("uk/ConList.csv"));
  auto saved = store.save_all({un, uk});
  ASSERT_TRUE(saved.has_value()) << saved.error().describe();
  ASSERT_EQ(saved->size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "lists" / "un-sc.json"));

  auto status = store.status();
  ASSERT_TRUE(status.has_value()) << status.error().describe();
  ASSERT_EQ(status->size(), 2u);
  const auto& v = status->at(0);  // sorted by id: uk-ofsi, un-sc
  EXPECT_EQ(v.list_id, "uk-ofsi");
  EXPECT_EQ(status->at(1).list_id, "un-sc");
  EXPECT_EQ(v.title, uk.title);
  EXPECT_EQ(v.format, "uk-csv");
  EXPECT_EQ(v.entity_count, uk.entities.size());
  EXPECT_EQ(v.published, "2026-01-20");
  EXPECT_TRUE(std::regex_match(v.version, std::regex("sha256:[0-9a-f]{64}")));
  EXPECT_TRUE(
      std::regex_match(v.imported_at, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")));
  EXPECT_EQ(v.source_files, (std::vector<std::string>{fixture("uk/ConList.csv").string()}));
  EXPECT_EQ(v.version, saved->at(1).version);

  auto loaded = store.load("un-sc");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().describe();
  EXPECT_EQ(*loaded, un.entities);

  auto all = store.load_all();
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), un.entities.size() + uk.entities.size());
  EXPECT_EQ(all->front().list, "uk-ofsi");
  // No temporary files are left behind.
  for (const auto& item : std::filesystem::directory_iterator(dir.path() / "lists"))
    EXPECT_FALSE(item.path().filename().string().starts_with(".")) << item.path();
}

TEST(ListStore, VersionChangesIfAndOnlyIfContentChanges) {
  const auto list = parse(fixture("ofac/sdn.csv"));
  const std::string version = content_version(list.entities);
  auto reordered = list.entities;
  std::reverse(reordered.begin(), reordered.end());
  EXPECT_EQ(content_version(reordered), version);

  auto changed = list.entities;
  changed[2].remarks += " more";
  EXPECT_NE(content_version(changed), version);
  auto renamed = list.entities;
  renamed[0].aliases.pop_back();
  EXPECT_NE(content_version(renamed), version);

  testing::TempDir dir;
  ListStore store(dir.path());
  const auto first = store.save(list);
  const auto second = store.save(list);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->version, second->version);
  ParsedList edited = list;
  edited.entities.pop_back();
  const auto third = store.save(edited);
  ASSERT_TRUE(third.has_value());
  EXPECT_NE(third->version, first->version);
  EXPECT_EQ(store.status()->front().entity_count, list.entities.size() - 1);
}

TEST(ListStore, AFailedImportLeavesThePreviousVersion) {
  testing::TempDir dir;
  ListStore store(dir.path());
  const auto before = store.save(parse(fixture("un/un_small.xml")));
  ASSERT_TRUE(before.has_value());

  // Parsing fails: nothing reaches the store.
  auto lists = parse_list_files({fixture("un/un_small.xml"), fixture("malformed/un_bad.xml")},
                                ListFormat::auto_detect);
  ASSERT_FALSE(lists.has_value());

  // Saving fails half-way (an invalid id for the second list): the first is not replaced either.
  ParsedList changed = parse(fixture("un/un_small.xml"));
  changed.entities.pop_back();
  ParsedList bad = changed;
  bad.list_id = "../escape";
  EXPECT_FALSE(store.save_all({changed, bad}).has_value());

  auto status = store.status();
  ASSERT_TRUE(status.has_value());
  ASSERT_EQ(status->size(), 1u);
  EXPECT_EQ(status->front().version, before->version);
  EXPECT_EQ(store.load("un-sc")->size(), 3u);
}

TEST(ListStore, UnknownListIsNotFound) {
  testing::TempDir dir;
  ListStore store(dir.path());
  EXPECT_EQ(store.load("un-sc").error().kind, ErrorKind::not_found);
  EXPECT_EQ(store.load("../../etc/passwd").error().kind, ErrorKind::not_found);
}

TEST(ListStore, CorruptSnapshotIsReportedWithItsPath) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "lists" / "un-sc.json", "{\"meta\": {\"list_id\": ");
  ListStore store(dir.path());
  const auto status = store.status();
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().where.find("un-sc.json"), std::string::npos);
}

TEST(ListStore, RealListsSaveAndLoadQuickly) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  auto lists =
      parse_list_files({data / "lists/ofac/sdn.csv", data / "lists/un/UN_consolidated.xml"},
                       ListFormat::auto_detect);
  ASSERT_TRUE(lists.has_value()) << lists.error().describe();
  testing::TempDir dir;
  ListStore store(dir.path());
  ASSERT_TRUE(store.save_all(*lists).has_value());
  const auto start = std::chrono::steady_clock::now();
  auto all = store.load_all();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(all.has_value()) << all.error().describe();
  EXPECT_EQ(all->size(), 8976u + 1003u);
  // Generous for a Debug build on a shared machine; Release is far below.
  EXPECT_LT(elapsed, std::chrono::seconds(10));
  auto sdn = store.load("us-ofac-sdn");
  ASSERT_TRUE(sdn.has_value());
  const auto& original = lists->at(0).list_id == "us-ofac-sdn" ? lists->at(0) : lists->at(1);
  EXPECT_EQ(*sdn, original.entities);
}

}  // namespace
}  // namespace echri::screening
