#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>

#include "text/normalize.hpp"

namespace echri::text {
namespace {

struct LegalForm {
  std::array<std::string_view, 5> words;  // a phrase of up to five folded tokens
  std::string_view canonical;
};

// Legal forms across languages, as they come out of fold_to_latin and the joining of dotted
// abbreviations ("S.A." -> "sa", "Sp. z o.o." -> "sp z oo"). Longer phrases are tried first.
constexpr LegalForm kLegalForms[] = {
    {{"open", "joint", "stock", "company"}, "jsc"},
    {{"closed", "joint", "stock", "company"}, "jsc"},
    {{"public", "joint", "stock", "company"}, "jsc"},
    {{"private", "joint", "stock", "company"}, "jsc"},
    {{"gesellschaft", "mit", "beschrankter", "haftung"}, "gmbh"},
    {{"limited", "liability", "company"}, "llc"},
    {{"limited", "liability", "partnership"}, "llp"},
    {{"joint", "stock", "company"}, "jsc"},
    {{"public", "limited", "company"}, "plc"},
    {{"private", "limited", "company"}, "ltd"},
    {{"sa", "de", "cv"}, "sadecv"},
    {{"s", "de", "rl"}, "srl"},
    {{"societatea", "cu", "raspundere", "limitata"}, "srl"},
    {{"sp", "z", "oo"}, "spzoo"},
    {{"kabushiki", "kaisha"}, "kk"},
    {{"societe", "anonyme"}, "sa"},
    {{"sociedad", "anonima"}, "sa"},
    {{"societa", "per", "azioni"}, "spa"},
    {{"private", "limited"}, "ltd"},
    {{"pvt", "ltd"}, "ltd"},
    {{"pte", "ltd"}, "ltd"},
    {{"pty", "ltd"}, "ltd"},
    {{"co", "ltd"}, "co ltd"},
    {{"aktiengesellschaft"}, "ag"},
    {{"limited"}, "ltd"},
    {{"ltd"}, "ltd"},
    {{"llc"}, "llc"},
    {{"ooo"}, "llc"},
    {{"tov"}, "llc"},
    {{"too"}, "llc"},
    {{"jsc"}, "jsc"},
    {{"ojsc"}, "jsc"},
    {{"cjsc"}, "jsc"},
    {{"pjsc"}, "jsc"},
    {{"oao"}, "jsc"},
    {{"zao"}, "jsc"},
    {{"pao"}, "jsc"},
    {{"ao"}, "jsc"},
    {{"pat"}, "jsc"},
    {{"prat"}, "jsc"},
    {{"gmbh"}, "gmbh"},
    {{"ag"}, "ag"},
    {{"sa"}, "sa"},
    {{"sas"}, "sas"},
    {{"sarl"}, "sarl"},
    {{"spa"}, "spa"},
    {{"srl"}, "srl"},
    {{"bv"}, "bv"},
    {{"nv"}, "nv"},
    {{"plc"}, "plc"},
    {{"inc"}, "inc"},
    {{"incorporated"}, "inc"},
    {{"corp"}, "corp"},
    {{"corporation"}, "corp"},
    {{"co"}, "co"},
    {{"company"}, "co"},
    {{"llp"}, "llp"},
    {{"lp"}, "lp"},
    {{"fze"}, "fze"},
    {{"fzco"}, "fzco"},
    {{"fzc"}, "fzco"},
    {{"fzllc"}, "llc"},
    {{"kft"}, "kft"},
    {{"doo"}, "doo"},
    {{"oy"}, "oy"},
    {{"ab"}, "ab"},
    {{"as"}, "as"},
    {{"aps"}, "aps"},
    {{"sl"}, "sl"},
    {{"kk"}, "kk"},
    {{"pvt"}, "ltd"},
    {{"pte"}, "ltd"},
    {{"pty"}, "ltd"},
};

// Titles and honorifics: dropped from names, never the only token.
constexpr std::string_view kHonorifics[] = {
    "admiral", "alhaji", "ayatollah", "brig",    "capt",   "col",     "colonel", "dame",
    "dr",      "frau",   "gen",       "haji",    "hajji",  "hafiz",   "herr",    "lady",
    "lord",    "lt",     "madam",     "maulavi", "maulvi", "mawlawi", "miss",    "mme",
    "molvi",   "mr",     "mrs",       "ms",      "mulla",  "mullah",  "prof",    "qari",
    "shaikh",  "shaykh", "sheikh",    "sir",     "sr",     "sra",
};
// Titles that are also surnames or words of organisation names: dropped only for persons.
constexpr std::string_view kPersonOnlyHonorifics[] = {"general", "imam", "major"};

constexpr std::string_view kParticles[] = {
    "abou", "abu",   "al",  "ben", "bin", "bint", "bn", "da",   "das",   "de",
    "del",  "della", "den", "der", "di",  "dos",  "du", "el",   "ibn",   "la",
    "le",   "ter",   "ud",  "ul",  "van", "von",  "zu", "ould", "walad", "wuld",
};

// Spelling variants of the same particle, written one way so that "bin" meets "ibn".
constexpr std::pair<std::string_view, std::string_view> kParticleVariants[] = {
    {"ibn", "bin"}, {"bn", "bin"}, {"ben", "bin"},   {"abou", "abu"},   {"el", "al"},
    {"ul", "al"},   {"ud", "al"},  {"ould", "ould"}, {"walad", "ould"}, {"wuld", "ould"}};

constexpr std::string_view kStopwords[] = {"and", "et", "for", "fur", "in",
                                           "of",  "on", "the", "und"};

template <std::size_t N>
bool one_of(const std::string_view (&words)[N], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

bool all_digits(std::string_view token) {
  return !token.empty() &&
         std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Abbreviations of organisation words, written out so that "Intl Tradg Corp" meets
// "International Trading Corporation".
constexpr std::pair<std::string_view, std::string_view> kAbbreviations[] = {
    {"assn", "association"},
    {"assoc", "association"},
    {"bros", "brothers"},
    {"ctr", "center"},
    {"dept", "department"},
    {"engg", "engineering"},
    {"fdn", "foundation"},
    {"found", "foundation"},
    {"govt", "government"},
    {"grp", "group"},
    {"hldg", "holding"},
    {"hldgs", "holdings"},
    {"inds", "industries"},
    {"indus", "industries"},
    {"inst", "institute"},
    {"intl", "international"},
    {"internat", "international"},
    {"mfg", "manufacturing"},
    {"mfrs", "manufacturers"},
    {"mgmt", "management"},
    {"natl", "national"},
    {"svcs", "services"},
    {"svc", "service"},
    {"tradg", "trading"},
    {"trdg", "trading"},
    {"univ", "university"},
    {"eng", "engineering"},
};

// Number words, in organisation names: "Brigade Forty-Four" is "Brigade 44", "First
// International Bank" is "1st International Bank".
constexpr std::pair<std::string_view, int> kNumberWords[] = {
    {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},
    {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},
    {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
    {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
    {"thirty", 30},  {"forty", 40},     {"fourty", 40},   {"fifty", 50},    {"sixty", 60},
    {"seventy", 70}, {"eighty", 80},    {"ninety", 90},   {"first", 1},     {"second", 2},
    {"third", 3},    {"fourth", 4},     {"fifth", 5},     {"sixth", 6},     {"seventh", 7},
    {"eighth", 8},   {"ninth", 9},      {"tenth", 10},
};

std::optional<int> number_word(std::string_view word) {
  for (const auto& [text, value] : kNumberWords)
    if (text == word) return value;
  return std::nullopt;
}

// "1st", "2nd", "3rd", "44th" -> the number.
std::optional<std::string> ordinal_number(std::string_view token) {
  std::size_t digits = 0;
  while (digits < token.size() && token[digits] >= '0' && token[digits] <= '9') ++digits;
  if (digits == 0 || digits + 2 != token.size()) return std::nullopt;
  const std::string_view suffix = token.substr(digits);
  if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return std::nullopt;
  return std::string(token.substr(0, digits));
}

// Digits written for letters inside a word ("Ig0r Sech1n", "I9or"): an evasion pattern. Only
// digits with a letter on both sides are read as letters, so "3M", "B52" and "2007" stay.
std::string letters_for_digits(std::string token) {
  bool letters = false;
  for (const char c : token) letters = letters || (c >= 'a' && c <= 'z');
  if (!letters) return token;
  for (std::size_t i = 1; i + 1 < token.size(); ++i) {
    const char c = token[i];
    if (c < '0' || c > '9') continue;
    const auto letter = [](char x) { return (x >= 'a' && x <= 'z'); };
    std::size_t end = i;
    while (end < token.size() && token[end] >= '0' && token[end] <= '9') ++end;
    if (!letter(token[i - 1]) || end >= token.size() || !letter(token[end])) {
      i = end;
      continue;
    }
    for (std::size_t k = i; k < end; ++k) {
      switch (token[k]) {
        case '0':
          token[k] = 'o';
          break;
        case '1':
          token[k] = 'i';
          break;
        case '3':
          token[k] = 'e';
          break;
        case '4':
          token[k] = 'a';
          break;
        case '5':
          token[k] = 's';
          break;
        case '7':
          token[k] = 't';
          break;
        case '8':
          token[k] = 'b';
          break;
        case '9':
          token[k] = 'g';
          break;
        default:
          break;
      }
    }
    i = end;
  }
  return token;
}

// Levenshtein distance of short ASCII words, for legal forms written with a typo.
int small_edit_distance(std::string_view a, std::string_view b) {
  if (a.size() > 40 || b.size() > 40) return 99;
  std::array<int, 41> row{};
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A word of a legal-form phrase, allowing one typo in words of 5+ letters of a phrase and in
// single-word forms of 7+ letters (two from 12: "Aktiengeselschaft").
bool legal_word_matches(std::string_view token, std::string_view form_word, bool phrase) {
  if (token.empty() || token.front() != form_word.front()) return false;
  if (token == form_word) return true;
  const std::size_t length = form_word.size();
  int allowed = 0;
  if (phrase ? length >= 5 : length >= 7) allowed = 1;
  if (!phrase && length >= 12) allowed = 2;
  if (allowed == 0 || token.size() + 2 < length || token.size() > length + 2) return false;
  if (token.front() != form_word.front()) return false;
  return small_edit_distance(token, form_word) <= allowed;
}

struct RawToken {
  std::string text;
  Script script = Script::latin;
  std::u32string native;
  std::string alternate;
  std::string syllable_key;
  std::string hanja_key;
  bool after_hyphen = false;  // written straight after a hyphen ("Bank-e")
};

// Splits one folded word into raw tokens: letters and digits build a token; apostrophes, periods
// and backticks join ("o'brien", "s.a."); "&" is the word "and"; everything else separates.
void split_word(const FoldedWord& word, std::vector<RawToken>& tokens) {
  const std::size_t first = tokens.size();
  RawToken current;
  current.script = word.script;
  bool hyphen = false;
  const auto flush = [&] {
    if (!current.text.empty()) {
      current.after_hyphen = hyphen;
      tokens.push_back(current);
    }
    current.text.clear();
    hyphen = false;
  };
  for (const char ch : word.latin) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      current.text.push_back(ch);
    } else if (ch == '\'' || ch == '.' || ch == '`') {
      // joins
    } else if (ch == '&') {
      flush();
      RawToken conjunction;
      conjunction.text = "and";
      tokens.push_back(conjunction);
    } else {
      const bool was_hyphen = ch == '-' && !current.text.empty();
      flush();
      hyphen = was_hyphen;
    }
  }
  flush();
  // What the matcher knows of the word in its own script: the whole word when it made one
  // token, one character per token when a Han or Hangul word made one token per character.
  std::size_t made = tokens.size() - first;
  if (made == 0 && !word.native.empty() && word.script == Script::other) {
    // A script ICU cannot romanise (Khmer): the word stands for itself, spelt out as code points,
    // so that names in that script still meet each other.
    RawToken spelt;
    spelt.script = word.script;
    static constexpr char kHex[] = "0123456789abcdef";
    for (const char32_t c : word.native) {
      spelt.text.push_back('x');
      for (int shift = 16; shift >= 0; shift -= 4) spelt.text.push_back(kHex[(c >> shift) & 0xF]);
    }
    tokens.push_back(std::move(spelt));
    made = 1;
  }
  if (word.native.empty() || made == 0) return;
  if (made == 1) {
    tokens[first].native = word.native;
    tokens[first].syllable_key = word.syllable_key;
    tokens[first].hanja_key = word.hanja_key;
    if (!word.alternate.empty() && word.alternate != tokens[first].text)
      tokens[first].alternate = word.alternate;
  }
}

// The longest legal-form phrase starting at `start`, as (canonical, length).
std::pair<std::string_view, std::size_t> legal_form_at(const std::vector<RawToken>& tokens,
                                                       std::size_t start) {
  for (const auto& form : kLegalForms) {
    std::size_t length = 0;
    while (length < form.words.size() && !form.words[length].empty()) ++length;
    if (start + length > tokens.size()) continue;
    bool matches = true;
    for (std::size_t k = 0; k < length && matches; ++k)
      matches = legal_word_matches(tokens[start + k].text, form.words[k], length > 1);
    if (matches) return {form.canonical, length};
  }
  return {{}, 0};
}

// Arabic name conventions written one way whatever the romanisation: "Abdelaziz", "Abdulaziz"
// -> "abdul aziz" (which the scorer meets with "Abd al-Aziz": abd + al ~ abdul); "Abd Allah",
// "Abdallah", "Abd-ullah" -> "abdullah". Ezafe ("Bank-e Melli", "Jaish-e-Mohammed") is dropped.
void join_arabic_compounds(std::vector<RawToken>& raw) {
  std::vector<RawToken> out;
  out.reserve(raw.size() + 2);
  const auto is_allah = [](std::string_view t) {
    return t == "allah" || t == "ullah" || t == "ollah" || t == "illah" || t == "alla" ||
           t == "ulla" || t == "lah" || t == "la";
  };
  const auto abd_prefix = [](std::string_view t) -> std::size_t {
    for (const std::string_view prefix : {"abdoul", "abdul", "abdel", "abdal", "abdol"})
      if (t.starts_with(prefix)) return prefix.size();
    return 0;
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    RawToken token = std::move(raw[i]);  // raw[i] is not read again
    const std::string t = token.text;
    const std::size_t prefix = t == "abd" ? 3 : abd_prefix(t);
    if (prefix > 0) {
      const std::string_view rest = std::string_view(t).substr(prefix);
      const bool separate_allah = rest.empty() && i + 1 < raw.size() && is_allah(raw[i + 1].text);
      if (separate_allah || (!rest.empty() && is_allah(rest)) || t == "abdallah" ||
          t == "abdalla") {
        token.text = "abdullah";
        token.native.clear();
        out.push_back(std::move(token));
        if (separate_allah) ++i;
        continue;
      }
      if (t != "abd" && rest.size() >= 3) {
        token.text = "abdul";
        token.native.clear();
        out.push_back(token);
        token.text = std::string(rest);
        token.after_hyphen = false;
        out.push_back(std::move(token));
        continue;
      }
      if (t != "abd") token.text = "abdul";
    }
    if ((t == "e" || t == "ye") && token.after_hyphen && i + 1 < raw.size()) continue;
    out.push_back(std::move(token));
  }
  raw = std::move(out);
}

// "LAST, FIRST" as the lists write persons: read as "FIRST LAST", so that rules that look at
// order (compounds such as "Abd al-Rahman") see the name as it is said.
std::string comma_rotated(std::string_view name) {
  const std::size_t comma = name.find(',');
  if (comma == std::string_view::npos || name.find(',', comma + 1) != std::string_view::npos)
    return std::string(name);
  std::string rotated(name.substr(comma + 1));
  rotated += ' ';
  rotated += name.substr(0, comma);
  return rotated;
}

// Number words and ordinals as numbers, in organisation names.
void numbers_from_words(std::vector<RawToken>& raw) {
  std::vector<RawToken> out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    RawToken token = std::move(raw[i]);  // raw[i] is not read again
    if (auto ordinal = ordinal_number(token.text)) {
      token.text = *ordinal;
      out.push_back(std::move(token));
      continue;
    }
    const auto value = number_word(token.text);
    if (!value) {
      out.push_back(std::move(token));
      continue;
    }
    int number = *value;
    // "forty four", "forty-four", "forty 4"
    if (number >= 20 && number % 10 == 0 && i + 1 < raw.size()) {
      const std::string& next = raw[i + 1].text;
      std::optional<int> unit = number_word(next);
      if (!unit && next.size() == 1 && next[0] >= '1' && next[0] <= '9') unit = next[0] - '0';
      if (unit && *unit >= 1 && *unit <= 9) {
        number += *unit;
        ++i;
      }
    }
    token.text = std::to_string(number);
    out.push_back(std::move(token));
  }
  raw = std::move(out);
}

// Names run together with capitals ("FictitiousSurveillanceSystems"): split where a capital
// follows a small letter, in words that have at least two such places (so "McDonald" and
// "DeLuca" stay whole; the scorer meets them written apart anyway).
std::string split_run_together(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 8);
  std::size_t word_start = 0;
  const auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != ' ') continue;
    const std::string_view word = name.substr(word_start, i - word_start);
    int boundaries = 0;
    for (std::size_t k = 1; k < word.size(); ++k)
      boundaries += is_lower(word[k - 1]) && is_upper(word[k]) ? 1 : 0;
    for (std::size_t k = 0; k < word.size(); ++k) {
      if (boundaries >= 2 && k > 0 && is_lower(word[k - 1]) && is_upper(word[k]))
        out.push_back(' ');
      out.push_back(word[k]);
    }
    if (i < name.size()) out.push_back(' ');
    word_start = i + 1;
  }
  return out;
}

// Letters spaced out ("P u t i n"): four or more single letters in a row are one word.
void join_spaced_letters(std::vector<RawToken>& raw) {
  std::vector<RawToken> out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    std::size_t end = i;
    while (end < raw.size() && raw[end].text.size() == 1 && raw[end].text[0] >= 'a' &&
           raw[end].text[0] <= 'z' && raw[end].script == Script::latin)
      ++end;
    if (end - i >= 4) {
      RawToken joined = std::move(raw[i]);
      for (std::size_t k = i + 1; k < end; ++k) joined.text += raw[k].text;
      out.push_back(std::move(joined));
      i = end;
      continue;
    }
    out.push_back(std::move(raw[i]));
    ++i;
  }
  raw = std::move(out);
}

