#include <gtest/gtest.h>

#include "screening/list_format.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

ListFormat detected(const std::filesystem::path& path) {
  auto format = detect_format(path);
  EXPECT_TRUE(format.has_value()) << format.error().describe();
  return format.value_or(ListFormat::auto_detect);
}

TEST(ListFormatDetect, ByFileNameAndFirstBytes) {
  const auto lists = testing::fixtures_dir() / "lists";
  EXPECT_EQ(detected(lists / "ofac/sdn.csv"), ListFormat::ofac_csv);
  EXPECT_EQ(detected(lists / "ofac/alt.csv"), ListFormat::ofac_csv);
  EXPECT_EQ(detected(lists / "csl/csl.csv"), ListFormat::csl_csv);
  EXPECT_EQ(detected(lists / "csl/csl_with_id.csv"), ListFormat::csl_csv);
  EXPECT_EQ(detected(lists / "csl/consolidated.json"), ListFormat::csl_json);
  EXPECT_EQ(detected(lists / "un/un_small.xml"), ListFormat::un_xml);
  EXPECT_EQ(detected(lists / "eu/eu_fsf.xml"), ListFormat::eu_xml);
  EXPECT_EQ(detected(lists / "uk/ConList.csv"), ListFormat::uk_csv);
  EXPECT_EQ(detected(lists / "dpl/dpl.txt"), ListFormat::dpl_tsv);
}

TEST(ListFormatDetect, ByContentUnderAnyName) {
  testing::TempDir dir;
  const auto lists = testing::fixtures_dir() / "lists";
  const auto copy = [&](const std::string& from, const std::string& to) {
    testing::write_file(dir.path() / to, testing::read_file(lists / from));
    return dir.path() / to;
  };
  EXPECT_EQ(detected(copy("ofac/sdn.csv", "ofac-2026.csv")), ListFormat::ofac_csv);
  EXPECT_EQ(detected(copy("uk/ConList.csv", "uk.csv")), ListFormat::uk_csv);
  EXPECT_EQ(detected(copy("dpl/dpl.txt", "denied.tsv")), ListFormat::dpl_tsv);
  EXPECT_EQ(detected(copy("un/un_small.xml", "list.xml")), ListFormat::un_xml);
  EXPECT_EQ(detected(copy("eu/eu_fsf.xml", "content")), ListFormat::eu_xml);
}

TEST(ListFormatDetect, RealFiles) {
  ECHRI_REQUIRE_SHARED_DATA(data);
  EXPECT_EQ(detected(data / "lists/ofac/sdn.csv"), ListFormat::ofac_csv);
  EXPECT_EQ(detected(data / "lists/other/cons_prim.csv"), ListFormat::ofac_csv);
  EXPECT_EQ(detected(data / "lists/other/dpl.txt"), ListFormat::dpl_tsv);
  EXPECT_EQ(detected(data / "lists/other/csl.csv"), ListFormat::csl_csv);
  EXPECT_EQ(detected(data / "lists/un/UN_consolidated.xml"), ListFormat::un_xml);
}

TEST(ListFormatDetect, RefusesWhatItCannotTell) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "notes.txt", "just some text\n");
  const auto format = detect_format(dir.path() / "notes.txt");
  ASSERT_FALSE(format.has_value());
  EXPECT_NE(format.error().message.find("--format"), std::string::npos);
  EXPECT_EQ(detect_format(dir.path() / "missing.csv").error().kind, ErrorKind::not_found);
}

TEST(ListFormatDetect, FormatNames) {
  EXPECT_EQ(parse_list_format("un-xml"), ListFormat::un_xml);
  EXPECT_EQ(to_string(ListFormat::dpl_tsv), "dpl-tsv");
  EXPECT_FALSE(parse_list_format("xml").has_value());
}

}  // namespace
}  // namespace echri::screening
