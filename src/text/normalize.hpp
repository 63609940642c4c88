#pragma once
// Unicode normalisation of names: every script folded to lower-case ASCII Latin, then split into
// classified tokens that the matcher compares. Pure functions; safe to call from many threads.

#include <string>
#include <string_view>
#include <vector>

namespace echri::text {

// NFKC, case folding, ICU transliteration of non-Latin scripts (Cyrillic, Arabic, Persian, Han,
// Greek, Hebrew, Hangul, Georgian, Armenian, ...) to Latin, diacritics removed, result in ASCII.
// Punctuation is kept (tokenize_name decides what it means). Pure-ASCII input takes a fast path
// that does not touch ICU. Invalid UTF-8 bytes are replaced, never fatal.
std::string fold_to_latin(std::string_view utf8);

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
  std::string phonetic;  // phonetic_key(text); empty for numbers
  std::string skeleton;  // consonant_skeleton(text); empty for numbers
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

}  // namespace echri::text
