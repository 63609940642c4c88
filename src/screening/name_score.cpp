#include "screening/name_score.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>

#include "screening/edit_distance.hpp"

namespace echri::screening {
namespace {

// Below this a token pair is not the same name part.
constexpr double kMinTokenSimilarity = 0.6;
// A joined pair ("al qaida" ~ "alqaida") must be nearly identical.
constexpr double kMinJoinSimilarity = 0.85;
constexpr double kJoinedChineseSimilarity = 0.85;
constexpr double kAbdAlSimilarity = 0.95;
constexpr double kInitialSimilarity = 0.9;
constexpr double kPhoneticSimilarity = 0.9;
// Equal consonant skeletons (kMinSkeletonLength or longer): the vowels differ or are not
// written at all.
constexpr double kSkeletonSimilarity = 0.8;
// One Korean syllable in two romanisations ("jong" ~ "jeong").
constexpr double kKoreanSyllableSimilarity = 0.85;
// Chinese syllables in Wade-Giles and pinyin ("hsi" ~ "xi").
constexpr double kChineseSyllableSimilarity = 0.85;
// A name in kanji whose Japanese readings spell the romanised name ("山田太郎" ~ "Yamada Taro").
constexpr double kJapaneseReadingSimilarity = 0.9;
// Longer names in kanji are not read in Japanese (text::japanese_reading_split's bound).
constexpr std::size_t kMaxKanji = 8;
// Cost, per unit of weight, of a content token left over on one side only (kMissingPersonCost
// for persons)...
constexpr double kMissingOrganizationCost = 0.5;
// ...of content tokens left over on both sides (they contradict each other)...
constexpr double kContradictionCost = 1.5;
// ...and of a left-over legal form or stop word, which rarely tells two names apart.
constexpr double kFormalityCost = 0.5;
// When only initials, particles, legal forms or stop words matched, the names share nothing
// that identifies anyone.
constexpr double kNoContentFactor = 0.5;
// Share of their similarity that pairs lose when father and son names are swapped.
constexpr double kSwappedRoleDiscount = 0.5;
// Tokens beyond this count are ignored; used-token sets are 64-bit masks.
constexpr std::size_t kMaxTokens = 64;

constexpr std::uint8_t kNone = 0xFF;

struct Edge {
  double similarity;
  double weight;  // mean of both sides' weights
  std::uint8_t query_first;
  std::uint8_t query_second;  // kNone unless two query tokens joined
  std::uint8_t candidate_first;
  std::uint8_t candidate_second;
  TokenMatchKind how;
};

bool is_content(text::TokenKind kind) {
  return kind == text::TokenKind::word || kind == text::TokenKind::number ||
         kind == text::TokenKind::initial || kind == text::TokenKind::particle;
}

bool is_strong_content(text::TokenKind kind) {
  return kind == text::TokenKind::word || kind == text::TokenKind::number;
}

bool is_patronymic_particle(const NameToken& token) {
  return token.kind == text::TokenKind::particle && (token.text == "bin" || token.text == "bint");
}

bool has_patronymic(const std::vector<NameToken>& tokens, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k)
    if (is_patronymic_particle(tokens[k])) return true;
  return false;
}

// Whether the token names a father: it follows "bin" or "bint".
bool follows_patronymic(const std::vector<NameToken>& tokens, std::size_t index) {
  return index > 0 && is_patronymic_particle(tokens[index - 1]);
}

int allowed_edits(std::size_t longest) {
  if (longest <= 2) return 0;
  if (longest <= 5) return 1;
  if (longest <= 8) return 2;
  return 3;
}

// Similarity of `joined` (one token) to the concatenation of `first` and `second`.
double join_similarity(std::string_view joined, std::string_view first, std::string_view second) {
  const std::size_t total = first.size() + second.size();
  if (joined.size() < 4 || total > 63) return 0;
  std::array<char, 64> buffer{};
  std::copy(first.begin(), first.end(), buffer.begin());
  std::copy(second.begin(), second.end(),
            buffer.begin() + static_cast<std::ptrdiff_t>(first.size()));
  const std::string_view concatenated(buffer.data(), total);
  const std::size_t longest = std::max(concatenated.size(), joined.size());
  const int allowed = longest >= 9 ? 1 : 0;
  const int distance = bounded_edit_distance(joined, concatenated, allowed);
  if (distance > allowed) return 0;
  const double similarity = 1.0 - static_cast<double>(distance) / static_cast<double>(longest);
  return similarity >= kMinJoinSimilarity ? similarity : 0;
}

bool chinese_readings_agree(const NameToken& a, const NameToken& b);

// Scripts whose tokens carry a Korean reading of their own: Hangul, and Han read as Hanja.
bool reads_korean(text::Script script) {
  return script == text::Script::hangul || script == text::Script::han;
}

// One token against two adjacent tokens of the other name: by spelling, or as the same Chinese
// syllables ("jinping" ~ "chin ping").
double join_tokens_similarity(const NameToken& joined, const NameToken& first,
                              const NameToken& second) {
  const double by_spelling = join_similarity(joined.text, first.text, second.text);
  if (by_spelling > 0) return by_spelling;
  // "Abdul", "Abdel", "Abdol" are "Abd al" written together.
  if (first.text == "abd" && second.text == "al" && joined.text.size() == 5 &&
      joined.text.starts_with("abd"))
    return kAbdAlSimilarity;
  if (joined.chinese.empty() || first.chinese.empty() || second.chinese.empty()) {
    if (joined.korean.empty() || first.korean.empty() || second.korean.empty()) return 0;
  }
  if (!joined.korean.empty() && !first.korean.empty() && !second.korean.empty() &&
      joined.korean == first.korean + "." + second.korean &&
      (reads_korean(joined.script) || reads_korean(first.script)))
    return kJoinedChineseSimilarity;
  if (joined.chinese != first.chinese + "." + second.chinese) return 0;
  const bool wade_giles = joined.wade_giles || first.wade_giles || second.wade_giles;
  const bool han = joined.script == text::Script::han || first.script == text::Script::han;
  return wade_giles || han ? kJoinedChineseSimilarity : 0;
}

std::vector<Edge>& scratch_edges() {
  thread_local std::vector<Edge> edges;
  edges.clear();
  return edges;
}

std::string joined_text(const std::vector<NameToken>& tokens, std::uint8_t first,
                        std::uint8_t second) {
  std::string out = tokens[first].text;
  if (second != kNone) out += " " + tokens[second].text;
  return out;
}

double score_impl(const PreparedName& query, const PreparedName& candidate, NameSchema schema,
                  NameScore* explanation) {
  const auto& q = query.tokens;
  const auto& c = candidate.tokens;
  const std::size_t nq = std::min(q.size(), kMaxTokens);
  const std::size_t nc = std::min(c.size(), kMaxTokens);
  if (nq == 0 || nc == 0) return 0;

  auto& edges = scratch_edges();
  for (std::size_t i = 0; i < nq; ++i) {
    for (std::size_t j = 0; j < nc; ++j) {
      TokenMatchKind how = TokenMatchKind::exact;
      const double similarity = token_similarity(q[i], c[j], &how);
      if (similarity > 0) {
        edges.push_back({similarity, (q[i].weight + c[j].weight) / 2.0,
                         static_cast<std::uint8_t>(i), kNone, static_cast<std::uint8_t>(j), kNone,
                         how});
      }
    }
  }
  // One token against two adjacent tokens of the other side, both ways.
  for (std::size_t i = 0; i < nq; ++i) {
    for (std::size_t j = 0; j + 1 < nc; ++j) {
      if (const double s = join_tokens_similarity(q[i], c[j], c[j + 1]); s > 0) {
        edges.push_back({s, (q[i].weight + std::max(c[j].weight, c[j + 1].weight)) / 2.0,
                         static_cast<std::uint8_t>(i), kNone, static_cast<std::uint8_t>(j),
                         static_cast<std::uint8_t>(j + 1), TokenMatchKind::joined});
      }
    }
  }
  for (std::size_t j = 0; j < nc; ++j) {
    for (std::size_t i = 0; i + 1 < nq; ++i) {
      if (const double s = join_tokens_similarity(c[j], q[i], q[i + 1]); s > 0) {
        edges.push_back({s, (c[j].weight + std::max(q[i].weight, q[i + 1].weight)) / 2.0,
                         static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i + 1),
                         static_cast<std::uint8_t>(j), kNone, TokenMatchKind::joined});
      }
    }
  }
  // Greedy alignment, most similar and most informative first; ties keep enumeration order so
  // that the result is deterministic.
  std::stable_sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    return a.weight > b.weight;
  });

  std::uint64_t used_query = 0;
  std::uint64_t used_candidate = 0;
  const auto bit = [](std::uint8_t index) { return std::uint64_t{1} << index; };
  double matched_weight = 0;
  double matched_value = 0;
  bool content_matched = false;
  // Father and son swapped: only decidable when both names mark fathers with "bin".
  const bool roles_known = has_patronymic(q, nq) && has_patronymic(c, nc);
  int swapped_pairs = 0;
  double swapped_value = 0;
  std::vector<std::size_t> swapped_explained;
  for (const Edge& edge : edges) {
    std::uint64_t query_bits = bit(edge.query_first);
    if (edge.query_second != kNone) query_bits |= bit(edge.query_second);
    std::uint64_t candidate_bits = bit(edge.candidate_first);
    if (edge.candidate_second != kNone) candidate_bits |= bit(edge.candidate_second);
    if ((used_query & query_bits) != 0 || (used_candidate & candidate_bits) != 0) continue;
    used_query |= query_bits;
    used_candidate |= candidate_bits;
    matched_weight += edge.weight;
    matched_value += edge.weight * edge.similarity;
    const bool swapped =
        roles_known && edge.query_second == kNone && edge.candidate_second == kNone &&
        is_strong_content(q[edge.query_first].kind) &&
        follows_patronymic(q, edge.query_first) != follows_patronymic(c, edge.candidate_first);
    if (swapped) {
      ++swapped_pairs;
      swapped_value += edge.weight * edge.similarity;
      if (explanation != nullptr) swapped_explained.push_back(explanation->pairs.size());
    }
    content_matched = content_matched || is_strong_content(q[edge.query_first].kind) ||
                      is_strong_content(c[edge.candidate_first].kind);
    if (explanation != nullptr) {
      explanation->pairs.push_back({joined_text(q, edge.query_first, edge.query_second),
                                    joined_text(c, edge.candidate_first, edge.candidate_second),
                                    edge.similarity, edge.how});
    }
  }
  if (matched_weight <= 0) return 0;
  // One name alone out of place is a dropped generation; two are a swap.
  if (swapped_pairs >= 2) {
    matched_value -= kSwappedRoleDiscount * swapped_value;
    if (explanation != nullptr) {
      for (const std::size_t index : swapped_explained) {
        explanation->pairs[index].similarity *= 1.0 - kSwappedRoleDiscount;
        explanation->pairs[index].how = TokenMatchKind::patronymic_swap;
      }
    }
  }

  // Left-over tokens. A token repeated next to its matched twin ("Sergey Sergey Shoigu") costs
  // nothing. A missing token costs its weight; a contradicting one costs its kind's full weight
  // however common it is: Mohamed is not Ali.
  struct Leftover {
    double missing = 0;        // weighted by informativeness
    double contradicting = 0;  // weighted by kind only
    double formal = 0;         // legal forms and stop words
    bool skipped_repeat = false;
  };
  const auto leftover = [&](const std::vector<NameToken>& tokens, std::size_t count,
                            std::uint64_t used, bool repeats_free,
                            std::vector<std::string>* names) {
    Leftover out;
    const auto is_used = [&](std::size_t m) {
      return (used & bit(static_cast<std::uint8_t>(m))) != 0;
    };
    for (std::size_t k = 0; k < count; ++k) {
      if (is_used(k)) continue;
      const bool repeat = (k > 0 && is_used(k - 1) && tokens[k - 1].text == tokens[k].text) ||
                          (k + 1 < count && is_used(k + 1) && tokens[k + 1].text == tokens[k].text);
      if (repeat && repeats_free) {
        out.skipped_repeat = true;
        continue;
      }
      if (is_content(tokens[k].kind)) {
        out.missing += tokens[k].weight;
        out.contradicting += kind_weight(tokens[k].kind);
      } else {
        out.formal += tokens[k].weight;
      }
      if (names != nullptr) names->push_back(tokens[k].text);
    }
    return out;
  };
  // A repeat is free only when the other name has nothing left over: "Mohamed Mohamed" against
  // "Osman Mohamed" is a contradiction, not a stutter. Repeats are rare, so the left-overs are
  // counted with free repeats first and again only when a skipped repeat meets a contradiction.
  auto* query_names = explanation != nullptr ? &explanation->unmatched_query : nullptr;
  auto* candidate_names = explanation != nullptr ? &explanation->unmatched_candidate : nullptr;
  Leftover query_left = leftover(q, nq, used_query, true, query_names);
  Leftover candidate_left = leftover(c, nc, used_candidate, true, candidate_names);
  const bool query_recount = query_left.skipped_repeat && candidate_left.missing > 0;
  const bool candidate_recount = candidate_left.skipped_repeat && query_left.missing > 0;
  if (query_recount) {
    if (query_names != nullptr) query_names->clear();
    query_left = leftover(q, nq, used_query, false, query_names);
  }
  if (candidate_recount) {
    if (candidate_names != nullptr) candidate_names->clear();
    candidate_left = leftover(c, nc, used_candidate, false, candidate_names);
  }
  const double query_content = query_left.missing;
  const double candidate_content = candidate_left.missing;
  const double query_formal = query_left.formal;
  const double candidate_formal = candidate_left.formal;

  // Content left on both sides contradicts; only the excess of one side is merely missing.
  const bool both_sides = query_content > 0 && candidate_content > 0;
  const double contradiction =
      both_sides ? std::min(query_left.contradicting, candidate_left.contradicting) : 0.0;
  const double missing = both_sides ? std::max(0.0, std::max(query_content, candidate_content) -
                                                        std::min(query_content, candidate_content))
                                    : std::max(query_content, candidate_content);
  const double missing_cost =
      schema == NameSchema::person ? kMissingPersonCost : kMissingOrganizationCost;
  const double denominator = matched_weight + kContradictionCost * contradiction +
                             missing_cost * missing +
                             kFormalityCost * (query_formal + candidate_formal);
  double score = matched_value / denominator;
  if (!content_matched) score *= kNoContentFactor;
  return std::clamp(score, 0.0, 1.0);
}

}  // namespace

