#pragma once
// Unicode normalisation of names: every script folded to lower-case ASCII Latin, then split into
// classified tokens that the matcher compares. Pure functions; safe to call from many threads.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace echri::text {

// The script a word was written in, for the scripts with rules of their own.
enum class Script : std::uint8_t { latin, arabic, hebrew, hangul, han, cyrillic, thai, other };

// NFKC, case folding, transliteration of non-Latin scripts to Latin, diacritics removed, result
// in ASCII. Arabic and Persian, Hebrew and Hangul follow echri's own rules, which give the
// spellings the lists use ("محمد" -> "muhammad", "김정은" -> "kim jong un"); Han is pinyin from
// Unihan's Mandarin readings (as ICU's, without loading ICU's Han rules); Cyrillic goes through
// BGN/PCGN and every other script (Greek, Georgian, Armenian, kana, Thai) through ICU. Punctuation
// is kept (tokenize_name decides what it means). Pure-ASCII input takes a fast path that does not
// touch ICU. Invalid UTF-8 bytes are replaced, never fatal.
std::string fold_to_latin(std::string_view utf8);

// One whitespace-separated word of a name, folded, with what the matcher needs to know about the
// script it came from.
struct FoldedWord {
  std::string latin;  // as fold_to_latin gives it
  Script script = Script::latin;
  std::u32string native;  // the word in its own script, normalised; empty for Latin
  std::string alternate;  // a second reading ("Хасан": "hasan" beside BGN's "khasan"), or ""
  // Han and Hangul: the word's syllable keys joined by '.', Chinese (chinese_reading) or Korean
  // (korean_syllable_key): "정은" -> "con.on"; else "".
  std::string syllable_key;
  // Han only, when the name is written as one word as Korean names in Hanja are: the characters'
  // Korean readings keyed the same way ("金正恩" -> "kim" and "con.un"); "" when a character has
  // none.
  std::string hanja_key;
};
std::vector<FoldedWord> fold_words(std::string_view utf8);

// The number of characters in the shortest word of a name, its words separated as fold_words
// separates them (spaces of every kind, "·", "・"); 0 when it has none.
std::size_t shortest_word_length(std::string_view utf8);

enum class TokenKind {
  word,        // an ordinary name token
  initial,     // a single letter ("J" in "J. Smith")
  number,      // digits, kept: "Unit 8200", "Factory 17"
  legal_form,  // canonical legal form: "llc", "ltd", "jsc", "gmbh", "sa", "co", "inc", "plc"...
  particle,    // name particles and joiners: al, el, bin, ibn, ben, abu, de, van, von, der, la...
  stopword,    // function words in organisation names: of, the, and, for, und, et...
};

struct Token {
  std::string text;  // folded token, [a-z0-9]+
  TokenKind kind = TokenKind::word;
  std::string phonetic;           // phonetic_key(text); empty for numbers
  std::string skeleton;           // consonant_skeleton(text); empty for numbers
  Script script = Script::latin;  // the script of the word the token came from
  // The token in its own script (one Han or Hangul character, or one word of an alphabet), when
  // it is not Latin and maps to exactly one token; names in the same script compare these.
  std::u32string native;
  std::string alternate;    // a second Latin reading, or ""
  std::string korean;       // korean_syllable_key(text, script), or ""
  std::string chinese;      // chinese_reading(text).key, or ""
  bool wade_giles = false;  // chinese_reading(text).wade_giles
};

enum class NameKind { person, organization, any };

