// One party on several lists is one match (screening_index.cpp, merge_parties).

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "screening/list_format.hpp"
#include "screening/match_json.hpp"
#include "screening/screening_index.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

core::ListedEntity listing(std::string list, std::string id, core::EntityType type,
                           std::string name) {
  core::ListedEntity e;
  e.list = std::move(list);
  e.source_id = std::move(id);
  e.type = type;
  e.name = std::move(name);
  return e;
}

// "list source_id" of every listing of a match, best first.
std::vector<std::string> listings(const ScreeningIndex& index, const ScreeningMatch& match) {
  std::vector<std::string> out;
  for (const auto& [entity, score] : match.sources)
    out.push_back(index.entity(entity).list + " " + index.entity(entity).source_id);
  return out;
}

TEST(PartyMerge, ListingsSharingAnIdentifierAreOneMatch) {
  auto sdn = listing("sdn", "27304", core::EntityType::vessel, "ADRIAN DARYA 1");
  sdn.identifiers = {{"IMO", "9116412", ""}};
  // Another list writes the vessel and its number its own way.
  auto other = listing("other", "V-12", core::EntityType::vessel, "Adrian Darya-1");
  other.identifiers = {{"Vessel Registration Identification", "IMO 9116412", ""}};
  const ScreeningIndex index({sdn, other});

  const auto matches = index.screen({"Adrian Darya 1"}, {});
  ASSERT_EQ(matches.size(), 1u);
  const auto found = listings(index, matches.front());
  EXPECT_EQ(std::set<std::string>(found.begin(), found.end()),
            (std::set<std::string>{"sdn 27304", "other V-12"}));
  EXPECT_NE(matches.front().merged_on.find("9116412"), std::string::npos)
      << matches.front().merged_on;
  EXPECT_EQ(matches.front().sources.front().first, matches.front().entity_index)
      << "the best listing is the match's face and comes first";
}

TEST(PartyMerge, SameNameAndDateOfBirthAreOneMatch) {
  auto a = listing("sdn", "1", core::EntityType::person, "FICTITSKY, Boris Ivanovich");
  a.dates_of_birth = {"1961-05-02"};
  auto b = listing("uk", "RUS0001", core::EntityType::person, "Boris Ivanovich Fictitsky");
  b.dates_of_birth = {"1960", "1961-05-02"};
  const ScreeningIndex index({a, b});

  const auto matches = index.screen({"Boris Fictitsky"}, {});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches.front().sources.size(), 2u);
  EXPECT_EQ(matches.front().merged_on, "name and date of birth 1961-05-02");
}

TEST(PartyMerge, NamesakesAreNotMerged) {
  // Same name, different days of birth: two people.
  auto a = listing("sdn", "1", core::EntityType::person, "John Placeholder");
  a.dates_of_birth = {"1970-01-01"};
  auto b = listing("uk", "2", core::EntityType::person, "John Placeholder");
  b.dates_of_birth = {"1982-03-04"};
  // Same name, no birth at all, or only the same year without a country: nothing tells.
  auto c = listing("un", "3", core::EntityType::person, "John Placeholder");
  auto d = listing("eu", "4", core::EntityType::person, "John Placeholder");
  d.dates_of_birth = {"1970"};
  auto e = listing("csl", "5", core::EntityType::person, "John Placeholder");
  e.dates_of_birth = {"1970"};
  // A shared number with contradicting births is a coincidence, not one person.
  auto f = listing("dpl", "6", core::EntityType::person, "John Placeholder");
  f.dates_of_birth = {"1990-06-06"};
  f.identifiers = {{"Passport", "X1234567", ""}};
  auto g = listing("ssi", "7", core::EntityType::person, "John Placeholder");
  g.dates_of_birth = {"1955-06-06"};
  g.identifiers = {{"Passport", "X1234567", ""}};
  const ScreeningIndex index({a, b, c, d, e, f, g});

  const auto matches = index.screen({"John Placeholder"}, {});
  EXPECT_EQ(matches.size(), 7u);
  for (const auto& match : matches) {
    EXPECT_EQ(match.sources.size(), 1u) << index.entity(match.entity_index).list;
    EXPECT_TRUE(match.merged_on.empty()) << match.merged_on;
  }
}

TEST(PartyMerge, EntriesOfOneListStayApart) {
  // The list itself says they are two entries, whatever they share.
  auto a = listing("sdn", "1", core::EntityType::person, "Jane Placeholder");
  a.identifiers = {{"Passport", "Y7654321", ""}};
  auto b = listing("sdn", "2", core::EntityType::person, "Jane Placeholder");
  b.identifiers = {{"Passport", "Y7654321", ""}};
  // A third list's entry sharing the number joins one of them only.
  auto c = listing("uk", "3", core::EntityType::person, "Jane Placeholder");
  c.identifiers = {{"Passport", "Y7654321", ""}};
  const ScreeningIndex index({a, b, c});

  const auto matches = index.screen({"Jane Placeholder"}, {});
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].sources.size() + matches[1].sources.size(), 3u);
}

