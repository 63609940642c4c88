#include "screening/index_snapshot.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "screening/list_format.hpp"
#include "screening/list_store.hpp"
#include "screening/match_json.hpp"
#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using ::echri::testing::FailsWith;
using ::echri::testing::IsOk;

core::ListedEntity listed(std::string list, std::string id, core::EntityType type, std::string name,
                          std::vector<std::string> aliases = {}) {
  core::ListedEntity e;
  e.list = std::move(list);
  e.source_id = std::move(id);
  e.type = type;
  e.name = std::move(name);
  for (auto& alias : aliases) e.aliases.push_back({std::move(alias), core::AliasStrength::strong});
  return e;
}

// Fictional parties in the scripts and shapes the index treats apart.
std::vector<ParsedList> fictional_lists() {
  ParsedList first;
  first.list_id = "test-one";
  first.title = "Fictional list one";
  first.entities = {
      listed("test-one", "1", core::EntityType::person, "FICTITSKY, Boris Ivanovich",
             {"Борис Фиктицкий"}),
      listed("test-one", "2", core::EntityType::organization, "Fictitious Surveillance Systems LLC",
             {"FSS Limited Liability Company"}),
      listed("test-one", "3", core::EntityType::person, "AL-IMAGINARI, Bashar",
             {"بشار الإيماجيناري"}),
      listed("test-one", "4", core::EntityType::vessel, "NOWHERE STAR"),
      listed("test-one", "5", core::EntityType::person, "KIM Pretend Un", {"김가상은"}),
  };
  first.entities[0].dates_of_birth = {"1961-05-02"};
  first.entities[0].identifiers = {{"Passport", "P-0000-FAKE", ""}};
  first.entities[0].addresses = {{"1 Nowhere Lane", "Placeholder City", "", "0000", "Nowhere", ""}};
  first.entities[0].programs = {"FICTION-1"};
  first.entities[3].identifiers = {{"IMO", "IMO 9999990", ""}};
  first.entities[2].aliases.push_back({"Abu Imaginari", core::AliasStrength::weak});
  ParsedList second;
  second.list_id = "test-two";
  second.title = "Fictional list two";
  second.entities = {
      listed("test-two", "A-1", core::EntityType::person, "Boris Ivanovich Fictitsky"),
      listed("test-two", "A-2", core::EntityType::organization, "Nowhere Trading Company"),
  };
  second.entities[0].dates_of_birth = {"1961-05-02"};
  second.entities[0].identifiers = {{"Passport", "P0000FAKE", ""}};
  return {first, second};
}

const std::vector<ScreeningQuery>& probe_queries() {
  static const std::vector<ScreeningQuery> queries = [] {
    std::vector<ScreeningQuery> out = {{"Boris Fictitsky"},
                                       {"Борис Фиктицкий"},
                                       {"Fictitious Surveillance Systems, L.L.C."},
                                       {"بشار الإيماجيناري"},
                                       {"Bashar al-Imaginari"},
                                       {"MT Nowhere Star"},
                                       {"Kim Pretend Un"},
                                       {"김가상은"},
                                       {"Nowhere Trading Co"},
                                       {"Jane Nobody"}};
    ScreeningQuery by_id;
    by_id.name = "Someone Else";
    by_id.identifier = "9999990";
    out.push_back(by_id);
    return out;
  }();
  return queries;
}

// The matches as the API shows them: ids, scores, explanations, merged listings.
nlohmann::json screened(const ScreeningIndex& index) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& query : probe_queries()) {
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& match : index.screen(query, ScreeningOptions{0.7, 10}))
      matches.push_back(to_json(match, index));
    out.push_back(matches);
  }
  return out;
}

class IndexSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_THAT(ListStore(dir_.path()).save_all(fictional_lists()), IsOk()); }

  [[nodiscard]] std::filesystem::path snapshot() const { return index_snapshot_path(dir_.path()); }
  [[nodiscard]] std::string fingerprint() const {
    return index_fingerprint(ListStore(dir_.path()).status().value());
  }
  void write_built() const {
    auto entities = ListStore(dir_.path()).load_all();
    ASSERT_THAT(entities, IsOk());
    const ScreeningIndex built(std::move(*entities));
    ASSERT_THAT(write_index_snapshot(built, fingerprint(), snapshot()), IsOk());
  }
  // Overwrites `count` bytes at `offset` from the end (negative) or the start.
  void overwrite(std::streamoff offset, const std::string& bytes) const {
    std::fstream file(snapshot(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(offset, offset < 0 ? std::ios::end : std::ios::beg);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  echri::testing::TempDir dir_;
};

TEST_F(IndexSnapshotTest, RestoredIndexScreensExactlyAsTheBuiltOne) {
  auto entities = ListStore(dir_.path()).load_all();
  ASSERT_THAT(entities, IsOk());
  const ScreeningIndex built(*entities);
  ASSERT_THAT(write_index_snapshot(built, fingerprint(), snapshot()), IsOk());
  auto restored = read_index_snapshot(snapshot(), fingerprint());
  ASSERT_THAT(restored, IsOk());

  const auto expected = screened(built);
  EXPECT_EQ(screened(*restored), expected);
  // The probes find what they are meant to: the comparison is not between two empty results.
  EXPECT_EQ(expected[0][0]["source_id"], "1");
  EXPECT_EQ(expected[0][0]["sources"].size(), 2U);  // one party on both lists
  EXPECT_EQ(expected[5][0]["source_id"], "4");
  EXPECT_EQ(expected[10][0]["source_id"], "4");  // by IMO number alone
  ASSERT_EQ(restored->entity_count(), entities->size());
  for (std::uint32_t i = 0; i < entities->size(); ++i)
    EXPECT_EQ(restored->entity(i), (*entities)[i]) << i;
  EXPECT_EQ(restored->stats().names, built.stats().names);
  EXPECT_EQ(restored->stats().vocabulary, built.stats().vocabulary);
  EXPECT_EQ(restored->stats().fuzzy_keys, built.stats().fuzzy_keys);
}

TEST_F(IndexSnapshotTest, RestoredIndexIsSafeFromManyThreadsAtOnce) {
  write_built();
  auto built = load_list_index(dir_.path());
  ASSERT_THAT(built, IsOk());
  const auto expected = screened(built->index);
  // A fresh restore, so that the threads race to decode the same items.
  auto restored = read_index_snapshot(snapshot(), fingerprint());
  ASSERT_THAT(restored, IsOk());
  std::vector<nlohmann::json> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] { results[t] = screened(*restored); });
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

TEST_F(IndexSnapshotTest, LoadBuildsAndWritesTheSnapshotThenMapsIt) {
  auto first = load_list_index(dir_.path());
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(first->from_snapshot);
  EXPECT_EQ(first->rebuilt_because, "no index snapshot yet");
  EXPECT_TRUE(std::filesystem::exists(snapshot()));
  ASSERT_EQ(first->lists.size(), 2U);

  auto second = load_list_index(dir_.path());
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(second->from_snapshot);
  EXPECT_EQ(screened(second->index), screened(first->index));
}

TEST_F(IndexSnapshotTest, ANewListVersionMakesTheSnapshotStaleAndItIsRebuilt) {
  write_built();
  auto lists = fictional_lists();
  lists[1].entities.push_back(
      listed("test-two", "A-3", core::EntityType::person, "Wilhelmina Newcomer"));
  ASSERT_THAT(ListStore(dir_.path()).save(lists[1]), IsOk());

  EXPECT_THAT(read_index_snapshot(snapshot(), fingerprint()), FailsWith(ErrorKind::stale));
  auto loaded = load_list_index(dir_.path());
  ASSERT_THAT(loaded, IsOk());
  EXPECT_FALSE(loaded->from_snapshot);
  EXPECT_NE(loaded->rebuilt_because.find("test-two"), std::string::npos) << loaded->rebuilt_because;
  const auto found = loaded->index.screen({"Wilhelmina Newcomer"}, {});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(loaded->index.entity(found[0].entity_index).source_id, "A-3");
  // Rewritten for the next command.
  EXPECT_TRUE(load_list_index(dir_.path())->from_snapshot);
}

TEST_F(IndexSnapshotTest, AnotherFingerprintIsStale) {
  write_built();
  const auto result = read_index_snapshot(snapshot(), fingerprint() + "; other 1");
  EXPECT_THAT(result, FailsWith(ErrorKind::stale, snapshot().string()));
}

TEST_F(IndexSnapshotTest, DamagedFilesAreRefusedAndRebuilt) {
  write_built();
  const std::string intact = echri::testing::read_file(snapshot());
  ASSERT_GT(intact.size(), 1000U);
  const auto restore = [&] { echri::testing::write_file(snapshot(), intact); };

  // Cut short.
  std::filesystem::resize_file(snapshot(), intact.size() - 7);
  EXPECT_THAT(read_index_snapshot(snapshot(), fingerprint()), FailsWith(ErrorKind::invalid_input));
  std::filesystem::resize_file(snapshot(), 20);
  EXPECT_THAT(read_index_snapshot(snapshot(), fingerprint()), FailsWith(ErrorKind::invalid_input));
  std::filesystem::resize_file(snapshot(), 0);
  EXPECT_THAT(read_index_snapshot(snapshot(), fingerprint()), FailsWith(ErrorKind::invalid_input));
  // One byte changed in the middle of the tables, and at the very end.
  restore();
  overwrite(static_cast<std::streamoff>(intact.size() / 2), std::string(1, '\x5a'));
  EXPECT_THAT(read_index_snapshot(snapshot(), fingerprint()), FailsWith(ErrorKind::invalid_input));
  restore();
  overwrite(-1, std::string(1, static_cast<char>(intact.back() ^ 1)));
  EXPECT_THAT(read_index_snapshot(snapshot(), fingerprint()), FailsWith(ErrorKind::invalid_input));
  // Not a snapshot at all, and a format this build does not read.
  restore();
  overwrite(0, "NOTANIDX");
  EXPECT_THAT(read_index_snapshot(snapshot(), fingerprint()), FailsWith(ErrorKind::invalid_input));
  restore();
  overwrite(8, std::string("\x63\0\0\0", 4));
  const auto other_format = read_index_snapshot(snapshot(), fingerprint());
  ASSERT_THAT(other_format, FailsWith(ErrorKind::stale));
  EXPECT_NE(other_format.error().message.find("format 99"), std::string::npos);

  // Whatever the damage, loading rebuilds the index and replaces the file.
  overwrite(static_cast<std::streamoff>(intact.size() / 3), std::string(64, '\xff'));
  auto loaded = load_list_index(dir_.path());
  ASSERT_THAT(loaded, IsOk());
  EXPECT_FALSE(loaded->from_snapshot);
  EXPECT_FALSE(loaded->rebuilt_because.empty());
  EXPECT_EQ(loaded->index.screen({"Boris Fictitsky"}, {}).size(), 1U);
  EXPECT_TRUE(load_list_index(dir_.path())->from_snapshot);
}

TEST_F(IndexSnapshotTest, NoImportedListIsNotFound) {
  echri::testing::TempDir empty;
  EXPECT_THAT(load_list_index(empty.path()), FailsWith(ErrorKind::not_found));
  EXPECT_THAT(read_index_snapshot(index_snapshot_path(empty.path()), "x"),
              FailsWith(ErrorKind::not_found));
}

TEST_F(IndexSnapshotTest, TheSnapshotIsNotTakenForAList) {
  write_built();
  auto status = ListStore(dir_.path()).status();
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->size(), 2U);
}