// Splits a name into tokens after fold_to_latin:
// - hyphens, slashes, commas and other punctuation separate tokens ("Al-Qaida" -> al qaida);
//   apostrophes and periods join ("O'Brien" -> obrien, "S.A." -> sa, "J.P." -> jp);
// - honorifics and titles are dropped (mr, mrs, ms, dr, prof, sir, gen, col, sheikh, haji,
//   mullah, maulavi...) for NameKind::person and any;
// - legal forms are canonicalised across languages, multi-word ones included ("limited" -> ltd,
//   "ООО"/"OOO"/"limited liability company" -> llc, "joint stock company"/"AO"/"OAO"/"ZAO"/
//   "PJSC" -> jsc, "Gesellschaft mit beschränkter Haftung" -> gmbh, "S.A." -> sa,
//   "company" -> co, "corporation" -> corp, "incorporated" -> inc, "sp. z o.o." -> spzoo);
//   not for NameKind::person;
// - digits stay tokens of kind number.
// Token order is the input order. An input with no letters or digits yields no tokens.
std::vector<Token> tokenize_name(std::string_view utf8, NameKind kind);

// A consonant-skeleton key for one folded token that is equal for common transliteration
// variants: mohammed/muhammad/mohamed/mohammad, osama/usama, hussein/husain/hussain,
// yusuf/yousef/youssef, ahmed/ahmad, khalid/khaled, qaida/qaeda, abdul/abdel.
std::string phonetic_key(std::string_view folded_token);

// The token's consonants only, with the same letter merges as phonetic_key and no vowel at all:
// scripts that do not write short vowels (Arabic, Persian, Hebrew) transliterate to exactly this
// ("mhmd"), and it also survives a vowel slip next to a transposition ("omhammed" ~ "muhammad").
std::string consonant_skeleton(std::string_view folded_token);

// A key for one romanised Korean syllable that is equal across Revised Romanisation,
// McCune-Reischauer, the spellings South Koreans use for their names and the Russian
// (Kontsevich) spellings read through BGN/PCGN: "jong", "jeong", "chong", "jung" -> "con"; "un",
// "eun" -> "un"; "park", "pak", "bak" -> "pak"; "lee", "ri", "yi" -> "li". Empty when the token
// is not one Korean syllable. `script` is where the token came from (Cyrillic reads "y" as the
// vowel ы and "e" after a hushing consonant as ё).
std::string korean_syllable_key(std::string_view folded_token, Script script);

// A folded token read as Chinese syllables in pinyin or Wade-Giles: a key equal across the two
// systems ("hsi" and "xi" -> "Xi"; "chinping" and "jinping" -> "Jin.ping"; "tsetung" and
// "zedong" -> "Ze.tong"), and whether the spelling is Wade-Giles only (not valid pinyin). Empty
// key when the token is not Chinese syllables.
struct ChineseReading {
  std::string key;
  bool wade_giles = false;
};
ChineseReading chinese_reading(std::string_view folded_token);

// A name in kanji read the Japanese way. `han` is the name in Han characters ("山田太郎"),
// `latin` its romanised tokens in the order to read them ("yamada", "taro"). They agree when the
// tokens spell every character in turn, each token a run of whole characters, by the characters'
// kun and on readings (Unihan), allowing for what compounds and romanised names do to them:
// - a later character's first consonant voiced ("ta" -> "da" in Yamada, "hara" -> "bara");
// - a long vowel written short or with h ("rou" -> "ro" in Taro, "tou" -> "toh" in Katoh);
// - a final "tsu", "ku", "ki" or "chi" dropped before a doubled consonant ("Hattori", "Kikkawa");
// - "n" written "m" before b, p or m ("Homma").
// Gives each token's characters in UTF-8 ("山田", "太郎"), or nothing when they do not agree.
// At most 8 characters and 4 tokens are considered.
std::vector<std::string> japanese_reading_split(std::u32string_view han,
                                                const std::vector<std::string_view>& latin);

// Every way the same rules spell a run of Han characters as one romanised word ("山田" ->
// "yamada", "yamata", "sanden"...), for retrieval: each agrees with the run by
// japanese_reading_split. Empty when a character has no Japanese reading or the run has more than
// `limit` spellings.
std::vector<std::string> japanese_spellings(std::u32string_view run, std::size_t limit);

}  // namespace echri::text
