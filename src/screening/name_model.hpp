#pragma once
// A name made ready for comparison: folded tokens, each with the weight it carries in a score.
// Both sides of every comparison go through prepare_name, so a list entry and a query that are
// the same name are the same PreparedName.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.hpp"
#include "text/normalize.hpp"

namespace echri::screening {

// Which scoring rules apply: a person's name may lack middle names or patronymics; an
// organisation's name is not the same organisation without its distinctive words.
enum class NameSchema : std::uint8_t { person, organization };

NameSchema schema_for(core::EntityType type);

struct NameToken {
  std::string text;
  std::string phonetic;
  std::string skeleton;
  text::TokenKind kind = text::TokenKind::word;
  float weight = 1.0F;  // informativeness: lower for particles, legal forms and common words
  text::Script script = text::Script::latin;  // see text::Token
  std::u32string native;
  std::string alternate;
  std::string korean;
  std::string chinese;
  bool wade_giles = false;
};

struct PreparedName {
  std::string original;
  std::vector<NameToken> tokens;
};

// Tokenises with text::tokenize_name and weighs each token (see docs/matching.md).
PreparedName prepare_name(std::string_view name, NameSchema schema);

// The weight of any token of this kind, before commonness is taken into account.
float kind_weight(text::TokenKind kind);
// The weight of a token of this kind and text: kind_weight, lowered for common words.
float token_weight(std::string_view token, text::TokenKind kind);

}  // namespace echri::screening
