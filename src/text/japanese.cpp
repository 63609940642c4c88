// Kanji names against their romanisation, by the characters' Japanese readings. One set of
// spelling rules (spellings_of and the two joins) serves both the matcher, which follows a
// given word, and the generator, which lists a run's spellings for retrieval.

#include <unicode/unistr.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "text/internal/han_readings.hpp"
#include "text/normalize.hpp"

namespace echri::text {
namespace {

constexpr std::size_t kMaxCharacters = 8;
constexpr std::size_t kMaxTokens = 4;

// A character's first consonant voiced in a compound (rendaku), and the p after n or a doubled
// consonant (handakuon): the spellings a later character's reading may take.
struct Voicing {
  std::string_view plain;
  std::string_view voiced;
};
constexpr std::array<Voicing, 10> kVoicings = {{
    {"k", "g"},
    {"sh", "j"},
    {"s", "z"},
    {"ch", "j"},
    {"ts", "z"},
    {"t", "d"},
    {"h", "b"},
    {"h", "p"},
    {"f", "b"},
    {"f", "p"},
}};

// Final kana that a compound drops before doubling the next consonant ("hatsu" + "tori").
constexpr std::array<std::string_view, 4> kGeminatingEndings = {"tsu", "chi", "ku", "ki"};

bool is_consonant(char c) {
  return c >= 'b' && c <= 'z' && c != 'e' && c != 'i' && c != 'o' && c != 'u';
}

bool is_labial(char c) {
  return c == 'b' || c == 'p' || c == 'm';
}

// The spellings of one reading inside a word: as written, with its long vowel written short or
// with h, and, when it is not the word's first character, with its first consonant voiced.
std::vector<std::string> spellings_of(std::string_view reading, bool later_in_word) {
  std::vector<std::string> heads{std::string(reading)};
  if (later_in_word) {
    for (const auto& voicing : kVoicings) {
      if (reading.starts_with(voicing.plain))
        heads.push_back(std::string(voicing.voiced) +
                        std::string(reading.substr(voicing.plain.size())));
    }
  }
  std::vector<std::string> out;
  for (auto& head : heads) {
    if (head.ends_with("ou") || head.ends_with("uu") || head.ends_with("oo")) {
      std::string short_vowel = head.substr(0, head.size() - 1);
      out.push_back(short_vowel + "h");
      out.push_back(std::move(short_vowel));
    }
    out.push_back(std::move(head));
  }
  return out;
}

// How a spelling may end before the next character's: "n" written "m" before a labial, or a
// final kana dropped before a doubled consonant ("hatsu" -> "hat" in "hattori"). Empty when the
// rule does not apply.
std::string labial_form(const std::string& spelling) {
  return spelling.ends_with('n') ? spelling.substr(0, spelling.size() - 1) + "m" : std::string();
}
std::string geminating_stem(const std::string& spelling) {
  for (const std::string_view ending : kGeminatingEndings) {
    if (spelling.ends_with(ending) && spelling.size() > ending.size())
      return spelling.substr(0, spelling.size() - ending.size());
  }
  return {};
}
// The consonant that doubles before `next` ("tch" is how Hepburn doubles "ch"), or 0.
char doubled_consonant(std::string_view next) {
  if (next.empty() || !is_consonant(next.front())) return 0;
  return next.starts_with("ch") ? 't' : next.front();
}

// Every form `spelling` takes before `next` (the next character's spelling): as it is, and by
// the two joins above.
template <class Use>
bool for_each_join(const std::string& spelling, std::string_view next, Use&& use) {
  if (use(spelling)) return true;
  if (next.empty()) return false;
  if (const std::string m = labial_form(spelling); !m.empty() && is_labial(next.front()) && use(m))
    return true;
  const char doubled = doubled_consonant(next);
  if (std::string stem = geminating_stem(spelling); doubled != 0 && !stem.empty()) {
    stem.push_back(doubled);
    if (use(stem)) return true;
  }
  return false;
}

template <class Visit>
void for_each_reading(char32_t character, Visit&& visit) {
  const std::string_view readings = internal::japanese_readings(character);
  for (std::size_t start = 0; start < readings.size();) {
    std::size_t end = readings.find(' ', start);
    if (end == std::string_view::npos) end = readings.size();
    if (visit(readings.substr(start, end - start))) return;
    start = end + 1;
  }
}

class ReadingMatcher {
 public:
  ReadingMatcher(std::u32string_view han, const std::vector<std::string_view>& latin)
      : han_(han), latin_(latin), counts_(latin.size(), 0) {}

