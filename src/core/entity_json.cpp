#include "core/entity_json.hpp"

#include <nlohmann/json.hpp>

namespace echri::core {
namespace {

using nlohmann::json;

json strings(const std::vector<std::string>& values) {
  return json(values);
}

// Reads an optional string member; a present member of another type is an error (thrown inside
// this module only, turned into a Result at the boundary).
[[noreturn]] void field_error(std::string path, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), std::move(path));
}

std::string read_string(const json& object, const char* key, const std::string& path) {
  if (!object.contains(key)) return {};
  const auto& value = object.at(key);
  if (!value.is_string()) field_error(path + "." + key, "expected a string");
  return value.get<std::string>();
}

std::vector<std::string> read_strings(const json& object, const char* key,
                                      const std::string& path) {
  std::vector<std::string> out;
  if (!object.contains(key)) return out;
  const auto& value = object.at(key);
  if (!value.is_array()) field_error(path + "." + key, "expected an array of strings");
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string())
      field_error(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

const json& read_array(const json& object, const char* key, const std::string& path) {
  static const json empty = json::array();
  if (!object.contains(key)) return empty;
  const auto& value = object.at(key);
  if (!value.is_array()) field_error(path + "." + key, "expected an array");
  return value;
}

}  // namespace

json to_json(const ListedEntity& entity) {
  json aliases = json::array();
  for (const auto& alias : entity.aliases) {
    aliases.push_back({{"name", alias.name},
                       {"strength", alias.strength == AliasStrength::weak ? "weak" : "strong"}});
  }
  json addresses = json::array();
  for (const auto& address : entity.addresses) {
    json a = json::object();
    if (!address.street.empty()) a["street"] = address.street;
    if (!address.city.empty()) a["city"] = address.city;
    if (!address.region.empty()) a["region"] = address.region;
    if (!address.postal_code.empty()) a["postal_code"] = address.postal_code;
    if (!address.country.empty()) a["country"] = address.country;
    if (!address.country_code.empty()) a["country_code"] = address.country_code;
    addresses.push_back(std::move(a));
  }
  json identifiers = json::array();
  for (const auto& id : entity.identifiers) {
    json i = {{"type", id.type}, {"value", id.value}};
    if (!id.country.empty()) i["country"] = id.country;
    identifiers.push_back(std::move(i));
  }
  json out = {{"list", entity.list},
              {"source_id", entity.source_id},
              {"type", std::string(to_string(entity.type))},
              {"name", entity.name},
              {"aliases", std::move(aliases)},
              {"addresses", std::move(addresses)},
              {"countries", strings(entity.countries)},
              {"dates_of_birth", strings(entity.dates_of_birth)},
              {"identifiers", std::move(identifiers)},
              {"programs", strings(entity.programs)}};
  if (!entity.list_section.empty()) out["list_section"] = entity.list_section;
  if (!entity.remarks.empty()) out["remarks"] = entity.remarks;
  if (!entity.listed_on.empty()) out["listed_on"] = entity.listed_on;
  if (!entity.source_url.empty()) out["source_url"] = entity.source_url;
  return out;
}

Result<ListedEntity> entity_from_json(const json& object, const std::string& where) {
  try {
    if (!object.is_object()) field_error("", "expected an object");
    ListedEntity entity;
    entity.list = read_string(object, "list", "$");
    entity.list_section = read_string(object, "list_section", "$");
    entity.source_id = read_string(object, "source_id", "$");
    const std::string type = read_string(object, "type", "$");
    const auto parsed_type = parse_entity_type(type);
    if (!parsed_type) field_error("$.type", "unknown entity type '" + type + "'");
    entity.type = *parsed_type;
    entity.name = read_string(object, "name", "$");
    if (entity.name.empty()) field_error("$.name", "missing name");
    const auto& aliases = read_array(object, "aliases", "$");
    for (std::size_t i = 0; i < aliases.size(); ++i) {
      const std::string path = "$.aliases[" + std::to_string(i) + "]";
      const std::string strength = read_string(aliases[i], "strength", path);
      if (!strength.empty() && strength != "weak" && strength != "strong")
        field_error(path + ".strength", "expected 'strong' or 'weak'");
      entity.aliases.push_back(
          Alias{read_string(aliases[i], "name", path),
                strength == "weak" ? AliasStrength::weak : AliasStrength::strong});
    }
    const auto& addresses = read_array(object, "addresses", "$");
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      const std::string path = "$.addresses[" + std::to_string(i) + "]";
      const auto& a = addresses[i];
      entity.addresses.push_back(
          Address{read_string(a, "street", path), read_string(a, "city", path),
                  read_string(a, "region", path), read_string(a, "postal_code", path),
                  read_string(a, "country", path), read_string(a, "country_code", path)});
    }
    entity.countries = read_strings(object, "countries", "$");
    entity.dates_of_birth = read_strings(object, "dates_of_birth", "$");
    const auto& identifiers = read_array(object, "identifiers", "$");
    for (std::size_t i = 0; i < identifiers.size(); ++i) {
      const std::string path = "$.identifiers[" + std::to_string(i) + "]";
      entity.identifiers.push_back(Identifier{read_string(identifiers[i], "type", path),
                                              read_string(identifiers[i], "value", path),
                                              read_string(identifiers[i], "country", path)});
    }
    entity.programs = read_strings(object, "programs", "$");
    entity.remarks = read_string(object, "remarks", "$");
    entity.listed_on = read_string(object, "listed_on", "$");
    entity.source_url = read_string(object, "source_url", "$");
    return entity;
  } catch (Failure& failure) {
    return fail(ErrorKind::invalid_input, std::move(failure.error.message),
                where + (failure.error.where.empty() ? "" : " " + failure.error.where));
  } catch (const json::exception& error) {
    return fail(ErrorKind::invalid_input, error.what(), where);
  }
}

}  // namespace echri::core
