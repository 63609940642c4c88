// core/digest: SHA-256 against the FIPS 180-2 test vectors, in one piece and fed in parts.

#include "core/digest.hpp"

#include <gtest/gtest.h>

#include <string>

namespace echri::core {
namespace {

constexpr std::string_view kAbc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view kEmpty =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kTwoBlocks =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

TEST(Sha256, MatchesTheStandardsVectors) {
  EXPECT_EQ(sha256_hex("abc"), kAbc);
  EXPECT_EQ(sha256_hex(""), kEmpty);
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), kTwoBlocks);
  const auto raw = sha256("abc");
  EXPECT_EQ(to_hex(raw.data(), raw.size()), kAbc);
}

TEST(Sha256, PartsHashAsTheWhole) {
  const std::string whole = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256 parts;
  parts.update(whole.substr(0, 5)).update(whole.data() + 5, 40).update(whole.substr(45));
  EXPECT_EQ(parts.hex_digest(), kTwoBlocks);
  EXPECT_EQ(Sha256().update(whole).digest(), sha256(whole));
}

TEST(Sha256, LowerHexIsRecognised) {
  EXPECT_TRUE(is_lower_hex(kAbc));
  EXPECT_TRUE(is_lower_hex(""));
  EXPECT_FALSE(is_lower_hex("BA7816"));
  EXPECT_FALSE(is_lower_hex("ba78g6"));
}

}  // namespace
}  // namespace echri::core
