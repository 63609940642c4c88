#include "text/normalize.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace echri::text {
namespace {

std::vector<std::string> texts(std::string_view name, NameKind kind = NameKind::organization) {
  std::vector<std::string> out;
  for (const auto& token : tokenize_name(name, kind)) out.push_back(token.text);
  return out;
}

std::vector<TokenKind> kinds(std::string_view name, NameKind kind) {
  std::vector<TokenKind> out;
  for (const auto& token : tokenize_name(name, kind)) out.push_back(token.kind);
  return out;
}

using Words = std::vector<std::string>;

TEST(FoldToLatin, AsciiIsLowerCasedAndKeepsPunctuation) {
  EXPECT_EQ(fold_to_latin("AL-QAIDA, Inc."), "al-qaida, inc.");
  EXPECT_EQ(fold_to_latin(""), "");
}

TEST(FoldToLatin, LatinDiacriticsFold) {
  EXPECT_EQ(fold_to_latin("Erdoğan Müller Øyvind Łukasz Simonyán"),
            "erdogan muller oyvind lukasz simonyan");
  EXPECT_EQ(fold_to_latin("Straße"), "strasse");
}

TEST(FoldToLatin, OtherScriptsBecomeLatin) {
  EXPECT_EQ(fold_to_latin("Владимир Путин"), "vladimir putin");  // Cyrillic, BGN/PCGN
  EXPECT_EQ(fold_to_latin("Шойгу"), "shoygu");
  EXPECT_EQ(fold_to_latin("习近平"), "xi jinping");                      // Han
  EXPECT_EQ(fold_to_latin("Αλέξανδρος"), "alexandros");                  // Greek
  EXPECT_EQ(fold_to_latin("ბიძინა ივანიშვილი"), "bidzina ivanishvili");  // Georgian
  EXPECT_EQ(fold_to_latin("Արամ"), "aram");                              // Armenian
  EXPECT_EQ(fold_to_latin("محمد علي"), "muhammad ali");                  // Arabic: echri's rules
  EXPECT_EQ(fold_to_latin("مسعود پزشکیان"), "masoud pezeshkian");        // Persian letters too
  EXPECT_EQ(fold_to_latin("משה"), "moshe");                              // Hebrew
  EXPECT_EQ(fold_to_latin("김정은"), "kim jongun");  // Hangul: surname, given name
  for (const char c : fold_to_latin("山田太郎 สมชาย Ромашка"))
    EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

TEST(FoldToLatin, InvalidUtf8IsReplacedNotFatal) {
  const std::string bad =
      std::string("Ab") + static_cast<char>(0xFF) + "cd" + static_cast<char>(0xC3);
  const std::string folded = fold_to_latin(bad);
  EXPECT_EQ(folded.substr(0, 2), "ab");
  EXPECT_NE(folded.find("cd"), std::string::npos);
  for (const char c : folded) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

TEST(TokenizeName, PunctuationAndSpacingVariants) {
  EXPECT_EQ(texts("Al-Qaida"), (Words{"al", "qaida"}));
  EXPECT_EQ(texts("Al Qaida"), (Words{"al", "qaida"}));
  EXPECT_EQ(texts("Alqaida"), (Words{"alqaida"}));
  EXPECT_EQ(texts("O'Brien", NameKind::person), (Words{"obrien"}));
  EXPECT_EQ(texts("S.C. Johnson & Son, Inc."), (Words{"sc", "johnson", "and", "son", "inc"}));
  EXPECT_EQ(texts("A. Nazarbayev", NameKind::person), (Words{"a", "nazarbayev"}));
}

TEST(TokenizeName, LegalFormsAcrossLanguages) {
  EXPECT_EQ(texts("Tactical Missiles Corporation Joint Stock Company"),
            (Words{"tactical", "missiles", "corp", "jsc"}));
  EXPECT_EQ(texts("JSC Tactical Missiles Corporation"),
            (Words{"jsc", "tactical", "missiles", "corp"}));
  EXPECT_EQ(texts("ООО Ромашка"), (Words{"llc", "romashka"}));
  EXPECT_EQ(texts("Romashka Limited Liability Company"), (Words{"romashka", "llc"}));
  EXPECT_EQ(texts("Muster GmbH"), texts("Muster Gesellschaft mit beschränkter Haftung"));
  EXPECT_EQ(texts("Faberlic Europe Sp. z o.o."), (Words{"faberlic", "europe", "spzoo"}));
  EXPECT_EQ(texts("Bowne de Mexico S.A. de C.V."), (Words{"bowne", "de", "mexico", "sadecv"}));
  EXPECT_EQ(texts("Acme Ltd"), texts("ACME LIMITED"));
  EXPECT_EQ(kinds("Acme Ltd", NameKind::organization),
            (std::vector<TokenKind>{TokenKind::word, TokenKind::legal_form}));
  // A legal form alone is a name, and persons have no legal forms.
  EXPECT_EQ(kinds("Limited", NameKind::organization), (std::vector<TokenKind>{TokenKind::word}));
  EXPECT_EQ(kinds("Sa Ao", NameKind::person),
            (std::vector<TokenKind>{TokenKind::word, TokenKind::word}));
}

TEST(TokenizeName, HonorificsDroppedButNeverTheWholeName) {
  EXPECT_EQ(texts("Mr. Recep Tayyip Erdoğan", NameKind::person),
            (Words{"recep", "tayyip", "erdogan"}));
  EXPECT_EQ(texts("Maulavi Abdul Kabir", NameKind::person), (Words{"abdul", "kabir"}));
  EXPECT_EQ(texts("Sheikh", NameKind::person), (Words{"sheikh"}));
  // Titles that are also ordinary words stay in organisation names.
  EXPECT_EQ(texts("General Dynamics", NameKind::organization), (Words{"general", "dynamics"}));
}

TEST(TokenizeName, ParticlesNumbersInitials) {
  const auto tokens = tokenize_name("Usama ibn Laden Unit 8200 J", NameKind::person);
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[1].text, "bin");  // ibn and bin are one particle
  EXPECT_EQ(tokens[1].kind, TokenKind::particle);
  EXPECT_EQ(tokens[4].kind, TokenKind::number);
  EXPECT_TRUE(tokens[4].phonetic.empty());
  EXPECT_EQ(tokens[5].kind, TokenKind::initial);
  EXPECT_EQ(kinds("Bank of Kunlun", NameKind::organization),
            (std::vector<TokenKind>{TokenKind::word, TokenKind::stopword, TokenKind::word}));
}

TEST(TokenizeName, EmptyAndSymbolOnlyInputs) {
  EXPECT_TRUE(tokenize_name("", NameKind::person).empty());
  EXPECT_TRUE(tokenize_name(" -- , ", NameKind::organization).empty());
}

TEST(PhoneticKey, TransliterationVariantsAgree) {
  const std::vector<std::vector<std::string>> groups = {
      {"mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad"},
      {"osama", "usama"},
      {"hussein", "husain", "hussain", "husayn"},
      {"yusuf", "yousef", "youssef", "yousuf"},
      {"ahmed", "ahmad"},
      {"khalid", "khaled"},
      {"qaida", "qaeda"},
      {"abdul", "abdel", "abdal"},
      {"sergey", "sergei"},
      {"aleksandr", "alexander"},
  };
  for (const auto& group : groups) {
    for (const auto& name : group)
      EXPECT_EQ(phonetic_key(name), phonetic_key(group.front())) << name << " vs " << group.front();
  }
}

TEST(ConsonantSkeleton, DropsEveryVowel) {
  EXPECT_EQ(consonant_skeleton("mohammed"), "mhmd");
  EXPECT_EQ(consonant_skeleton("omhammed"), "mhmd");
  EXPECT_EQ(consonant_skeleton("mhmd"), "mhmd");  // as Arabic script transliterates
  EXPECT_EQ(consonant_skeleton("shoigu"), "sg");
  EXPECT_EQ(consonant_skeleton("8200"), "");
  EXPECT_NE(consonant_skeleton("putin"), consonant_skeleton("petrov"));
}

TEST(PhoneticKey, DifferentNamesDiffer) {
  EXPECT_NE(phonetic_key("putin"), phonetic_key("petrov"));
  EXPECT_NE(phonetic_key("hassan"), phonetic_key("hussein"));
  EXPECT_NE(phonetic_key("ivan"), phonetic_key("ivanov"));
  EXPECT_EQ(phonetic_key("1234"), "");
  EXPECT_EQ(phonetic_key("j"), "j");
}

TEST(FoldToLatin, ConcurrentUseIsSafe) {
  const std::string expected = fold_to_latin("Дмитрий Медведев 习近平");
  std::atomic<int> wrong{0};
  {
    std::vector<std::jthread> threads;
    threads.reserve(4);
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i)
          if (fold_to_latin("Дмитрий Медведев 习近平") != expected) ++wrong;
      });
    }
  }
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace echri::text
