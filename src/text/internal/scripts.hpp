#pragma once
// Romanisation rules for scripts whose ICU transliteration does not give the spellings that
// restricted-party lists use: Arabic and Persian (ICU writes consonants only, "mhmd"), Hebrew
// (likewise) and Hangul (ICU gives Revised Romanisation run together, "gimjeong-eun"; lists
// write North Korean names as "Kim Jong Un"). Private to text/.

#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.hpp"

namespace echri::text::internal {

// The script a code point belongs to, for the scripts that have their own rules.
Script script_of(char32_t c);

// The script of a word: that of its first letter with a script of its own, else latin.
Script script_of_word(std::u32string_view word);

// Arabic-script letters written one way: hamza forms of alif as alif, Persian yeh and kaf as
// Arabic, alif maqsura as yeh, teh marbuta as heh; short-vowel marks, tatweel and joiners removed.
// What same-script comparison compares.
std::u32string normalize_arabic(std::u32string_view word);

// One Arabic-script word (Arabic, Persian, Urdu, Pashto) as list spellings write it: a lexicon of
// common name words ("محمد" -> "muhammad", "عبدالله" -> "abd allah", "نصرالله" -> "nasr allah"),
// the article as "al" ("الأسد" -> "al asad"), and letter rules for the rest, which write long
// vowels and guess the first short one ("بشار" -> "bashar"). Words separated by spaces.
std::string romanize_arabic(std::u32string_view word);

// One Hebrew word: a lexicon of common names ("משה" -> "moshe"), letter rules for the rest.
std::string romanize_hebrew(std::u32string_view word);

// Hangul syllables, one romanised syllable each, as North Korean names are written on the lists
// (McCune-Reischauer without diacritics): "김정은" -> {"kim", "jong", "un"}. Other characters
// (a jamo on its own) give empty strings.
std::vector<std::string> romanize_hangul(std::u32string_view word);

// A Cyrillic-script word's reading for names that are not Slavic (Arabic, Korean,
// Latin-American names as Russian sources write them): "х" as h, not kh; "дж" as j; "ы" as u;
// "е" after a hushing consonant as o (the unwritten dots of "ё": "Чен" -> "chon").
std::string foreign_cyrillic_reading(std::u32string_view word);

}  // namespace echri::text::internal
