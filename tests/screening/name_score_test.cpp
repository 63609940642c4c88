#include "screening/name_score.hpp"

#include <gtest/gtest.h>

namespace echri::screening {
namespace {

double person(std::string_view a, std::string_view b) {
  return compare_names(a, b, core::EntityType::person).name.score;
}
double organization(std::string_view a, std::string_view b) {
  return compare_names(a, b, core::EntityType::organization).name.score;
}

TEST(NameScore, IdenticalNamesScoreOne) {
  EXPECT_DOUBLE_EQ(person("Vladimir Putin", "Vladimir Putin"), 1.0);
  EXPECT_DOUBLE_EQ(organization("Tactical Missiles Corporation", "TACTICAL MISSILES CORPORATION"),
                   1.0);
}

TEST(NameScore, IgnoresOrderAndPunctuation) {
  EXPECT_DOUBLE_EQ(person("PUTIN, Vladimir", "Vladimir Putin"), 1.0);
  EXPECT_GE(person("Alisher-Usmanov", "Alisher Usmanov"), 0.95);
  EXPECT_GE(organization("Al-Qaida", "Alqaida"), 0.9);
  EXPECT_GE(organization("Al Qaida", "Al-Qaida"), 0.95);
}

TEST(NameScore, ToleratesShortTypos) {
  EXPECT_GE(person("Olaf Scholze", "Olaf Scholz"), 0.85);
  EXPECT_GE(person("Anglea Merkel", "Angela Merkel"), 0.85);
  EXPECT_GE(person("Xi Jinpeng", "Xi Jinping"), 0.85);
}

TEST(NameScore, MatchesUnwrittenVowelsByConsonants) {
  // Consonants only, as a transcription of Arabic script without vowels writes them.
  const auto consonants = compare_names("Mhmd", "Mohammed", core::EntityType::person);
  ASSERT_EQ(consonants.name.pairs.size(), 1u);
  EXPECT_EQ(consonants.name.pairs[0].query, "mhmd");
  EXPECT_DOUBLE_EQ(consonants.name.pairs[0].similarity, 0.8);
  // Arabic script itself now romanises as the lists spell it (tests/screening/cross_script_test).
  const auto arabic = compare_names("محمد", "Mohammed", core::EntityType::person);
  ASSERT_EQ(arabic.name.pairs.size(), 1u);
  EXPECT_EQ(arabic.name.pairs[0].query, "muhammad");
  EXPECT_GE(person("Abu Omhammed al-Jawlani", "AL-JAWLANI, Abu Muhammad"), 0.8);
  const auto explained =
      compare_names("Omhammed Jawlani", "Muhammad Jawlani", core::EntityType::person);
  bool skeleton_pair = false;
  for (const auto& pair : explained.name.pairs)
    skeleton_pair =
        skeleton_pair || (pair.query == "omhammed" && pair.how == TokenMatchKind::phonetic);
  EXPECT_TRUE(skeleton_pair);
}

TEST(NameScore, ToleratesMissingMiddleNamesForPersons) {
  EXPECT_GE(person("Vladimir Vladimirovich Putin", "Vladimir Putin"), 0.85);
  EXPECT_GE(person("Mohammad Yaqoub Haqqani", "Mohammad Yaqoub"), 0.8);
}

TEST(NameScore, IsHardOnContradictingTokens) {
  EXPECT_LT(person("Ihab Makhlouf", "Rami Makhlouf"), 0.6);
  EXPECT_LT(person("Aaron A. Wendt", "Josh A. Wendt"), 0.6);
  EXPECT_LT(person("Hani al-Sayyid al-Masri Yusif", "Hani al-Sayyid al-Sebai Yusif"), 0.8);
  EXPECT_LT(organization("OJSC Tactical Kittens Corporation",
                         "Tactical Missiles Corporation Joint Stock Company"),
            0.6);
}

TEST(NameScore, FatherAndSonSwappedAreNotTheSamePerson) {
  EXPECT_LT(person("Ahmad bin Hasan al-Ubaidi", "Hasan bin Ahmad al-Ubaidi"), 0.8);
  const auto explained = compare_names("Salman bin Muhammad al-Rawi", "Muhammad bin Salman al-Rawi",
                                       core::EntityType::person);
  int swapped = 0;
  for (const auto& pair : explained.name.pairs)
    swapped += pair.how == TokenMatchKind::patronymic_swap ? 1 : 0;
  EXPECT_EQ(swapped, 2);
  // The same names in the same roles, and a name without "bin" to tell roles by, still match.
  EXPECT_DOUBLE_EQ(person("Hasan bin Ahmad al-Ubaidi", "al-Ubaidi, Hasan bin Ahmad"), 1.0);
  EXPECT_GE(person("Ahmad Hasan al-Ubaidi", "Hasan bin Ahmad al-Ubaidi"), 0.9);
}

TEST(NameScore, ARepeatIsFreeOnlyWhenNothingElseIsLeft) {
  EXPECT_GE(person("Sergey Sergey Shoigu", "Sergey Shoigu"), 0.95);
  EXPECT_LT(person("Abdullahi Mohamed Mohamed Caddow", "Abdullahi Osman Mohamed Caddow"), 0.8);
}

TEST(NameScore, NumbersMustAgree) {
  EXPECT_LT(organization("Unit 8200", "Unit 8201"), 0.6);
  EXPECT_DOUBLE_EQ(organization("Factory 17", "factory 17"), 1.0);
}

TEST(NameScore, OrganisationsNeedTheirDistinctiveWords) {
  // "Trading Company" says nothing about which company.
  EXPECT_LT(organization("International Trading Company", "Zenith International Trading Company"),
            0.8);
  EXPECT_GE(organization("JSC Tactical Missiles Corporation",
                         "Tactical Missiles Corporation Joint Stock Company"),
            0.95);
}

TEST(NameScore, InitialsAloneIdentifyNobody) {
  EXPECT_LT(person("A. B.", "A. B."), 0.6);
  EXPECT_LT(person("A. Nazarbayev", "Nursultan Nazarbayev"), 0.8);
  EXPECT_GE(person("J. Smithfield", "John Smithfield"), 0.85);
}

TEST(NameScore, ScoresAreBoundedAndSymmetricEnough) {
  for (const auto& [a, b] :
       std::vector<std::pair<std::string, std::string>>{{"Sergey Sergey Shoigu", "Sergey Shoigu"},
                                                        {"Osama bin Laden", "Usama ibn Laden"},
                                                        {"", "Nobody"},
                                                        {"!!!", "???"}}) {
    const double ab = person(a, b);
    const double ba = person(b, a);
    EXPECT_GE(ab, 0.0);
    EXPECT_LE(ab, 1.0);
    EXPECT_NEAR(ab, ba, 1e-9) << a << " | " << b;
  }
}

TEST(NameScore, ExplainsEveryToken) {
  const auto result =
      compare_names("Vladimir Vladimirovich Putin", "Putin Vladimir", core::EntityType::person);
  ASSERT_EQ(result.name.pairs.size(), 2u);
  EXPECT_EQ(result.name.unmatched_query, std::vector<std::string>{"vladimirovich"});
  EXPECT_TRUE(result.name.unmatched_candidate.empty());
  for (const auto& pair : result.name.pairs) {
    EXPECT_EQ(pair.query, pair.candidate);
    EXPECT_EQ(pair.how, TokenMatchKind::exact);
    EXPECT_DOUBLE_EQ(pair.similarity, 1.0);
  }
  const auto joined = compare_names("Alqaida", "Al Qaida", core::EntityType::organization);
  ASSERT_EQ(joined.name.pairs.size(), 1u);
  EXPECT_EQ(joined.name.pairs[0].how, TokenMatchKind::joined);
  EXPECT_EQ(joined.name.pairs[0].candidate, "al qaida");
}

TEST(NameScore, GuessesTheSchemaFromLegalForms) {
  EXPECT_EQ(compare_names("Acme LLC", "Acme", std::nullopt).schema, NameSchema::organization);
  EXPECT_EQ(compare_names("John Acme", "Acme", std::nullopt).schema, NameSchema::person);
}

}  // namespace
}  // namespace echri::screening
