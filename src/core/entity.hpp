#pragma once
// A restricted party as published on an official list, in one shape for every list format.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echri::core {

enum class EntityType { person, organization, vessel, aircraft, unknown };

std::string_view to_string(EntityType type);
// Accepts the list formats' own words too: "individual", "entity", "company", "ship"...
std::optional<EntityType> parse_entity_type(std::string_view text);

// Lists mark some aliases as low quality ("weak a.k.a.", UN quality "Low"): they are screened,
// but a match on them is reported as such.
enum class AliasStrength { strong, weak };

struct Alias {
  std::string name;
  AliasStrength strength = AliasStrength::strong;
  bool operator==(const Alias&) const = default;
};

struct Address {
  std::string street;
  std::string city;
  std::string region;
  std::string postal_code;
  std::string country;       // as the list writes it
  std::string country_code;  // ISO 3166-1 alpha-2 when the country could be resolved
  bool operator==(const Address&) const = default;
};

struct Identifier {
  std::string type;  // "Passport", "National ID No.", "IMO", "Tax ID No."...
  std::string value;
  std::string country;  // issuing country as written, may be empty
  bool operator==(const Identifier&) const = default;
};

struct ListedEntity {
  std::string list;          // dataset id: "us-ofac-sdn", "un-sc", "eu-fsf", "uk-hmt", "us-csl"...
  std::string list_section;  // sub-list inside a combined list, e.g. CSL's "Entity List (EL)"
  std::string source_id;     // the list's own id (OFAC ent_num, UN REFERENCE_NUMBER, ...)
  EntityType type = EntityType::unknown;
  std::string name;  // primary name as published
  std::vector<Alias> aliases;
  std::vector<Address> addresses;
  std::vector<std::string> countries;       // ISO alpha-2 codes (nationality, citizenship, seat)
  std::vector<std::string> dates_of_birth;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"
  std::vector<Identifier> identifiers;
  std::vector<std::string> programs;
  std::string remarks;
  std::string listed_on;  // "YYYY-MM-DD" when known
  std::string source_url;

  bool operator==(const ListedEntity&) const = default;
};

}  // namespace echri::core