TEST(PartyMerge, TheLimitCountsParties) {
  // Twelve companies of one name, each on two lists under one registration number.
  std::vector<core::ListedEntity> entities;
  for (int i = 0; i < 12; ++i) {
    const std::string number = "REG-" + std::to_string(100000 + i);
    for (const char* list : {"sdn", "uk"}) {
      auto e = listing(list, std::string(list) + std::to_string(i), core::EntityType::organization,
                       "Nowhere Trading Company");
      e.identifiers = {{"Registration Number", number, ""}};
      entities.push_back(std::move(e));
    }
  }
  const ScreeningIndex index(std::move(entities));

  const auto result = index.screen_counted({"Nowhere Trading Company"}, {kDefaultThreshold, 5});
  EXPECT_EQ(result.total, 12u);
  ASSERT_EQ(result.matches.size(), 5u);
  for (const auto& match : result.matches) EXPECT_EQ(match.sources.size(), 2u);
  EXPECT_EQ(index.screen({"Nowhere Trading Company"}, {kDefaultThreshold, 100}).size(), 12u);
}

TEST(PartyMerge, JsonKeepsTheBestListingAndNamesEverySource) {
  auto a = listing("sdn", "27304", core::EntityType::vessel, "ADRIAN DARYA 1");
  a.identifiers = {{"IMO", "9116412", ""}};
  a.programs = {"SDGT"};
  auto b = listing("csl", "V-12", core::EntityType::vessel, "ADRIAN DARYA 1 (M/T)");
  b.identifiers = {{"IMO", "9116412", ""}};
  b.list_section = "Some Section";
  auto c = listing("un", "QDe.1", core::EntityType::organization, "Fictitious Darya Trading");
  const ScreeningIndex index({a, b, c});

  const auto matches = index.screen({"Adrian Darya 1"}, {});
  ASSERT_EQ(matches.size(), 1u);
  const auto json = to_json(matches.front(), index);
  // The fields readers had, for the best listing.
  EXPECT_EQ(json["list"], "sdn");
  EXPECT_EQ(json["source_id"], "27304");
  EXPECT_EQ(json["name"], "ADRIAN DARYA 1");
  EXPECT_EQ(json["programs"], nlohmann::json::array({"SDGT"}));
  EXPECT_TRUE(json["score"].is_number());
  EXPECT_TRUE(json["explanation"].is_object());
  // Every listing, the best first.
  ASSERT_TRUE(json["sources"].is_array());
  ASSERT_EQ(json["sources"].size(), 2u);
  EXPECT_EQ(json["sources"][0]["list"], "sdn");
  EXPECT_EQ(json["sources"][0]["source_id"], "27304");
  EXPECT_EQ(json["sources"][1]["list"], "csl");
  EXPECT_EQ(json["sources"][1]["name"], "ADRIAN DARYA 1 (M/T)");
  EXPECT_EQ(json["sources"][1]["list_section"], "Some Section");
  EXPECT_GE(json["sources"][0]["score"].get<double>(), json["sources"][1]["score"].get<double>());
  EXPECT_EQ(json["merged_on"], "identifier IMO 9116412");

  // A party on one list: one source, no merged_on.
  const auto single = index.screen({"Fictitious Darya Trading"}, {});
  ASSERT_EQ(single.size(), 1u);
  const auto one = to_json(single.front(), index);
  ASSERT_EQ(one["sources"].size(), 1u);
  EXPECT_EQ(one["sources"][0]["source_id"], "QDe.1");
  EXPECT_FALSE(one.contains("merged_on"));
}

TEST(PartyMerge, RealSdnEntriesRepublishedOnTheCslAreOneMatch) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  const auto sdn = data / "lists/ofac/sdn.csv";
  const auto csl = data / "lists/other/csl.csv";
  if (!std::filesystem::exists(sdn) || !std::filesystem::exists(csl))
    GTEST_SKIP() << "lists/ofac/sdn.csv or lists/other/csl.csv is absent from " << data;
  auto lists = parse_list_files({sdn, csl}, ListFormat::auto_detect);
  ASSERT_TRUE(lists.has_value()) << lists.error().describe();
  std::vector<core::ListedEntity> entities;
  for (auto& list : *lists)
    for (auto& entity : list.entities) entities.push_back(std::move(entity));
  const ScreeningIndex index(std::move(entities));

  // A vessel (same IMO number), a person with a full date of birth, a person with only a year,
  // a company: each on the SDN list and republished on the CSL under OFAC's number.
  for (const std::string name :
       {"ADRIAN DARYA 1", "AL-AKHRAS, Safwan", "AHED AL-ZOUBI, Omran", "GEFEST-M LLC"}) {
    const auto matches = index.screen({name}, {});
    const auto exact = std::count_if(matches.begin(), matches.end(), [&](const auto& match) {
      return index.entity(match.entity_index).name == name;
    });
    EXPECT_EQ(exact, 1) << name << " should be one match";
    ASSERT_FALSE(matches.empty()) << name;
    const auto& top = matches.front();
    std::set<std::string> lists_named;
    std::set<std::string> ids_named;
    for (const auto& [entity, score] : top.sources) {
      lists_named.insert(index.entity(entity).list);
      ids_named.insert(index.entity(entity).source_id);
    }
    EXPECT_EQ(lists_named, (std::set<std::string>{"us-ofac-sdn", "us-csl"})) << name;
    EXPECT_EQ(ids_named.size(), 1u) << name << ": the CSL keeps OFAC's entry number";
    EXPECT_FALSE(top.merged_on.empty()) << name;
  }
}

}  // namespace
}  // namespace echri::screening
