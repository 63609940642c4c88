#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

namespace echri::core {
namespace {

std::vector<std::vector<std::string>> read_all(std::string_view data, char delimiter = ',') {
  CsvReader reader(data, delimiter, "test.csv");
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.next(fields);
    EXPECT_TRUE(more.has_value()) << more.error().describe();
    if (!more || !*more) break;
    records.push_back(fields);
  }
  return records;
}

TEST(CsvReader, ReadsPlainAndQuotedFields) {
  const auto records = read_all("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"x, y", "say \"hi\"", ""}));
}

TEST(CsvReader, QuotedFieldsMayHoldLineBreaksAndLinesAreCounted) {
  CsvReader reader("h1,h2\r\n\"two\r\nlines\",x\r\nlast,row", ',', "test.csv");
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.next(fields));
  EXPECT_EQ(reader.record_line(), 1u);
  ASSERT_TRUE(*reader.next(fields));
  EXPECT_EQ(reader.record_line(), 2u);
  EXPECT_EQ(fields[0], "two\r\nlines");
  ASSERT_TRUE(*reader.next(fields));
  EXPECT_EQ(reader.record_line(), 4u);
  EXPECT_EQ(fields, (std::vector<std::string>{"last", "row"}));
  EXPECT_FALSE(*reader.next(fields));
}

TEST(CsvReader, SkipsBlankLinesAndTheDosEndOfFileByte) {
  const auto records = read_all("1,\"a\",-0- \r\n\r\n2,\"b\",-0- \r\n\x1a");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1], (std::vector<std::string>{"2", "b", "-0- "}));
}

TEST(CsvReader, ReadsTabSeparatedQuotedFields) {
  const auto records = read_all("\"Name\"\t\"City\"\n\" A, B\"\t\"\"\n", '\t');
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1], (std::vector<std::string>{" A, B", ""}));
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereItOpens) {
  CsvReader reader("a,b\nc,\"never closed\nmore\n", ',', "bad.csv");
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.next(fields));
  const auto result = reader.next(fields);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().where, "bad.csv:2");
  EXPECT_NE(result.error().message.find("unterminated"), std::string::npos);
  EXPECT_NE(result.error().message.find("field 2"), std::string::npos);
}

TEST(CsvReader, TextAfterAClosingQuoteIsAnError) {
  CsvReader reader("\"a\"b,c\n", ',', "bad.csv");
  std::vector<std::string> fields;
  const auto result = reader.next(fields);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().where, "bad.csv:1");
}

}  // namespace
}  // namespace echri::core
