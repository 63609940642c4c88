// Han characters read as Korean Hanja and as Japanese kanji (Unihan's readings, compiled in):
// the keys the tokeniser gives Han words, the matcher of a kanji name against its romanisation,
// and the spellings retrieval looks up, which must agree with that matcher.

#include <gtest/gtest.h>

#include <algorithm>

#include "text/normalize.hpp"

namespace echri::text {
namespace {

using Groups = std::vector<std::string>;

Groups split(std::u32string_view han, const std::vector<std::string_view>& latin) {
  return japanese_reading_split(han, latin);
}

TEST(Mandarin, HanReadAsUnihansPinyinWithoutTones) {
  EXPECT_EQ(fold_to_latin("习近平"), "xi jinping");
  EXPECT_EQ(fold_to_latin("吕"), "lu");  // lǚ
  EXPECT_EQ(fold_to_latin("金铁三"), "jin tiesan");
}

TEST(Hanja, HanWordsCarryTheirKoreanReading) {
  // A whole name in Han characters splits after its surname; 金 is 김 in names, not 금.
  const auto words = fold_words("金正恩");
  ASSERT_EQ(words.size(), 2U);
  EXPECT_EQ(words[0].hanja_key, "kim");
  EXPECT_EQ(words[1].hanja_key, "con.un");
  // The Chinese reading is kept beside it.
  EXPECT_EQ(words[0].latin, "jin");
  const auto tokens = tokenize_name("金正恩", NameKind::person);
  ASSERT_EQ(tokens.size(), 2U);
  EXPECT_EQ(tokens[0].korean, "kim");
  EXPECT_EQ(tokens[0].chinese, "Jin");
}

TEST(Hanja, SimplifiedCharactersBorrowTheTraditionalReading) {
  // 铁 has no Korean reading of its own in Unihan; 鐵 is 철.
  const auto words = fold_words("金铁三");
  ASSERT_EQ(words.size(), 2U);
  EXPECT_EQ(words[1].hanja_key, "col.sam");
}

TEST(Hanja, CharactersWrittenApartAreReadAsChineseOnly) {
  // A Chinese name romanised character by character, as some records write it.
  for (const auto& word : fold_words("英 畅 宋")) {
    EXPECT_EQ(word.hanja_key, "");
    EXPECT_NE(word.syllable_key, "");
  }
}

TEST(Words, ShortestWordCountsCharactersAcrossEverySeparator) {
  EXPECT_EQ(shortest_word_length("山田太郎"), 4U);
  EXPECT_EQ(shortest_word_length("山田 太郎"), 2U);
  EXPECT_EQ(shortest_word_length("柳\u3000陈"), 1U);  // ideographic space
  EXPECT_EQ(shortest_word_length("山田・太"), 1U);    // katakana middle dot
  EXPECT_EQ(shortest_word_length("Kim Jong Un"), 2U);
  EXPECT_EQ(shortest_word_length("  "), 0U);
}

TEST(Hanja, LatinAndHangulWordsHaveNone) {
  for (const auto& word : fold_words("Kim 김정은 Ivanov")) EXPECT_EQ(word.hanja_key, "");
}

TEST(Kanji, NamesSpeltByTheirCharactersReadings) {
  EXPECT_EQ(split(U"山田太郎", {"yamada", "taro"}), (Groups{"山田", "太郎"}));  // voiced ta, rou
  EXPECT_EQ(split(U"田中花子", {"tanaka", "hanako"}), (Groups{"田中", "花子"}));
  EXPECT_EQ(split(U"加藤", {"katoh"}), (Groups{"加藤"}));    // long vowel with h
  EXPECT_EQ(split(U"加藤", {"kato"}), (Groups{"加藤"}));     // or short
  EXPECT_EQ(split(U"本間", {"homma"}), (Groups{"本間"}));    // n before m
  EXPECT_EQ(split(U"吉川", {"kikkawa"}), (Groups{"吉川"}));  // doubled consonant
  EXPECT_EQ(split(U"一丁", {"itcho"}), (Groups{"一丁"}));    // doubled ch
}

TEST(Kanji, EveryCharacterAndEveryWordMustBeSpelt) {
  EXPECT_TRUE(split(U"山田太郎", {"yamada", "jiro"}).empty());
  EXPECT_TRUE(split(U"山田太郎", {"yamada"}).empty());            // a character left over
  EXPECT_TRUE(split(U"山田", {"yamada", "taro"}).empty());        // a word left over
  EXPECT_TRUE(split(U"山田", {"yamadda"}).empty());               // no rule doubles a d here
  EXPECT_TRUE(split(U"田中花子", {"hanako", "tanaka"}).empty());  // order is the caller's
  // Voicing is for a later character of a word only: "da" does not begin one.
  EXPECT_TRUE(split(U"田中", {"danaka"}).empty());
  // "n" is "m" only before b, p or m.
  EXPECT_TRUE(split(U"本田", {"homda"}).empty());
}

TEST(Kanji, BoundsAndCharactersWithoutReadings) {
  EXPECT_TRUE(split(U"", {"yamada"}).empty());
  EXPECT_TRUE(split(U"山田", {}).empty());
  EXPECT_TRUE(split(U"山田太郎山田太郎山", {"yamadataroyamadataroyama"}).empty());  // 9 > 8
  EXPECT_TRUE(split(U"山x", {"yamax"}).empty());
  EXPECT_TRUE(japanese_spellings(U"山x", 100).empty());
  EXPECT_TRUE(japanese_spellings(U"", 100).empty());
}

TEST(Kanji, RetrievalSpellingsAgreeWithTheMatcher) {
  for (const std::u32string_view run : {U"山田", U"田中", U"本間", U"吉川", U"太郎", U"花子"}) {
    const auto spellings = japanese_spellings(run, 4096);
    ASSERT_FALSE(spellings.empty());
    for (const auto& spelling : spellings) EXPECT_EQ(split(run, {spelling}).size(), 1U) << spelling;
  }
  const auto yamada = japanese_spellings(U"山田", 4096);
  EXPECT_NE(std::find(yamada.begin(), yamada.end(), "yamada"), yamada.end());
  const auto homma = japanese_spellings(U"本間", 4096);
  EXPECT_NE(std::find(homma.begin(), homma.end(), "homma"), homma.end());
  const auto kikkawa = japanese_spellings(U"吉川", 4096);
  EXPECT_NE(std::find(kikkawa.begin(), kikkawa.end(), "kikkawa"), kikkawa.end());
  // Over the limit: nothing rather than an arbitrary part.
  EXPECT_TRUE(japanese_spellings(U"山田", 3).empty());
}

}  // namespace
}  // namespace echri::text