std::string_view to_string(TokenMatchKind kind) {
  switch (kind) {
    case TokenMatchKind::exact:
      return "exact";
    case TokenMatchKind::edit:
      return "edit";
    case TokenMatchKind::phonetic:
      return "phonetic";
    case TokenMatchKind::initial:
      return "initial";
    case TokenMatchKind::joined:
      return "joined";
    case TokenMatchKind::patronymic_swap:
      return "patronymic_swap";
    case TokenMatchKind::transliteration:
      return "transliteration";
  }
  return "exact";
}

namespace {

// Similarity of two tokens by their Latin spelling.
double latin_similarity(std::string_view a_text, const NameToken& a, std::string_view b_text,
                        const NameToken& b, TokenMatchKind& kind) {
  kind = TokenMatchKind::exact;
  if (a_text == b_text) return 1.0;
  if (a.kind == text::TokenKind::number || b.kind == text::TokenKind::number ||
      a.kind == text::TokenKind::particle || b.kind == text::TokenKind::particle) {
    // "Unit 8200" is not "Unit 8201", and "al" is not a misspelt "ali": numbers and particles
    // (whose spelling variants are canonical already) match only exactly.
    return 0;
  }
  if (a.kind == text::TokenKind::initial || b.kind == text::TokenKind::initial) {
    if (!a_text.empty() && !b_text.empty() && a_text.front() == b_text.front()) {
      kind = TokenMatchKind::initial;
      return kInitialSimilarity;
    }
    return 0;
  }
  // A Han character or Hangul syllable romanises one way: another spelling is another
  // character, unless the syllable keys say it is another romanisation of the same one.
  if (a.script == text::Script::han || a.script == text::Script::hangul ||
      b.script == text::Script::han || b.script == text::Script::hangul)
    return 0;
  double similarity = 0;
  const std::size_t longest = std::max(a_text.size(), b_text.size());
  const int allowed_halves = 2 * allowed_edits(longest);
  const int halves = bounded_typo_cost(a_text, b_text, allowed_halves);
  if (halves <= allowed_halves) {
    similarity = 1.0 - static_cast<double>(halves) / (2.0 * static_cast<double>(longest));
    kind = TokenMatchKind::edit;
  }
  // The keys belong to the token's own text; an alternate reading is compared by spelling only.
  if (a_text.data() == a.text.data() && b_text.data() == b.text.data()) {
    if (!a.phonetic.empty() && a.phonetic == b.phonetic &&
        std::min(a_text.size(), b_text.size()) >= 3 && similarity < kPhoneticSimilarity) {
      similarity = kPhoneticSimilarity;
      kind = TokenMatchKind::phonetic;
    }
    // ICU romanises Thai without its inherent vowels ("smchay" for Somchai): three consonants
    // are enough there.
    const std::size_t skeleton_length =
        a.script == text::Script::thai || b.script == text::Script::thai ? 3 : kMinSkeletonLength;
    if (similarity < kSkeletonSimilarity && a.skeleton.size() >= skeleton_length &&
        a.skeleton == b.skeleton) {
      similarity = kSkeletonSimilarity;
      kind = TokenMatchKind::phonetic;
    }
  }
  return similarity < kMinTokenSimilarity ? 0 : similarity;
}

bool chinese_readings_agree(const NameToken& a, const NameToken& b) {
  return !a.chinese.empty() && a.chinese == b.chinese &&
         (a.wade_giles || b.wade_giles || a.script == text::Script::han ||
          b.script == text::Script::han) &&
         (a.native.empty() || b.native.empty() || a.script != b.script);
}

// Two words of the same script other than Latin compare in that script: transliteration would
// only add noise ("高石" and "高市" are both "gao shi"). A Han character or Hangul syllable is a
// morpheme: another one is another name. Abjads write no short vowels, so one letter there
// weighs more than in Latin.
double native_similarity(const NameToken& a, const NameToken& b) {
  if (a.native == b.native) return 1.0;
  if (a.script == text::Script::han || a.script == text::Script::hangul) return 0;
  const std::size_t longest = std::max(a.native.size(), b.native.size());
  int allowed = allowed_edits(longest);
  if (a.script == text::Script::arabic || a.script == text::Script::hebrew)
    allowed = longest <= 4 ? 0 : (longest <= 8 ? 1 : 2);
  const int distance = bounded_edit_distance(a.native, b.native, allowed);
  if (distance > allowed) return 0;
  const double similarity =
      1.0 - static_cast<double>(distance) / static_cast<double>(std::max<std::size_t>(1, longest));
  return similarity < kMinTokenSimilarity ? 0 : similarity;
}

// A person's name in kanji against a romanised one of two words or more, read in Japanese
// (text::japanese_reading_split): the romanised words, in their order or reversed (family name
// last), must spell every character. All or nothing: a word left over on either side leaves the
// ordinary score. A lone kanji word or a one-word romanisation says too little ("慧宋" spells
// "Eso").
double japanese_reading_score(const PreparedName& query, const PreparedName& candidate,
                              NameSchema schema, NameScore* explanation) {
  if (schema != NameSchema::person) return 0;
  const bool query_is_han =
      !query.tokens.empty() && query.tokens.front().script == text::Script::han;
  const auto& latin_side = query_is_han ? candidate.tokens : query.tokens;
  if (latin_side.size() < 2) return 0;
  const std::u32string characters = japanese_kanji(query_is_han ? query : candidate);
  if (characters.empty()) return 0;
  std::vector<std::string_view> words;
  for (const auto& token : latin_side) {
    if (token.script != text::Script::latin || token.kind != text::TokenKind::word) return 0;
    words.push_back(token.text);
  }
  auto groups = text::japanese_reading_split(characters, words);
  if (groups.empty() && words.size() > 1) {
    std::reverse(words.begin(), words.end());
    groups = text::japanese_reading_split(characters, words);
  }
  if (groups.empty()) return 0;
  if (explanation != nullptr) {
    explanation->score = kJapaneseReadingSimilarity;
    for (std::size_t k = 0; k < groups.size(); ++k) {
      std::string latin(words[k]);
      auto [query_side, candidate_side] =
          query_is_han ? std::tie(groups[k], latin) : std::tie(latin, groups[k]);
      explanation->pairs.push_back({std::move(query_side), std::move(candidate_side),
                                    kJapaneseReadingSimilarity, TokenMatchKind::transliteration});
    }
  }
  return kJapaneseReadingSimilarity;
}

}  // namespace

