#include "screening/list_download.hpp"

#include <gtest/gtest.h>

#include "screening/list_format.hpp"
#include "screening/list_test_server.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

class ListDownload : public ::testing::Test {
 protected:
  testing::ListTestServer server_{testing::fixtures_dir() / "lists"};
  testing::TempDir dir_;
};

TEST_F(ListDownload, DownloadsAFile) {
  const auto size = download_file(server_.url("/files/un/un_small.xml"), dir_.path() / "un.xml");
  ASSERT_TRUE(size.has_value()) << size.error().describe();
  EXPECT_EQ(testing::read_file(dir_.path() / "un.xml"),
            testing::read_file(testing::fixtures_dir() / "lists/un/un_small.xml"));
  EXPECT_EQ(*size, std::filesystem::file_size(dir_.path() / "un.xml"));
}

TEST_F(ListDownload, FollowsRedirects) {
  const auto size = download_file(server_.url("/moved/eu/eu_fsf.xml"), dir_.path() / "eu.xml");
  ASSERT_TRUE(size.has_value()) << size.error().describe();
  EXPECT_EQ(detect_format(dir_.path() / "eu.xml").value(), ListFormat::eu_xml);
}

TEST_F(ListDownload, HttpErrorsNameTheUrl) {
  const auto missing = download_file(server_.url("/files/nope.csv"), dir_.path() / "x");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().where, server_.url("/files/nope.csv"));
  EXPECT_NE(missing.error().message.find("HTTP 404"), std::string::npos);
  const auto broken = download_file(server_.url("/broken"), dir_.path() / "x");
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message.find("HTTP 500"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "x"));
}

TEST_F(ListDownload, RefusesWhatIsNotAnHttpUrl) {
  EXPECT_EQ(download_file("ftp://example.invalid/x", dir_.path() / "x").error().kind,
            ErrorKind::invalid_input);
  EXPECT_EQ(download_file("sdn.csv", dir_.path() / "x").error().kind, ErrorKind::invalid_input);
}

TEST_F(ListDownload, ConnectionFailureIsAnIoError) {
  // Port 1 on the loopback: nothing listens there.
  DownloadOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  const auto result = download_file("http://127.0.0.1:1/sdn.csv", dir_.path() / "x", options);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::io);
}

TEST_F(ListDownload, OfacListWithItsSideFiles) {
  auto source = find_list_source("us-ofac-sdn");
  ASSERT_TRUE(source.has_value());
  source->url = server_.url("/files/ofac/sdn.csv");
  const auto primary = download_list(*source, dir_.path() / "ofac");
  ASSERT_TRUE(primary.has_value()) << primary.error().describe();
  EXPECT_EQ(primary->filename(), "sdn.csv");
  for (const char* side : {"alt.csv", "add.csv", "sdn_comments.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "ofac" / side)) << side;
  auto lists = parse_list_files({*primary}, source->format);
  ASSERT_TRUE(lists.has_value()) << lists.error().describe();
  EXPECT_EQ(lists->front().entities.size(), 6u);
}

TEST_F(ListDownload, MissingSideFileFailsTheList) {
  auto source = find_list_source("us-ofac-sdn");
  source->url = server_.url("/files/csl/csl.csv");  // no alt.csv beside it
  const auto primary = download_list(*source, dir_.path() / "ofac");
  ASSERT_FALSE(primary.has_value());
  EXPECT_NE(primary.error().where.find("alt.csv"), std::string::npos);
}

TEST(ListSources, OfficialDefaults) {
  EXPECT_EQ(find_list_source("un-sc")->url,
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml");
  EXPECT_EQ(find_list_source("us-csl")->format, ListFormat::csl_json);
  EXPECT_EQ(find_list_source("uk-ofsi")->file_name, "ConList.csv");
  EXPECT_FALSE(find_list_source("nowhere").has_value());
  int defaults = 0;
  for (const auto& source : known_list_sources()) defaults += source.updated_by_default ? 1 : 0;
  EXPECT_EQ(defaults, 5);
}

}  // namespace
}  // namespace echri::screening
