#include "text/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "text/internal/han_readings.hpp"
#include "text/internal/scripts.hpp"

namespace echri::text {
namespace {

// Cyrillic goes through BGN/PCGN first: lists romanise Russian names that way ("Shoygu",
// "Arkadiy"), while Any-Latin would give ISO 9 letters ("Šojgu"). Modifier letters and
// combining marks left by other scripts are removed rather than kept.
constexpr const char* kFoldTransform =
    "NFKC; Russian-Latin/BGN; Any-Latin; Latin-ASCII; [:Lm:] Remove; [:Mn:] Remove; Lower";

// Transliterators are costly to create and keep internal state while transliterating, so each
// thread has its own.
// Null only when ICU's data is missing (a broken install): non-ASCII text then separates tokens.
icu::Transliterator* transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> created(
        icu::Transliterator::createInstance(kFoldTransform, UTRANS_FORWARD, status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return instance.get();
}

bool is_ascii(std::string_view text) {
  for (const char ch : text)
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  return true;
}

void append_lower_ascii(std::string& out, std::string_view text) {
  for (const char ch : text)
    out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
}

// UTF-8 to code points; an invalid sequence becomes U+FFFD.
std::u32string decode_utf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    std::size_t length = 0;
    char32_t code = 0;
    if (byte < 0x80) {
      length = 1;
      code = byte;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code = byte & 0x07;
    }
    bool valid = length > 0 && i + length <= utf8.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(utf8[i + k]);
      valid = (continuation & 0xC0) == 0x80;
      code = (code << 6) | (continuation & 0x3F);
    }
    if (!valid) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(code);
    i += length;
  }
  return out;
}

// NFKC and lower case, so that native-script comparison sees one form of each letter.
std::u32string nfkc_lower(std::u32string_view word) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF32(
      reinterpret_cast<const UChar32*>(word.data()), static_cast<int32_t>(word.size()));
  UErrorCode status = U_ZERO_ERROR;
  if (const auto* nfkc = icu::Normalizer2::getNFKCInstance(status); U_SUCCESS(status))
    text = nfkc->normalize(text, status);
  text.toLower();
  std::u32string out(static_cast<std::size_t>(text.countChar32()), U'\0');
  status = U_ZERO_ERROR;
  text.toUTF32(reinterpret_cast<UChar32*>(out.data()), static_cast<int32_t>(out.size()), status);
  return out;
}

// The ICU transform, then anything still not ASCII (a script ICU cannot romanise) as a space.
std::string icu_fold(std::u32string_view word) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF32(
      reinterpret_cast<const UChar32*>(word.data()), static_cast<int32_t>(word.size()));
  if (auto* transform = transliterator(); transform != nullptr) transform->transliterate(text);
  std::string folded;
  text.toUTF8String(folded);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const auto byte = static_cast<unsigned char>(folded[i]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte + 32) : folded[i]);
    } else if ((byte & 0xC0) != 0x80) {
      out.push_back(' ');
    }
  }
  return out;
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x00A0 || c == 0x3000 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F;
}

// A name's words: separated by spaces of every kind and by the middle dots that join the parts of
// transcribed names ("·", "・").
std::vector<std::u32string_view> split_words(std::u32string_view text) {
  std::vector<std::u32string_view> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !is_space(text[i]) && text[i] != U'\u00B7' && text[i] != U'\u30FB')
      continue;
    if (i > start) words.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return words;
}

FoldedWord fold_word(std::u32string_view word) {
  FoldedWord out;
  bool ascii = true;
  for (const char32_t c : word) ascii = ascii && c < 0x80;
  if (ascii) {
    out.latin.reserve(word.size());
    for (const char32_t c : word)
      out.latin.push_back(c >= U'A' && c <= U'Z' ? static_cast<char>(c + 32)
                                                 : static_cast<char>(c));
    return out;
  }
  out.script = internal::script_of_word(word);
  switch (out.script) {
    case Script::arabic: {
      // NFKC first: lists hold Arabic presentation forms (U+FE70...) as well as letters.
      const std::u32string letters = nfkc_lower(word);
      out.latin = internal::romanize_arabic(letters);
      out.native = internal::normalize_arabic(letters);
      break;
    }
    case Script::hebrew:
      out.native = nfkc_lower(word);
      out.latin = internal::romanize_hebrew(out.native);
      break;
    case Script::hangul:
    case Script::han:
      // Handled by fold_syllabic_word: a word of syllables is one token.
      out.latin = icu_fold(word);
      out.native = nfkc_lower(word);
      break;
    case Script::cyrillic:
      out.latin = icu_fold(word);
      out.native = nfkc_lower(word);
      out.alternate = internal::foreign_cyrillic_reading(out.native);
      break;
    case Script::latin:
      out.latin = icu_fold(word);
      break;
    case Script::thai:
    case Script::other:
      out.latin = icu_fold(word);
      out.native = nfkc_lower(word);
      break;
  }
  return out;
}

bool is_hangul_syllable(char32_t c) {
  return c >= 0xAC00 && c <= 0xD7A3;
}

// Korean surnames (the commonest hundred or so) and Chinese ones (simplified and traditional):
// a name written as one word of two to four syllables opens with one.
constexpr std::u32string_view kKoreanSurnames =
    U"김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원"
    U"천"
    U"방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부리";
