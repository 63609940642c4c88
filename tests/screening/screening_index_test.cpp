#include "screening/screening_index.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <sstream>
#include <thread>

#include "screening/batch_screening.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

core::ListedEntity entity(std::string id, core::EntityType type, std::string name,
                          std::vector<std::string> aliases = {}) {
  core::ListedEntity e;
  e.list = "test-list";
  e.source_id = std::move(id);
  e.type = type;
  e.name = std::move(name);
  for (auto& alias : aliases) e.aliases.push_back({std::move(alias), core::AliasStrength::strong});
  return e;
}

ScreeningIndex fictional_index() {
  std::vector<core::ListedEntity> entities = {
      entity("1", core::EntityType::person, "FICTITSKY, Boris Ivanovich", {"Boris Fiktitski"}),
      entity("2", core::EntityType::organization, "Fictitious Surveillance Systems LLC",
             {"FSS Limited Liability Company"}),
      entity("3", core::EntityType::person, "Al-Imaginary, Mohammed Abdul"),
      entity("4", core::EntityType::organization, "Nowhere Trading Company"),
      entity("5", core::EntityType::person, "Jane Placeholder"),
  };
  entities[0].dates_of_birth = {"1961"};
  entities[0].identifiers = {{"Passport", "P-0000-FAKE", ""}};
  entities[2].aliases.push_back({"Abu Imaginary", core::AliasStrength::weak});
  return ScreeningIndex(std::move(entities));
}

std::vector<std::string> ids(const ScreeningIndex& index,
                             const std::vector<ScreeningMatch>& matches) {
  std::vector<std::string> out;
  out.reserve(matches.size());
  for (const auto& match : matches) out.push_back(index.entity(match.entity_index).source_id);
  return out;
}

TEST(ScreeningIndex, FindsReorderedTypoedAndAliasedNames) {
  const auto index = fictional_index();
  const ScreeningOptions options;
  EXPECT_EQ(ids(index, index.screen({"Boris Ivanovich Fictitsky"}, options)),
            std::vector<std::string>{"1"});
  EXPECT_EQ(ids(index, index.screen({"Boris Fictitskiy"}, options)), std::vector<std::string>{"1"});
  EXPECT_EQ(ids(index, index.screen({"Fiktitski Boris"}, options)), std::vector<std::string>{"1"});
  EXPECT_EQ(ids(index, index.screen({"Fictitious Surveillance Systems, L.L.C."}, options)),
            std::vector<std::string>{"2"});
  EXPECT_EQ(ids(index, index.screen({"Muhammad Abdul Alimaginary"}, options)),
            std::vector<std::string>{"3"});
}

TEST(ScreeningIndex, DoesNotFlagUnrelatedOrGenericNames) {
  const auto index = fictional_index();
  EXPECT_TRUE(index.screen({"Jane Nobody"}, {}).empty());
  EXPECT_TRUE(index.screen({"Trading Company"}, {}).empty());
  EXPECT_TRUE(index.screen({"Mohammed"}, {}).empty());
}

TEST(ScreeningIndex, ExplainsTheMatch) {
  const auto index = fictional_index();
  const auto matches = index.screen({"Abu Imaginary"}, {});
  ASSERT_EQ(matches.size(), 1u);
  const auto& explanation = matches[0].explanation;
  EXPECT_TRUE(explanation.alias);
  EXPECT_TRUE(explanation.weak_alias);
  EXPECT_EQ(explanation.matched_name, "Abu Imaginary");
  EXPECT_FALSE(explanation.name.pairs.empty());
  EXPECT_DOUBLE_EQ(matches[0].score, explanation.name_score);
}

TEST(ScreeningIndex, QualifiersChangeTheOutcome) {
  const auto index = fictional_index();
  ScreeningQuery query{"Boris Ivanovich Fictitsky"};
  query.date_of_birth = "1990";
  auto matches = index.screen(query, {0.5, 10});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_LT(matches[0].score, 1.0);
  EXPECT_EQ(matches[0].explanation.qualifiers.at(0).outcome, QualifierOutcome::contradicts);

  ScreeningQuery by_passport{"Completely Different Name"};
  by_passport.identifier = "p0000fake";
  matches = index.screen(by_passport, {});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_DOUBLE_EQ(matches[0].score, 1.0);
  EXPECT_EQ(index.entity(matches[0].entity_index).source_id, "1");
}

TEST(ScreeningIndex, HonoursThresholdAndLimit) {
  const auto index = fictional_index();
  const auto loose = index.screen({"Boris Placeholder"}, {0.3, 10});
  EXPECT_GE(loose.size(), 2u);
  for (std::size_t i = 1; i < loose.size(); ++i) EXPECT_GE(loose[i - 1].score, loose[i].score);
  EXPECT_EQ(index.screen({"Boris Placeholder"}, {0.3, 1}).size(), 1u);
}

