#include "core/entity.hpp"

#include "core/text_util.hpp"

namespace echri::core {

std::string_view to_string(EntityType type) {
  switch (type) {
    case EntityType::person:
      return "person";
    case EntityType::organization:
      return "organization";
    case EntityType::vessel:
      return "vessel";
    case EntityType::aircraft:
      return "aircraft";
    case EntityType::unknown:
      break;
  }
  return "unknown";
}

std::optional<EntityType> parse_entity_type(std::string_view text) {
  const std::string word = ascii_lower(trim(text));
  if (word == "person" || word == "individual" || word == "individuals" || word == "people")
    return EntityType::person;
  if (word == "organization" || word == "organisation" || word == "entity" || word == "entities" ||
      word == "company" || word == "legalentity" || word == "legal entity" || word == "group" ||
      word == "enterprise")
    return EntityType::organization;
  if (word == "vessel" || word == "ship") return EntityType::vessel;
  if (word == "aircraft") return EntityType::aircraft;
  if (word == "unknown" || word.empty()) return EntityType::unknown;
  return std::nullopt;
}

}  // namespace echri::core
