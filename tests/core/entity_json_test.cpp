#include "core/entity_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace echri::core {
namespace {

ListedEntity sample() {
  ListedEntity e;
  e.list = "un-sc";
  e.source_id = "QDi.999";
  e.type = EntityType::person;
  e.name = "Fictional Person";
  e.aliases = {{"F. Person", AliasStrength::weak}, {"Fictio Persona", AliasStrength::strong}};
  e.addresses = {{"1 Nowhere St", "Springfield", "", "12345", "Atlantis", ""}};
  e.countries = {"ZZ"};
  e.dates_of_birth = {"1970", "1971-02-03"};
  e.identifiers = {{"Passport", "X123", "Atlantis"}};
  e.programs = {"TEST"};
  e.remarks = "fictional";
  e.listed_on = "2020-01-01";
  e.source_url = "https://example.invalid/";
  return e;
}

TEST(EntityJson, RoundTrips) {
  const ListedEntity e = sample();
  auto back = entity_from_json(to_json(e), "test");
  ASSERT_TRUE(back.has_value()) << back.error().describe();
  EXPECT_EQ(*back, e);
}

TEST(EntityJson, NamesTheBadField) {
  auto j = to_json(sample());
  j["aliases"][1]["strength"] = "medium";
  auto back = entity_from_json(j, "snap.json: $.entities[3]");
  ASSERT_FALSE(back.has_value());
  EXPECT_EQ(back.error().where, "snap.json: $.entities[3] $.aliases[1].strength");
  j = to_json(sample());
  j["countries"] = "ZZ";
  back = entity_from_json(j, "x");
  ASSERT_FALSE(back.has_value());
  EXPECT_NE(back.error().where.find("$.countries"), std::string::npos);
}

TEST(EntityJson, RequiresNameAndKnownType) {
  auto j = to_json(sample());
  j["type"] = "spaceship";
  EXPECT_FALSE(entity_from_json(j, "x").has_value());
  j = to_json(sample());
  j.erase("name");
  EXPECT_FALSE(entity_from_json(j, "x").has_value());
}

}  // namespace
}  // namespace echri::core