TEST(ScreeningIndex, AgreesWithTheExhaustiveScan) {
  const auto index = fictional_index();
  for (const char* name : {"Boris Fictitsky", "Surveillance Systems Fictitious", "Jane Placeholder",
                           "Mohammed Imaginary", "Nowhere Trading Co"}) {
    EXPECT_EQ(ids(index, index.screen({name}, {0.5, 10})),
              ids(index, index.screen_exhaustive({name}, {0.5, 10})))
        << name;
  }
}

TEST(ScreeningIndex, ConcurrentScreeningGivesTheSameResults) {
  const auto index = fictional_index();
  const auto expected = ids(index, index.screen({"Boris Fictitskiy"}, {}));
  std::vector<std::jthread> threads;
  threads.reserve(4);
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (ids(index, index.screen({"Boris Fictitskiy"}, {})) != expected) ++mismatches;
    });
  }
  threads.clear();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(BatchScreening, ParsesTheCsvAndNamesBadRows) {
  auto parsed = parse_batch_csv(
      "id,name,type,country,dob\n1,Boris Fictitsky,person,RU,1961\n"
      "2,\"Fictitious Surveillance Systems, LLC\",,,\n",
      "in.csv");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].query.name, "Fictitious Surveillance Systems, LLC");
  EXPECT_EQ((*parsed)[0].query.date_of_birth, "1961");

  auto bad = parse_batch_csv("id,name,dob\n1,A Name,1961\n2,B Name,19x1\n", "in.csv");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().where, "in.csv:3");
  EXPECT_NE(bad.error().message.find("date_of_birth"), std::string::npos);

  bad = parse_batch_csv("ident,name\n1,A\n", "in.csv");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("'id'"), std::string::npos);
  bad = parse_batch_csv("id,name\n1,\n", "in.csv");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().where, "in.csv:2");
}

TEST(BatchScreening, ResultsKeepInputOrderOnManyThreads) {
  const auto index = fictional_index();
  std::vector<BatchQuery> queries;
  for (int i = 0; i < 500; ++i) {
    BatchQuery q;
    q.id = std::to_string(i);
    q.query.name = i % 2 == 0 ? "Boris Fictitsky" : "Jane Nobody";
    queries.push_back(q);
  }
  std::size_t last_done = 0;
  const auto results =
      screen_batch(index, queries, {}, 2, [&](std::size_t done, std::size_t total) {
        EXPECT_LE(done, total);
        last_done = std::max(last_done, done);
      });
  ASSERT_EQ(results.size(), queries.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].query_index, i);
    EXPECT_EQ(results[i].matches.size(), i % 2 == 0 ? 1u : 0u);
  }
  EXPECT_EQ(last_done, queries.size());
}

// Retrieval recall on the real lists: every match the exhaustive scan finds for real screening
// queries must come out of the index.
TEST(ScreeningIndexRealData, RetrievalRecallAgainstExhaustiveScan) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  auto parsed = parse_list_files(
      {data / "lists" / "un" / "UN_consolidated.xml", data / "lists" / "ofac" / "sdn.csv"},
      ListFormat::auto_detect);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  std::vector<core::ListedEntity> entities;
  for (auto& list : *parsed)
    for (auto& e : list.entities) entities.push_back(std::move(e));
  const ScreeningIndex index(std::move(entities));
  const auto csv = echri::testing::read_file(data / "matching" / "positives_un_treated.csv");
  std::vector<std::string> names;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && names.size() < 60) {
    // full_name is the first column; quoted when it holds a comma.
    if (line.empty()) continue;
    if (line[0] == '"')
      names.push_back(line.substr(1, line.find('"', 1) - 1));
    else
      names.push_back(line.substr(0, line.find(',')));
  }
  std::size_t expected = 0, found = 0;
  for (const auto& name : names) {
    const auto reference = index.screen_exhaustive({name}, {0.8, 100});
    const auto retrieved = index.screen({name}, {0.8, 100});
    std::set<std::uint32_t> got;
    for (const auto& m : retrieved) got.insert(m.entity_index);
    for (const auto& m : reference) {
      ++expected;
      if (got.count(m.entity_index) != 0) ++found;
    }
  }
  ASSERT_GT(expected, 40u);
  EXPECT_GE(static_cast<double>(found) / static_cast<double>(expected), 0.99)
      << found << " of " << expected;
}

}  // namespace
}  // namespace echri::screening
