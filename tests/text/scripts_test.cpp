// The script and spelling rules of text/: Arabic and Persian, Hebrew, Hangul and Han romanised as
// the lists spell names; Korean and Chinese syllable keys across romanisations; Latin spelling
// conventions (Abd al-, ezafe, -eh), organisation abbreviations, number words and digits written
// for letters. Fictional names unless a real one is the point of the rule.

#include <gtest/gtest.h>

#include "text/normalize.hpp"

namespace echri::text {
namespace {

using Words = std::vector<std::string>;

Words texts(std::string_view name, NameKind kind) {
  Words out;
  for (const auto& token : tokenize_name(name, kind)) out.push_back(token.text);
  return out;
}

TEST(ArabicScript, LexiconArticleAndLetterRules) {
  EXPECT_EQ(fold_to_latin("بشار الأسد"), "bashar al asad");
  EXPECT_EQ(fold_to_latin("حسن نصر الله"), "hasan nasr allah");
  EXPECT_EQ(fold_to_latin("نصرالله"), "nasr allah");
  // Short vowels are not written: long ones are kept, the first short one guessed as "a".
  EXPECT_EQ(fold_to_latin("كنان"), "kanan");
  // Persian and Urdu letters, and the same word with Persian yeh and kaf.
  EXPECT_EQ(fold_to_latin("علی"), fold_to_latin("علي"));
  EXPECT_EQ(fold_to_latin("حسین موسوی"), "hussein mousavi");
}

TEST(ArabicScript, AbdCompoundsWhateverTheSpelling) {
  EXPECT_EQ(texts("عبدالعزيز", NameKind::person), (Words{"abd", "al", "aziz"}));
  EXPECT_EQ(texts("عبد العزيز", NameKind::person), (Words{"abd", "al", "aziz"}));
  EXPECT_EQ(texts("Abd al-Aziz", NameKind::person), (Words{"abd", "al", "aziz"}));
  EXPECT_EQ(texts("Abd el Aziz", NameKind::person), (Words{"abd", "al", "aziz"}));
  EXPECT_EQ(texts("Abdul Aziz", NameKind::person), (Words{"abdul", "aziz"}));
  EXPECT_EQ(texts("Abdelaziz", NameKind::person), (Words{"abdul", "aziz"}));
  for (const char* name : {"Abdullah", "Abdallah", "Abd Allah", "Abd-ullah", "عبدالله"})
    EXPECT_EQ(texts(name, NameKind::person), Words{"abdullah"}) << name;
  // Lists write persons "LAST, FIRST": read in speaking order.
  EXPECT_EQ(texts("AL-QADULI, Hidayat Allah", NameKind::person),
            (Words{"hidayat", "allah", "al", "qaduli"}));
}

TEST(PersianLatin, EzafeAndSilentH) {
  EXPECT_EQ(texts("Bank-e Melli", NameKind::organization), (Words{"bank", "melli"}));
  EXPECT_EQ(texts("Jaish-e-Mohammed", NameKind::organization), (Words{"jaish", "mohammed"}));
  EXPECT_EQ(phonetic_key("zadeh"), phonetic_key("zade"));
  EXPECT_EQ(phonetic_key("zadeh"), phonetic_key("zadih"));
  EXPECT_EQ(phonetic_key("nasrallah"), phonetic_key("nasralla"));
  EXPECT_EQ(consonant_skeleton("fatemeh"), consonant_skeleton("fateme"));
}

TEST(HebrewScript, LexiconAndLetterRules) {
  EXPECT_EQ(fold_to_latin("דוד"), "david");
  EXPECT_EQ(fold_to_latin("משה כהן"), "moshe cohen");
  EXPECT_EQ(fold_to_latin("ברגמן"), "bargmn");  // letter rules: only the first vowel guessed
}

TEST(Hangul, SyllablesOfAWordAreOneTokenAndTheSurnameSplits) {
  EXPECT_EQ(texts("김정은", NameKind::person), (Words{"kim", "jongun"}));
  EXPECT_EQ(texts("박지성", NameKind::person), (Words{"pak", "jisong"}));
  // Written in parts, no surname is split off.
  EXPECT_EQ(texts("정은 김", NameKind::person), (Words{"jongun", "kim"}));
  const auto tokens = tokenize_name("김정은", NameKind::person);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].script, Script::hangul);
  EXPECT_EQ(tokens[1].native, U"정은");
  EXPECT_EQ(tokens[1].korean, "con.un");
}