std::u32string japanese_kanji(const PreparedName& name) {
  std::u32string characters;
  for (const auto& token : name.tokens) {
    if (token.script != text::Script::han || token.native.empty()) return {};
    characters += token.native;
  }
  // Japanese names in kanji are written in words of two characters or more ("山田太郎",
  // "山田 太郎"); lone characters ("慧 宋") are how Chinese names are written character by
  // character.
  if (characters.size() < 2 || characters.size() > kMaxKanji ||
      text::shortest_word_length(name.original) < 2)
    return {};
  return characters;
}

double token_similarity(const NameToken& a, const NameToken& b, TokenMatchKind* how) {
  TokenMatchKind kind = TokenMatchKind::exact;
  double similarity = 0;
  if (!a.native.empty() && !b.native.empty() && a.script == b.script) {
    similarity = native_similarity(a, b);
    kind = similarity == 1.0 ? TokenMatchKind::exact : TokenMatchKind::edit;
  } else {
    similarity = latin_similarity(a.text, a, b.text, b, kind);
    if (a.script != b.script && similarity < 1.0) {
      // A second reading of a word from another script (Хасан: "hasan" beside "khasan").
      TokenMatchKind other = TokenMatchKind::exact;
      if (!a.alternate.empty()) {
        if (const double s = latin_similarity(a.alternate, a, b.text, b, other); s > similarity) {
          similarity = s;
          kind = TokenMatchKind::transliteration;
        }
      }
      if (!b.alternate.empty()) {
        if (const double s = latin_similarity(a.text, a, b.alternate, b, other); s > similarity) {
          similarity = s;
          kind = TokenMatchKind::transliteration;
        }
      }
      // One Korean syllable across romanisations, when one side was written in Hangul, in
      // Hanja or in Cyrillic: "jong" (정, 正) ~ "jeong", "chung"; "yn" (Ын) ~ "un".
      const bool korean_source = reads_korean(a.script) || reads_korean(b.script) ||
                                 a.script == text::Script::cyrillic ||
                                 b.script == text::Script::cyrillic;
      if (korean_source && !a.korean.empty() && a.korean == b.korean &&
          similarity < kKoreanSyllableSimilarity) {
        similarity = kKoreanSyllableSimilarity;
        kind = TokenMatchKind::transliteration;
      }
    }
  }
  // Chinese syllables in Wade-Giles against pinyin ("Hsi" ~ "Xi", "Tse" ~ "Ze"), or romanised
  // from Han characters.
  if (similarity < kChineseSyllableSimilarity && chinese_readings_agree(a, b)) {
    similarity = kChineseSyllableSimilarity;
    kind = TokenMatchKind::transliteration;
  }
  if (how != nullptr) *how = kind;
  return similarity;
}

