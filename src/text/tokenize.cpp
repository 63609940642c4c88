#include <algorithm>
#include <array>
#include <span>

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
    "abou", "abu", "al",    "ben", "bin", "bint", "bn",  "da",  "das",
    "de",   "del", "della", "den", "der", "di",   "dos", "du",  "el",
    "ibn",  "la",  "le",    "ter", "ud",  "ul",   "van", "von", "zu",
};

// Spelling variants of the same particle, written one way so that "bin" meets "ibn".
constexpr std::pair<std::string_view, std::string_view> kParticleVariants[] = {
    {"ibn", "bin"}, {"bn", "bin"}, {"ben", "bin"}, {"abou", "abu"}, {"el", "al"}};

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

// Splits folded text into raw tokens: letters and digits build a token; apostrophes, periods and
// backticks join ("o'brien", "s.a."); "&" is the word "and"; everything else separates.
std::vector<std::string> raw_tokens(std::string_view folded) {
  std::vector<std::string> tokens;
  std::string current;
  const auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (const char ch : folded) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      current.push_back(ch);
    } else if (ch == '\'' || ch == '.' || ch == '`') {
      // joins
    } else if (ch == '&') {
      flush();
      tokens.emplace_back("and");
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

// The longest legal-form phrase starting at `start`, as (canonical, length).
std::pair<std::string_view, std::size_t> legal_form_at(const std::vector<std::string>& tokens,
                                                       std::size_t start) {
  for (const auto& form : kLegalForms) {
    std::size_t length = 0;
    while (length < form.words.size() && !form.words[length].empty()) ++length;
    if (start + length > tokens.size()) continue;
    bool matches = true;
    for (std::size_t k = 0; k < length && matches; ++k)
      matches = tokens[start + k] == form.words[k];
    if (matches) return {form.canonical, length};
  }
  return {{}, 0};
}

}  // namespace

std::vector<Token> tokenize_name(std::string_view utf8, NameKind kind) {
  const std::vector<std::string> raw = raw_tokens(fold_to_latin(utf8));
  std::vector<Token> tokens;
  tokens.reserve(raw.size());
  const auto add = [&](std::string text, TokenKind token_kind) {
    Token token;
    if (token_kind != TokenKind::number) {
      token.phonetic = phonetic_key(text);
      token.skeleton = consonant_skeleton(text);
    }
    token.text = std::move(text);
    token.kind = token_kind;
    tokens.push_back(std::move(token));
  };
  for (std::size_t i = 0; i < raw.size();) {
    const std::string& word = raw[i];
    if (kind != NameKind::person) {
      // A legal form is only one when something else names the organisation.
      if (const auto [canonical, length] = legal_form_at(raw, i);
          length > 0 && raw.size() > length) {
        std::size_t space = canonical.find(' ');
        if (space == std::string_view::npos) {
          add(std::string(canonical), TokenKind::legal_form);
        } else {  // "co ltd" stays two forms
          add(std::string(canonical.substr(0, space)), TokenKind::legal_form);
          add(std::string(canonical.substr(space + 1)), TokenKind::legal_form);
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
      add(word, TokenKind::number);
    } else if (word.size() == 1) {
      add(word, TokenKind::initial);
    } else if (one_of(kParticles, word)) {
      std::string canonical = word;
      for (const auto& [variant, common] : kParticleVariants)
        if (word == variant) canonical = std::string(common);
      add(std::move(canonical), TokenKind::particle);
    } else if (kind != NameKind::person && one_of(kStopwords, word)) {
      add(word, TokenKind::stopword);
    } else {
      add(word, TokenKind::word);
    }
    ++i;
  }
  return tokens;
}

}  // namespace echri::text
