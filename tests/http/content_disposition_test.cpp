#include "http/content_disposition.hpp"

#include <gtest/gtest.h>

namespace echri::http {
namespace {

TEST(ContentDispositionTest, APlainNameIsGivenBothWays) {
  EXPECT_EQ(attachment_disposition("report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
}

TEST(ContentDispositionTest, QuotesAndBackslashesCannotEndTheQuotedName) {
  const auto header = attachment_disposition("a\"b\\c.txt");
  EXPECT_EQ(header, "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt");
}

TEST(ContentDispositionTest, NonAsciiNamesKeepTheirExactFormInFilenameStar) {
  EXPECT_EQ(attachment_disposition("Überblick 2026.pdf"),
            "attachment; filename=\"_berblick 2026.pdf\"; "
            "filename*=UTF-8''%C3%9Cberblick%202026.pdf");
  EXPECT_EQ(attachment_disposition("报告.pdf"),
            "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf");
}

TEST(ContentDispositionTest, NoByteCanBreakTheHeader) {
  const auto header = attachment_disposition("a\r\nSet-Cookie: x=1;%.txt");
  EXPECT_EQ(header.find('\r'), std::string::npos);
  EXPECT_EQ(header.find('\n'), std::string::npos);
  EXPECT_EQ(header.find(';', header.find("filename*")), std::string::npos);
  EXPECT_EQ(attachment_disposition(""), "attachment; filename=\"download\"; filename*=UTF-8''");
}

}  // namespace
}  // namespace echri::http
