#include <gtest/gtest.h>

#include <set>

#include "core/csv_reader.hpp"
#include "parse_test_helpers.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using core::EntityType;
using namespace testing_helpers;

TEST(ParseDpl, Fixture) {
  const auto list = parse_one(testing::fixtures_dir() / "lists/dpl/dpl.txt");
  EXPECT_EQ(list.list_id, "us-bis-dpl");
  EXPECT_EQ(list.format, ListFormat::dpl_tsv);
  // Five rows, one repeated verbatim.
  ASSERT_EQ(list.entities.size(), 4u);
  const auto& john = list.entities[0];
  EXPECT_EQ(john.name, "JOHN Q. PLACEHOLDER");
  EXPECT_EQ(john.type, EntityType::person);
  EXPECT_TRUE(john.source_id.starts_with("dpl-"));
  EXPECT_EQ(john.listed_on, "2019-02-03");
  EXPECT_EQ(john.addresses[0],
            (core::Address{"1 NOWHERE BLVD", "SPRINGFIELD", "ZZ", "00000", "US", "US"}));
  EXPECT_NE(john.remarks.find("Denial expires 2029-02-03"), std::string::npos);
  EXPECT_EQ(list.entities[1].type, EntityType::organization);  // "LTD."
  EXPECT_EQ(list.entities[1].addresses[0].street, "2 NOWHERE BLVD, SUITE \"B\"");
  EXPECT_EQ(list.entities[2].type, EntityType::organization);  // "CO"
  EXPECT_EQ(list.entities[2].addresses[0].street, "UNIT 5 IMAGINARY INDUSTRIAL PARK");
  EXPECT_EQ(list.entities[3].name, "ANOTHER FICTIONAL PERSON");

  // The derived id is stable from one parse to the next.
  const auto again = parse_one(testing::fixtures_dir() / "lists/dpl/dpl.txt");
  EXPECT_EQ(again.entities[0].source_id, john.source_id);
}

TEST(ParseDpl, RealList) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  const auto path = data / "lists/other/dpl.txt";
  // SOURCES.md says 545 rows: the file has 546 lines, a header and 545 newlines, but its last
  // row has no line end, so it holds 546 data rows; 3 of them repeat an earlier row verbatim.
  const std::string content = testing::read_file(path);
  core::CsvReader reader(content, '\t', path.string());
  std::vector<std::string> fields;
  std::size_t rows = 0;
  while (*reader.next(fields)) ++rows;
  EXPECT_EQ(rows, 1u + 546u);

  const auto list = parse_one(path);
  EXPECT_EQ(list.entities.size(), 543u);
  std::set<std::string> ids;
  for (const auto& e : list.entities) ids.insert(e.source_id);
  EXPECT_EQ(ids.size(), list.entities.size());
  const auto it = std::find_if(list.entities.begin(), list.entities.end(),
                               [](const auto& e) { return e.name == "ADRIAN MANUEL HERNANDEZ"; });
  ASSERT_NE(it, list.entities.end());
  EXPECT_EQ(it->type, EntityType::person);
  EXPECT_EQ(it->listed_on, "2017-10-16");
  EXPECT_EQ(it->addresses[0].city, "PHONEIX");
}

}  // namespace
}  // namespace echri::screening