constexpr std::u32string_view kChineseSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    U"吕丁任"
    U"沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    U"戴莫孔"
    U"向汤习陳張劉楊黃趙吳許鄭謝羅蕭馮鄧葉蘇呂盧鍾譚陸賈鄒龍陶賀顧龔錢湯溫温";

// A Han word read as Korean Hanja: each character's Korean syllable, keyed as a Hangul one
// ("金正恩" -> "kim.con.un"); "" when a character has no Korean reading.
std::string hanja_key(std::u32string_view characters) {
  std::string key;
  for (const char32_t c : characters) {
    const char32_t hangul = internal::hanja_reading(c);
    if (hangul == 0) return {};
    const std::string syllable = internal::romanize_hangul(std::u32string_view(&hangul, 1)).front();
    std::string syllable_key = korean_syllable_key(syllable, Script::hangul);
    if (syllable_key.empty()) syllable_key = syllable;
    if (!key.empty()) key.push_back('.');
    key += syllable_key;
  }
  return key;
}

// A Hangul or Han word: its syllables written together as one token ("정은" -> "jongun"), the
// way lists join or hyphenate a given name; a whole name written as one word ("김정은", "习近平")
// is split after its surname. Each part keeps its characters for same-script comparison and its
// syllable keys for other romanisations.
void fold_syllabic_word(std::u32string_view word, bool whole_name, std::vector<FoldedWord>& out) {
  const Script script = internal::script_of_word(word);
  std::vector<std::string> syllables;
  std::vector<char32_t> characters;
  std::u32string other;
  for (const char32_t c : word) {
    if (script == Script::hangul ? is_hangul_syllable(c) : internal::script_of(c) == Script::han) {
      characters.push_back(c);
      if (script == Script::hangul) {
        syllables.push_back(internal::romanize_hangul(std::u32string_view(&c, 1)).front());
      } else {
        // Unihan's reading is ICU's (they differ on one of the 20,902 unified ideographs) without
        // loading ICU's Han rules, which cost a process over 100 ms the first time.
        std::string syllable(internal::mandarin_reading(c));
        if (syllable.empty()) {
          for (const char ch : icu_fold(std::u32string_view(&c, 1)))
            if (ch >= 'a' && ch <= 'z') syllable.push_back(ch);
        }
        syllables.push_back(std::move(syllable));
      }
    } else {
      other.push_back(c);
    }
  }
  if (!other.empty() || characters.empty()) {  // mixed with other letters: ICU as usual
    FoldedWord folded;
    folded.script = script;
    folded.latin = icu_fold(word);
    out.push_back(std::move(folded));
    return;
  }
  const std::u32string_view surnames =
      script == Script::hangul ? kKoreanSurnames : kChineseSurnames;
  std::size_t split = 0;
  if (whole_name && characters.size() >= 2 && characters.size() <= 4 &&
      surnames.find(characters.front()) != std::u32string_view::npos)
    split = 1;
  const auto emit = [&](std::size_t from, std::size_t to) {
    if (from >= to) return;
    FoldedWord folded;
    folded.script = script;
    for (std::size_t k = from; k < to; ++k) {
      folded.native.push_back(characters[k]);
      folded.latin += syllables[k];
      // The surname 이/리 read as "ri" is Lee in the South: keyed as such by the syllable rules.
      std::string key = script == Script::hangul ? korean_syllable_key(syllables[k], script)
                                                 : chinese_reading(syllables[k]).key;
      if (key.empty()) key = syllables[k];
      if (!folded.syllable_key.empty()) folded.syllable_key.push_back('.');
      folded.syllable_key += key;
    }
    // Korean names in Hanja are written as one word ("金正恩"); Han characters written apart
    // ("英 畅 宋") are read as Chinese only.
    if (script == Script::han && whole_name) folded.hanja_key = hanja_key(folded.native);
    out.push_back(std::move(folded));
  };
  emit(0, split);
  emit(split, characters.size());
}

}  // namespace

std::size_t shortest_word_length(std::string_view utf8) {
  const std::u32string text = decode_utf8(utf8);
  std::size_t shortest = 0;
  for (const auto word : split_words(text))
    if (shortest == 0 || word.size() < shortest) shortest = word.size();
  return shortest;
}

std::vector<FoldedWord> fold_words(std::string_view utf8) {
  std::vector<FoldedWord> words;
  if (is_ascii(utf8)) {
    FoldedWord word;
    append_lower_ascii(word.latin, utf8);
    words.push_back(std::move(word));
    return words;
  }
  const std::u32string text = decode_utf8(utf8);
  const auto parts = split_words(text);
  for (const auto part : parts) {
    const Script script = internal::script_of_word(part);
    if (script == Script::hangul || script == Script::han)
      fold_syllabic_word(part, parts.size() == 1, words);
    else
      words.push_back(fold_word(part));
  }
  return words;
}

std::string fold_to_latin(std::string_view utf8) {
  std::string out;
  if (is_ascii(utf8)) {
    out.reserve(utf8.size());
    append_lower_ascii(out, utf8);
    return out;
  }
  for (const auto& word : fold_words(utf8)) {
    if (!out.empty()) out.push_back(' ');
    out += word.latin;
  }
  return out;
}

}  // namespace echri::text
