#pragma once
// The score of two prepared names in [0, 1], with the evidence behind it. Pure.
//
// Tokens are aligned one to one (or one to two adjacent tokens, for "Alqaida" / "Al Qaida"),
// order-free. Matched tokens contribute their similarity; a token left over on one side only
// (a missing middle name) costs a little for persons and more for organisations; tokens left over
// on both sides contradict each other and cost a lot. docs/matching.md has the formula.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "screening/name_model.hpp"

namespace echri::screening {

// What a content token left over on one side only (a person's missing middle name) costs per
// unit of weight: the cheapest left-over cost, which bounds how far retrieval may prune.
inline constexpr double kMissingPersonCost = 0.2;
// Consonant skeletons shorter than this say too little to match (or retrieve) a token by.
inline constexpr std::size_t kMinSkeletonLength = 4;

// `patronymic_swap`: the tokens match but one is a father's name ("bin X") and the other is not,
// as in Ahmad bin Hasan ~ Hasan bin Ahmad; such pairs count at half their similarity.
// `transliteration`: another reading of a word written in another script (a Korean syllable in
// another romanisation, Cyrillic "х" read as h).
enum class TokenMatchKind {
  exact,
  edit,
  phonetic,
  initial,
  joined,
  patronymic_swap,
  transliteration
};
std::string_view to_string(TokenMatchKind kind);

struct TokenPairing {
  std::string query;      // one token, or two joined by a space
  std::string candidate;  // likewise
  double similarity = 0;
  TokenMatchKind how = TokenMatchKind::exact;
};

struct NameScore {
  double score = 0;
  std::vector<TokenPairing> pairs;
  std::vector<std::string> unmatched_query;
  std::vector<std::string> unmatched_candidate;
};

// Similarity of two single tokens in [0, 1]; 0 when they are not the same name part.
double token_similarity(const NameToken& a, const NameToken& b, TokenMatchKind* how = nullptr);

// `schema` picks the penalty for tokens missing on one side (see NameSchema).
NameScore score_names(const PreparedName& query, const PreparedName& candidate, NameSchema schema);

// The same number as score_names(...).score without building the explanation; for the hot loop.
double score_value(const PreparedName& query, const PreparedName& candidate, NameSchema schema);

// The characters of a name written in kanji the way Japanese names are: every token in Han
// characters, no word of one character alone ("慧 宋" is a Chinese name written character by
// character), two to eight characters. score_names reads such a name in Japanese against a
// romanised person's name of two words or more ("山田太郎" ~ "YAMADA, Taro"). Empty for any other
// name.
std::u32string japanese_kanji(const PreparedName& name);

struct NameComparison {
  NameSchema schema = NameSchema::person;
  NameScore name;
};

// Prepares and scores two free-text names, as `echri compare` does. Without a type, the
// organisation rules apply when either name carries a legal form, else the person rules.
NameComparison compare_names(std::string_view name_a, std::string_view name_b,
                             std::optional<core::EntityType> type);

}  // namespace echri::screening