// A vessel's type written before its name ("MT Artavil", "M/T Artavil", "MV", "M/V", "SS"):
// the number of raw tokens it takes at the start, 0 when none.
std::size_t vessel_prefix_length(const std::vector<RawToken>& raw) {
  if (raw.size() >= 3 && raw[0].text == "m" &&
      (raw[1].text == "t" || raw[1].text == "v" || raw[1].text == "s"))
    return 2;
  if (raw.size() >= 2 &&
      (raw[0].text == "mt" || raw[0].text == "mv" || raw[0].text == "ss" || raw[0].text == "fv"))
    return 1;
  return 0;
}

}  // namespace

std::vector<Token> tokenize_name(std::string_view utf8, NameKind kind) {
  std::vector<RawToken> raw;
  const std::string rotated =
      split_run_together(kind == NameKind::person ? comma_rotated(utf8) : std::string(utf8));
  for (const auto& word : fold_words(rotated)) split_word(word, raw);
  for (auto& token : raw) token.text = letters_for_digits(std::move(token.text));
  join_spaced_letters(raw);
  join_arabic_compounds(raw);
  if (kind != NameKind::person) {
    for (auto& token : raw) {
      for (const auto& [abbreviation, word] : kAbbreviations)
        if (token.text == abbreviation && raw.size() > 1) token.text = std::string(word);
    }
    numbers_from_words(raw);
  }

  std::vector<Token> tokens;
  tokens.reserve(raw.size());
  const auto add = [&](std::string text, TokenKind token_kind, const RawToken* source) {
    Token token;
    if (token_kind != TokenKind::number) {
      token.phonetic = phonetic_key(text);
      token.skeleton = consonant_skeleton(text);
    }
    if (source != nullptr) {
      token.script = source->script;
      token.native = source->native;
      token.alternate = source->alternate;
      if (token_kind == TokenKind::word || token_kind == TokenKind::initial) {
        if (source->script == Script::hangul) {
          token.korean = source->syllable_key;
        } else if (source->script == Script::han) {
          token.chinese = source->syllable_key;
          token.korean = source->hanja_key;
        } else {
          token.korean = korean_syllable_key(text, source->script);
          auto chinese = chinese_reading(text);
          token.chinese = std::move(chinese.key);
          token.wade_giles = chinese.wade_giles;
        }
      }
    }
    token.text = std::move(text);
    token.kind = token_kind;
    tokens.push_back(std::move(token));
  };
  std::size_t start = 0;
  if (kind != NameKind::person) {
    if (const std::size_t prefix = vessel_prefix_length(raw); prefix > 0) {
      add("mv", TokenKind::legal_form, nullptr);
      start = prefix;
    }
  }
  for (std::size_t i = start; i < raw.size();) {
    const std::string& word = raw[i].text;
    if (kind != NameKind::person) {
      // A legal form is only one when something else names the organisation.
      if (const auto [canonical, length] = legal_form_at(raw, i);
          length > 0 && raw.size() > length) {
        std::size_t space = canonical.find(' ');
        if (space == std::string_view::npos) {
          add(std::string(canonical), TokenKind::legal_form, nullptr);
        } else {  // "co ltd" stays two forms
          add(std::string(canonical.substr(0, space)), TokenKind::legal_form, nullptr);
          add(std::string(canonical.substr(space + 1)), TokenKind::legal_form, nullptr);
        }
        i += length;
        continue;
      }
    }
    if (kind != NameKind::organization && raw.size() > 1 &&
        (one_of(kHonorifics, word) ||
         (kind == NameKind::person && one_of(kPersonOnlyHonorifics, word)))) {
      ++i;
      continue;
    }
    if (all_digits(word)) {
      add(word, TokenKind::number, &raw[i]);
    } else if (word.size() == 1) {
      add(word, TokenKind::initial, &raw[i]);
    } else if (one_of(kParticles, word)) {
      std::string canonical = word;
      for (const auto& [variant, common] : kParticleVariants)
        if (word == variant) canonical = std::string(common);
      add(std::move(canonical), TokenKind::particle, &raw[i]);
    } else if (kind != NameKind::person && one_of(kStopwords, word)) {
      add(word, TokenKind::stopword, &raw[i]);
    } else {
      add(word, TokenKind::word, &raw[i]);
    }
    ++i;
  }
  return tokens;
}

}  // namespace echri::text