NameScore score_names(const PreparedName& query, const PreparedName& candidate, NameSchema schema) {
  NameScore result;
  result.score = score_impl(query, candidate, schema, &result);
  if (result.score < kJapaneseReadingSimilarity) {
    NameScore japanese;
    if (japanese_reading_score(query, candidate, schema, &japanese) > result.score)
      result = std::move(japanese);
  }
  return result;
}

double score_value(const PreparedName& query, const PreparedName& candidate, NameSchema schema) {
  const double score = score_impl(query, candidate, schema, nullptr);
  if (score >= kJapaneseReadingSimilarity) return score;
  return std::max(score, japanese_reading_score(query, candidate, schema, nullptr));
}

NameComparison compare_names(std::string_view name_a, std::string_view name_b,
                             std::optional<core::EntityType> type) {
  NameSchema schema = NameSchema::person;
  if (type && *type != core::EntityType::unknown) {
    schema = schema_for(*type);
  } else {
    const PreparedName a = prepare_name(name_a, NameSchema::organization);
    const PreparedName b = prepare_name(name_b, NameSchema::organization);
    const auto has_legal_form = [](const PreparedName& name) {
      return std::any_of(name.tokens.begin(), name.tokens.end(), [](const NameToken& token) {
        return token.kind == text::TokenKind::legal_form;
      });
    };
    if (has_legal_form(a) || has_legal_form(b)) {
      return NameComparison{NameSchema::organization, score_names(a, b, NameSchema::organization)};
    }
  }
  return NameComparison{
      schema, score_names(prepare_name(name_a, schema), prepare_name(name_b, schema), schema)};
}

}  // namespace echri::screening