  bool match() { return match_from(0, 0, 0); }
  const std::vector<std::size_t>& counts() const { return counts_; }

 private:
  // Characters from `character` on spell tokens from `token` on, starting at `position` in it.
  bool match_from(std::size_t character, std::size_t token, std::size_t position) {
    if (token == latin_.size()) return character == han_.size();
    if (character == han_.size()) return false;
    const std::string_view word = latin_[token];
    const std::string_view rest = word.substr(position);
    bool found = false;
    for_each_reading(han_[character], [&](std::string_view reading) {
      for (const auto& spelling : spellings_of(reading, position > 0)) {
        const auto go_on = [&](std::size_t consumed) {
          ++counts_[token];
          const std::size_t next = position + consumed;
          const bool done = next == word.size() ? match_from(character + 1, token + 1, 0)
                                                : match_from(character + 1, token, next);
          if (!done) --counts_[token];
          return done;
        };
        // The joins need the next character's spelling; the rest of the word after each form
        // stands in for it, and the next step checks that a reading spells it.
        found = rest.starts_with(spelling) && go_on(spelling.size());
        if (!found) {
          const std::string m = labial_form(spelling);
          found = !m.empty() && rest.starts_with(m) && m.size() < rest.size() &&
                  is_labial(rest[m.size()]) && go_on(m.size());
        }
        if (!found) {
          std::string stem = geminating_stem(spelling);
          if (!stem.empty() && rest.starts_with(stem) && stem.size() + 1 < rest.size()) {
            const char doubled = doubled_consonant(rest.substr(stem.size() + 1));
            found = doubled != 0 && rest[stem.size()] == doubled && go_on(stem.size() + 1);
          }
        }
        if (found) return true;
      }
      return false;
    });
    return found;
  }

  std::u32string_view han_;
  const std::vector<std::string_view>& latin_;
  std::vector<std::size_t> counts_;
};

std::string to_utf8(std::u32string_view run) {
  std::string utf8;
  icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(run.data()),
                                static_cast<std::int32_t>(run.size()))
      .toUTF8String(utf8);
  return utf8;
}

}  // namespace

std::vector<std::string> japanese_reading_split(std::u32string_view han,
                                                const std::vector<std::string_view>& latin) {
  if (han.empty() || latin.empty() || han.size() > kMaxCharacters || latin.size() > kMaxTokens ||
      latin.size() > han.size())
    return {};
  ReadingMatcher matcher(han, latin);
  if (!matcher.match()) return {};
  std::vector<std::string> groups;
  std::size_t start = 0;
  for (const std::size_t count : matcher.counts()) {
    groups.push_back(to_utf8(han.substr(start, count)));
    start += count;
  }
  return groups;
}

std::vector<std::string> japanese_spellings(std::u32string_view run, std::size_t limit) {
  if (run.empty() || run.size() > kMaxCharacters) return {};
  // Words so far, each with its last character's spelling kept apart until the next one shows
  // how the two join.
  struct Partial {
    std::string before;
    std::string last;
  };
  std::vector<Partial> partials{{}};
  for (std::size_t k = 0; k < run.size(); ++k) {
    std::vector<Partial> extended;
    bool any_reading = false;
    for_each_reading(run[k], [&](std::string_view reading) {
      any_reading = true;
      for (auto& spelling : spellings_of(reading, k > 0)) {
        for (const auto& partial : partials) {
          if (k == 0) {
            extended.push_back({std::string(), spelling});
          } else {
            for_each_join(partial.last, spelling, [&](const std::string& form) {
              extended.push_back({partial.before + form, spelling});
              return false;
            });
          }
          if (extended.size() > limit) return true;
        }
      }
      return false;
    });
    if (!any_reading || extended.size() > limit) return {};
    partials = std::move(extended);
  }
  std::vector<std::string> out;
  out.reserve(partials.size());
  for (auto& partial : partials) out.push_back(partial.before + partial.last);
  return out;
}

}  // namespace echri::text