TEST(KoreanSyllableKey, EqualAcrossRomanisations) {
  const std::vector<std::vector<std::string>> groups = {
      {"jong", "jeong", "chong", "jung", "chung"},
      {"un", "eun"},
      {"pak", "park", "bak"},
      {"ri", "lee", "yi", "li"},
      {"song", "sung", "seong"},
      {"choe", "choi"},
      {"kim", "gim"},
  };
  for (const auto& group : groups) {
    const std::string key = korean_syllable_key(group.front(), Script::latin);
    EXPECT_FALSE(key.empty()) << group.front();
    for (const auto& spelling : group)
      EXPECT_EQ(korean_syllable_key(spelling, Script::latin), key) << spelling;
  }
  // Cyrillic read through BGN/PCGN: Ким Чен Ын.
  EXPECT_EQ(korean_syllable_key("chen", Script::cyrillic),
            korean_syllable_key("jong", Script::latin));
  EXPECT_EQ(korean_syllable_key("yn", Script::cyrillic), korean_syllable_key("un", Script::latin));
  EXPECT_TRUE(korean_syllable_key("smith", Script::latin).empty());
  EXPECT_NE(korean_syllable_key("kim", Script::latin), korean_syllable_key("kang", Script::latin));
}

TEST(ChineseReading, WadeGilesMeetsPinyin) {
  EXPECT_EQ(chinese_reading("hsi").key, chinese_reading("xi").key);
  EXPECT_TRUE(chinese_reading("hsi").wade_giles);
  EXPECT_FALSE(chinese_reading("xi").wade_giles);
  EXPECT_EQ(chinese_reading("chinping").key, chinese_reading("jinping").key);
  EXPECT_EQ(chinese_reading("tse").key, chinese_reading("ze").key);
  EXPECT_EQ(chinese_reading("tung").key, chinese_reading("dong").key);
  EXPECT_TRUE(chinese_reading("smith").key.empty());
  EXPECT_EQ(texts("习近平", NameKind::person), (Words{"xi", "jinping"}));
}

TEST(CyrillicForNonSlavicNames, SecondReading) {
  const auto tokens = tokenize_name("Хасан", NameKind::person);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].text, "khasan");  // BGN/PCGN, as lists write Russian names
  EXPECT_EQ(tokens[0].alternate, "hasan");
  EXPECT_EQ(tokens[0].script, Script::cyrillic);
}

TEST(OrganisationWords, AbbreviationsNumberWordsAndLegalFormTypos) {
  EXPECT_EQ(texts("Fictitia Intl Tradg Corp", NameKind::organization),
            texts("Fictitia International Trading Corporation", NameKind::organization));
  EXPECT_EQ(texts("Fictitia Mfg Assn", NameKind::organization),
            (Words{"fictitia", "manufacturing", "association"}));
  EXPECT_EQ(texts("Fictitia Govt Dept", NameKind::organization),
            (Words{"fictitia", "government", "department"}));
  EXPECT_EQ(texts("Fictitia Fdn", NameKind::organization), (Words{"fictitia", "foundation"}));
  EXPECT_EQ(texts("Brigade Forty-Four", NameKind::organization), (Words{"brigade", "44"}));
  EXPECT_EQ(texts("Brigade Forty 4", NameKind::organization), (Words{"brigade", "44"}));
  EXPECT_EQ(texts("1st Fictitia Bank", NameKind::organization),
            texts("First Fictitia Bank", NameKind::organization));
  EXPECT_EQ(texts("Siemens Aktiengeselschaft", NameKind::organization), (Words{"siemens", "ag"}));
  EXPECT_EQ(texts("Fictitia Joynt Stock Company", NameKind::organization),
            (Words{"fictitia", "jsc"}));
  // Persons keep their words: "Fdn" could be anything.
  EXPECT_EQ(texts("John First", NameKind::person), (Words{"john", "first"}));
}

TEST(Evasion, DigitsForLetters) {
  EXPECT_EQ(texts("Ig0r Sech1n", NameKind::person), (Words{"igor", "sechin"}));
  EXPECT_EQ(texts("I9or", NameKind::person), (Words{"igor"}));
  // Digits at the edge of a word, and numbers, are not letters.
  EXPECT_EQ(texts("3M B52 Unit 8200", NameKind::organization),
            (Words{"3m", "b52", "unit", "8200"}));
}

TEST(Evasion, SpacedLettersAndNamesRunTogether) {
  EXPECT_EQ(texts("P u t i n", NameKind::person), (Words{"putin"}));
  EXPECT_EQ(texts("J R Smith", NameKind::person), (Words{"j", "r", "smith"}));  // initials stay
  EXPECT_EQ(texts("FictitiousSurveillanceSystems LLC", NameKind::organization),
            (Words{"fictitious", "surveillance", "systems", "llc"}));
  EXPECT_EQ(texts("McDonald", NameKind::person), (Words{"mcdonald"}));
}

TEST(Vessels, TypePrefixIsALegalFormNotAName) {
  const auto tokens = tokenize_name("M/T Fictitia Star", NameKind::organization);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].kind, TokenKind::legal_form);
  EXPECT_EQ(texts("MT Fictitia", NameKind::organization),
            texts("MV Fictitia", NameKind::organization));
  EXPECT_EQ(texts("MT", NameKind::organization), (Words{"mt"}));  // never the whole name
}

TEST(UnromanisedScripts, WordsStillMeetTheirOwnScript) {
  const auto tokens = tokenize_name("ហ៊ុន", NameKind::person);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].script, Script::other);
  EXPECT_FALSE(tokens[0].native.empty());
}

}  // namespace
}  // namespace echri::text
