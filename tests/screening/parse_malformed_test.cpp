// Malformed input: every error names file:line (or the JSON path) and the field where there is
// one, and no list comes back.

#include <gtest/gtest.h>

#include "parse_test_helpers.hpp"
#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using namespace testing_helpers;

std::filesystem::path malformed(const std::string& name) {
  return testing::fixtures_dir() / "lists/malformed" / name;
}

void expect_error(const std::string& name, ListFormat format, const std::string& where,
                  const std::string& message_part) {
  const auto path = malformed(name);
  const Error error = parse_error(path, format);
  EXPECT_EQ(error.kind, ErrorKind::invalid_input) << name;
  EXPECT_EQ(error.where, path.string() + where) << name;
  EXPECT_NE(error.message.find(message_part), std::string::npos)
      << name << ": " << error.describe();
}

TEST(ParseMalformed, OfacWrongColumnCount) {
  expect_error("ofac_columns/sdn.csv", ListFormat::ofac_csv, ":2", "expected 12 fields");
}

TEST(ParseMalformed, OfacUnterminatedQuote) {
  expect_error("ofac_quote/sdn.csv", ListFormat::auto_detect, ":3", "unterminated quoted field");
}

TEST(ParseMalformed, OfacMissingName) {
  expect_error("ofac_no_name/sdn.csv", ListFormat::ofac_csv, ":2: field SDN_Name", "empty name");
}

TEST(ParseMalformed, OfacUnknownType) {
  expect_error("ofac_bad_type/sdn.csv", ListFormat::ofac_csv, ":3: field SDN_Type", "spaceship");
}

TEST(ParseMalformed, CslMissingName) {
  expect_error("csl_missing_name.csv", ListFormat::csl_csv, ":3: field name", "empty name");
}

TEST(ParseMalformed, CslWrongColumnCount) {
  expect_error("csl_columns.csv", ListFormat::csl_csv, ":3", "expected 6 fields");
}

TEST(ParseMalformed, CslInvalidUtf8) {
  expect_error("csl_bad_utf8.csv", ListFormat::csl_csv, ":3", "invalid UTF-8");
}

TEST(ParseMalformed, HeaderOnlyIsNoList) {
  expect_error("csl_header_only.csv", ListFormat::csl_csv, "", "no entities");
}

TEST(ParseMalformed, EmptyFile) {
  expect_error("empty.csv", ListFormat::csl_csv, ":1", "empty");
  // Detection refuses it too.
  const auto detected = detect_format(malformed("empty.csv"));
  ASSERT_FALSE(detected.has_value());
  EXPECT_EQ(detected.error().where, malformed("empty.csv").string() + ":1");
}

TEST(ParseMalformed, CslJsonSyntaxError) {
  expect_error("csl_bad.json", ListFormat::auto_detect, ":4", "invalid JSON");
}

TEST(ParseMalformed, CslJsonMissingName) {
  expect_error("csl_no_name.json", ListFormat::csl_json, ": $.results[1].name", "missing name");
}

TEST(ParseMalformed, UnBrokenXml) {
  expect_error("un_bad.xml", ListFormat::auto_detect, ":7", "invalid XML");
}

TEST(ParseMalformed, UnMissingReferenceNumber) {
  expect_error("un_missing_ref.xml", ListFormat::un_xml, ":8: field REFERENCE_NUMBER",
               "missing reference number");
}

TEST(ParseMalformed, EuMissingLogicalId) {
  expect_error("eu_missing_id.xml", ListFormat::eu_xml, ":7: field logicalId", "logicalId");
}

TEST(ParseMalformed, UkMissingGroupId) {
  expect_error("uk_no_group.csv", ListFormat::uk_csv, ":4: field Group ID", "empty group id");
}

TEST(ParseMalformed, UkHeaderWithoutGroupColumns) {
  expect_error("uk_no_header.csv", ListFormat::uk_csv, ":2: field Group ID", "missing column");
}

TEST(ParseMalformed, DplWrongColumnCount) {
  expect_error("dpl_columns.txt", ListFormat::dpl_tsv, ":3", "expected 7 fields");
}

TEST(ParseMalformed, WrongFormatForTheFile) {
  // A UN file read as EU XML is refused, not read as an empty list.
  const auto path = testing::fixtures_dir() / "lists/un/un_small.xml";
  const Error error = parse_error(path, ListFormat::eu_xml);
  EXPECT_NE(error.message.find("<export>"), std::string::npos) << error.describe();
}

TEST(ParseMalformed, MissingFile) {
  const Error error = parse_error(malformed("does-not-exist.csv"), ListFormat::csl_csv);
  EXPECT_EQ(error.kind, ErrorKind::not_found);
}

TEST(ParseMalformed, OneBadFileFailsTheWholeCall) {
  auto lists = parse_list_files(
      {testing::fixtures_dir() / "lists/un/un_small.xml", malformed("csl_missing_name.csv")},
      ListFormat::auto_detect);
  ASSERT_FALSE(lists.has_value());
  EXPECT_NE(lists.error().where.find("csl_missing_name.csv:3"), std::string::npos);
}

}  // namespace
}  // namespace echri::screening