// The real lists: a restored index gives the built one's answers, and the status reads the
// list files' first lines only (the same versions as the full parse).
TEST(IndexSnapshotRealLists, RestoredIndexMatchesTheBuiltOneOnRealLists) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  const auto sdn = data / "lists" / "ofac" / "sdn.csv";
  const auto un = data / "lists" / "un" / "UN_consolidated.xml";
  if (!std::filesystem::exists(sdn) || !std::filesystem::exists(un))
    GTEST_SKIP() << "lists/ofac/sdn.csv or lists/un/UN_consolidated.xml is absent from " << data;
  auto lists = parse_list_files({sdn, un}, ListFormat::auto_detect);
  ASSERT_THAT(lists, IsOk());
  echri::testing::TempDir dir;
  ASSERT_THAT(ListStore(dir.path()).save_all(*lists), IsOk());
  auto built = rebuild_list_index(dir.path());
  ASSERT_THAT(built, IsOk());
  auto restored = load_list_index(dir.path());
  ASSERT_THAT(restored, IsOk());
  ASSERT_TRUE(restored->from_snapshot) << restored->rebuilt_because;
  for (const char* name : {"AL-ASSAD, Bashar", "بشار الأسد", "Хасан Насралла", "Mohammed Ali",
                           "Kim Jong Un", "ARTAVIL"}) {
    const ScreeningOptions options{0.8, 40};
    nlohmann::json want = nlohmann::json::array();
    nlohmann::json got = nlohmann::json::array();
    for (const auto& match : built->index.screen({name}, options))
      want.push_back(to_json(match, built->index));
    for (const auto& match : restored->index.screen({name}, options))
      got.push_back(to_json(match, restored->index));
    EXPECT_FALSE(want.empty()) << name;
    EXPECT_EQ(got, want) << name;
  }
}

}  // namespace
}  // namespace echri::screening
