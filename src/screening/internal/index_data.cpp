#include "screening/internal/index_data.hpp"

#include <limits>
#include <string>

namespace echri::screening::internal {
namespace {

template <class Enum>
Enum enum_from(std::uint8_t value, Enum last, const char* what) {
  if (value > static_cast<std::uint8_t>(last))
    ByteReader::corrupt(std::string("bad ") + what + " " + std::to_string(value));
  return static_cast<Enum>(value);
}

std::uint32_t count_of(std::size_t size) {
  if (size > std::numeric_limits<std::uint32_t>::max())
    raise(ErrorKind::internal, "screening index with over 2^32 items");
  return static_cast<std::uint32_t>(size);
}

// A count read from the file, bounded by the bytes left so that a corrupt count cannot make the
// reader reserve gigabytes before it fails.
std::size_t read_count(ByteReader& in) {
  const std::uint32_t count = in.u32();
  if (count > (1U << 28)) ByteReader::corrupt("an implausible count");
  return count;
}

void put_strings(ByteWriter& out, const std::vector<std::string>& strings) {
  out.u32(count_of(strings.size()));
  for (const auto& text : strings) out.str(text);
}

std::vector<std::string> get_strings(ByteReader& in) {
  std::vector<std::string> strings(read_count(in));
  for (auto& text : strings) text = in.str();
  return strings;
}

void put_entity(ByteWriter& out, const core::ListedEntity& entity) {
  out.str(entity.list);
  out.str(entity.list_section);
  out.str(entity.source_id);
  out.u8(static_cast<std::uint8_t>(entity.type));
  out.str(entity.name);
  out.u32(count_of(entity.aliases.size()));
  for (const auto& alias : entity.aliases) {
    out.str(alias.name);
    out.u8(static_cast<std::uint8_t>(alias.strength));
  }
  out.u32(count_of(entity.addresses.size()));
  for (const auto& address : entity.addresses) {
    for (const auto* field : {&address.street, &address.city, &address.region, &address.postal_code,
                              &address.country, &address.country_code})
      out.str(*field);
  }
  put_strings(out, entity.countries);
  put_strings(out, entity.dates_of_birth);
  out.u32(count_of(entity.identifiers.size()));
  for (const auto& id : entity.identifiers) {
    out.str(id.type);
    out.str(id.value);
    out.str(id.country);
  }
  put_strings(out, entity.programs);
  out.str(entity.remarks);
  out.str(entity.listed_on);
  out.str(entity.source_url);
}

core::ListedEntity get_entity(ByteReader& in) {
  core::ListedEntity entity;
  entity.list = in.str();
  entity.list_section = in.str();
  entity.source_id = in.str();
  entity.type = enum_from(in.u8(), core::EntityType::unknown, "entity type");
  entity.name = in.str();
  entity.aliases.resize(read_count(in));
  for (auto& alias : entity.aliases) {
    alias.name = in.str();
    alias.strength = enum_from(in.u8(), core::AliasStrength::weak, "alias strength");
  }
  entity.addresses.resize(read_count(in));
  for (auto& address : entity.addresses) {
    for (auto* field : {&address.street, &address.city, &address.region, &address.postal_code,
                        &address.country, &address.country_code})
      *field = in.str();
  }
  entity.countries = get_strings(in);
  entity.dates_of_birth = get_strings(in);
  entity.identifiers.resize(read_count(in));
  for (auto& id : entity.identifiers) {
    id.type = in.str();
    id.value = in.str();
    id.country = in.str();
  }
  entity.programs = get_strings(in);
  entity.remarks = in.str();
  entity.listed_on = in.str();
  entity.source_url = in.str();
  return entity;
}

void put_token(ByteWriter& out, const NameToken& token) {
  out.str(token.text);
  out.str(token.phonetic);
  out.str(token.skeleton);
  out.u8(static_cast<std::uint8_t>(token.kind));
  out.f32(token.weight);
  out.u8(static_cast<std::uint8_t>(token.script));
  out.u32(count_of(token.native.size()));
  for (const char32_t c : token.native) out.u32(static_cast<std::uint32_t>(c));
  out.str(token.alternate);
  out.str(token.korean);
  out.str(token.chinese);
  out.u8(token.wade_giles ? 1 : 0);
}

NameToken get_token(ByteReader& in) {
  NameToken token;
  token.text = in.str();
  token.phonetic = in.str();
  token.skeleton = in.str();
  token.kind = enum_from(in.u8(), text::TokenKind::stopword, "token kind");
  token.weight = in.f32();
  token.script = enum_from(in.u8(), text::Script::other, "script");
  token.native.resize(read_count(in));
  for (auto& c : token.native) c = static_cast<char32_t>(in.u32());
  token.alternate = in.str();
  token.korean = in.str();
  token.chinese = in.str();
  token.wade_giles = in.u8() != 0;
  return token;
}

void put_variant(ByteWriter& out, const Variant& variant) {
  out.u32(variant.entity);
  out.u8(static_cast<std::uint8_t>((variant.alias ? 1 : 0) | (variant.weak ? 2 : 0)));
  out.u8(static_cast<std::uint8_t>(variant.schema));
  out.str(variant.name.original);
  out.u32(count_of(variant.name.tokens.size()));
  for (const auto& token : variant.name.tokens) put_token(out, token);
}

Variant get_variant(ByteReader& in, std::size_t entity_count) {
  Variant variant;
  variant.entity = in.u32();
  if (variant.entity >= entity_count) ByteReader::corrupt("a variant's entity out of range");
  const std::uint8_t flags = in.u8();
  variant.alias = (flags & 1) != 0;
  variant.weak = (flags & 2) != 0;
  variant.schema = enum_from(in.u8(), NameSchema::organization, "name schema");
  variant.name.original = in.str();
  variant.name.tokens.resize(read_count(in));
  for (auto& token : variant.name.tokens) token = get_token(in);
  return variant;
}

}  // namespace

void IndexData::encode(ByteWriter& out) const {
  entities.encode(out, put_entity);
  variants.encode(out, put_variant);
  name_keys.encode(out);
  key_tokens.encode(out, put_token);
  keys.encode(out);
  postings.encode(out);
  for (const auto* map : {&deletions, &phonetics, &skeletons, &chinese, &korean}) map->encode(out);
  identifiers.encode(out);
}

IndexData IndexData::decode(ByteReader& in) {
  IndexData data;
  data.entities = LazyTable<core::ListedEntity>::decode(in, get_entity);
  const std::size_t entity_count = data.entities.size();
  data.variants = LazyTable<Variant>::decode(
      in, [entity_count](ByteReader& record) { return get_variant(record, entity_count); });
  // A variant that cannot be decoded is left default, naming entity 0: there must be one.
  if (data.variants.size() > 0 && entity_count == 0) ByteReader::corrupt("names without entities");
  data.name_keys = FlatStrings::decode(in);
  if (data.name_keys.size() != entity_count)
    ByteReader::corrupt("name keys and entities differ in number");
  data.key_tokens = LazyTable<NameToken>::decode(in, get_token);
  const auto key_count = count_of(data.key_tokens.size());
  data.keys = FlatMultimap::decode(in, key_count);
  data.postings = FlatLists::decode(in, count_of(data.variants.size()));
  if (data.postings.size() != key_count) ByteReader::corrupt("postings and keys differ in number");
  for (auto* map : {&data.deletions, &data.phonetics, &data.skeletons, &data.chinese, &data.korean})
    *map = FlatMultimap::decode(in, key_count);
  data.identifiers = FlatMultimap::decode(in, count_of(entity_count));
  if (!in.empty()) ByteReader::corrupt("bytes after the index");
  return data;
}

}  // namespace echri::screening::internal
