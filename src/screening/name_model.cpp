#include "screening/name_model.hpp"

#include "screening/common_tokens.hpp"

namespace echri::screening {
namespace {

// A country or region in an organisation's name (docs/matching.md §2).
constexpr float kPlaceWeight = 0.2F;

}  // namespace

NameSchema schema_for(core::EntityType type) {
  return type == core::EntityType::person ? NameSchema::person : NameSchema::organization;
}

float kind_weight(text::TokenKind kind) {
  switch (kind) {
    case text::TokenKind::initial:
      return 0.3F;
    case text::TokenKind::particle:
      return 0.25F;
    case text::TokenKind::legal_form:
      return 0.2F;
    case text::TokenKind::stopword:
      return 0.1F;
    case text::TokenKind::number:
    case text::TokenKind::word:
      break;
  }
  return 1.0F;
}

float token_weight(std::string_view token, text::TokenKind kind) {
  if (kind != text::TokenKind::word) return kind_weight(kind);
  switch (commonness_of(token)) {
    case Commonness::generic_org_word:
      return 0.35F;
    case Commonness::common_given_name:
      return 0.6F;
    case Commonness::distinctive:
      break;
  }
  return 1.0F;
}

PreparedName prepare_name(std::string_view name, NameSchema schema) {
  PreparedName prepared;
  prepared.original = std::string(name);
  const auto kind =
      schema == NameSchema::person ? text::NameKind::person : text::NameKind::organization;
  for (auto& token : text::tokenize_name(name, kind)) {
    NameToken out;
    out.weight = token_weight(token.text, token.kind);
    if (schema == NameSchema::organization && token.kind == text::TokenKind::word &&
        is_place_word(token.text))
      out.weight = kPlaceWeight;
    out.kind = token.kind;
    out.text = std::move(token.text);
    out.phonetic = std::move(token.phonetic);
    out.skeleton = std::move(token.skeleton);
    out.script = token.script;
    out.native = std::move(token.native);
    out.alternate = std::move(token.alternate);
    out.korean = std::move(token.korean);
    out.chinese = std::move(token.chinese);
    out.wade_giles = token.wade_giles;
    prepared.tokens.push_back(std::move(out));
  }
  return prepared;
}

}  // namespace echri::screening
