#include "exchange/checkpoint.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/result_matchers.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

// The checkpoint body of the C2SP tlog-checkpoint and tlog-cosignature examples.
constexpr std::string_view kSpecExample =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

TEST(Checkpoint, ParsesAndFormatsTheSpecExample) {
  const auto checkpoint = parse_checkpoint(kSpecExample);
  ASSERT_THAT(checkpoint, IsOk());
  EXPECT_EQ(checkpoint->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(checkpoint->size, 20852163u);
  EXPECT_EQ(checkpoint->root[0], 0x0A);
  EXPECT_TRUE(checkpoint->extensions.empty());
  EXPECT_EQ(*format_checkpoint(*checkpoint), kSpecExample);
}

TEST(Checkpoint, ExtensionLinesRoundTrip) {
  Checkpoint checkpoint{"echri.example/log", 0, empty_tree_hash(), {"ext one", "ext two"}};
  const auto text = format_checkpoint(checkpoint);
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(
      *text,
      "echri.example/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\next two\n");
  EXPECT_EQ(*parse_checkpoint(*text), checkpoint);
}

TEST(Checkpoint, RejectsEveryDeviation) {
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  for (const std::string& bad : std::vector<std::string>{
           std::string(),
           "o\n1\n" + root,                            // no final newline
           "o\n1\n",                                   // no root
           "\n1\n" + root + "\n",                      // empty origin
           "o\n01\n" + root + "\n",                    // leading zero
           "o\n-1\n" + root + "\n",                    // sign
           "o\n+1\n" + root + "\n",                    // sign
           "o\n 1\n" + root + "\n",                    // space
           "o\n18446744073709551616\n" + root + "\n",  // overflow
           "o\n1\n" + root.substr(0, 43) + "\n",       // unpadded
           "o\n1\nAAAA\n",                             // short root
           "o\n1\n" + root + "=\n",                    // bad base64
           "o\n1\n" + root + "\n\n",                   // empty extension line
           "o\t\n1\n" + root + "\n",                   // control character
           "o\n1\r\n" + root + "\n",                   // CRLF
           "\xFF\n1\n" + root + "\n",                  // not UTF-8
       }) {
    EXPECT_THAT(parse_checkpoint(bad), FailsWith(ErrorKind::invalid_input)) << bad;
  }
  EXPECT_THAT(parse_checkpoint("o\n01\n" + root + "\n"),
              FailsWith(ErrorKind::invalid_input, "line 2"));
  EXPECT_THAT(format_checkpoint({"two\nlines", 1, {}, {}}), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(format_checkpoint({"o", 1, {}, {""}}),
              FailsWith(ErrorKind::invalid_input, "extensions[0]"));
}

}  // namespace
}  // namespace echri::exchange
