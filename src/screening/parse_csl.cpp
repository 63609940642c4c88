// US Consolidated Screening List (trade.gov): the CSV download (header row, multi-valued fields
// joined by "; ", with or without the newer leading `_id` column) and the JSON download
// ({"results": [...]}) of the same records.

#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "core/country.hpp"
#include "core/csv_reader.hpp"
#include "core/text_util.hpp"
#include "screening/list_parsers.hpp"
#include "screening/parse_util.hpp"

namespace echri::screening::detail {
namespace {

constexpr std::string_view kListId = "us-csl";
constexpr std::string_view kTitle = "US Consolidated Screening List (trade.gov)";

// The record's own fields, whichever file they came from.
struct CslRecord {
  std::string id;
  std::string source;
  std::string entity_number;
  std::string type;
  std::vector<std::string> programs;
  std::string name;
  std::string title;
  std::vector<core::Address> addresses;
  std::vector<core::Identifier> ids;
  std::vector<std::string> remarks;  // sanction notes that the ids column carries, too
  std::string start_date;
  std::string call_sign;
  std::string vessel_flag;
  std::string vessel_owner;
  std::string record_remarks;
  std::string source_list_url;
  std::string source_information_url;
  std::vector<std::string> alt_names;
  std::vector<std::string> countries;  // citizenships and nationalities
  std::vector<std::string> dates_of_birth;
  std::vector<std::string> places_of_birth;
};

core::EntityType csl_type(const CslRecord& record, const std::string& where) {
  if (record.type.empty()) {
    // Sections without a type column are mostly organisations, but BIS's Denied Persons List is
    // mostly people.
    const bool dpl = record.source.find("(DPL)") != std::string::npos;
    return guess_type(record.name, dpl ? core::EntityType::person : core::EntityType::unknown);
  }
  const auto type = core::parse_entity_type(record.type);
  if (!type) fail_at(where, "unknown type '" + record.type + "'");
  return *type;
}

// Stable across downloads: `_id`, else the source's entity number, else a hash of what
// identifies the record.
std::string csl_source_id(const CslRecord& record) {
  if (!record.id.empty()) return record.id;
  if (!record.entity_number.empty()) return record.entity_number;
  std::string addresses;
  for (const auto& a : record.addresses) addresses += a.street + "|" + a.country + "|";
  return stable_id("csl-", {record.source, record.name, addresses, record.start_date});
}

core::ListedEntity to_entity(const CslRecord& record, const std::string& type_where) {
  core::ListedEntity e;
  e.list = std::string(kListId);
  e.list_section = clean(record.source);
  e.name = clean(record.name);
  e.type = csl_type(record, type_where);
  e.source_id = csl_source_id(record);
  for (const auto& program : record.programs) add_unique(e.programs, clean(program));
  for (const auto& alias : record.alt_names) add_alias(e, alias, core::AliasStrength::strong);
  for (const auto& address : record.addresses) add_address(e, address);
  for (const auto& country : record.countries) add_country(e, country);
  for (const auto& date : record.dates_of_birth) {
    for (auto& normalised : parse_date_expression(date))
      add_date_of_birth(e, std::move(normalised));
  }
  for (const auto& id : record.ids) add_identifier(e, id);
  if (!record.call_sign.empty()) add_identifier(e, {"Call Sign", record.call_sign, ""});
  if (!record.title.empty()) append_remark(e.remarks, "Title: " + record.title);
  append_remark(e.remarks, record.record_remarks);
  for (const auto& remark : record.remarks) append_remark(e.remarks, remark);
  for (const auto& place : record.places_of_birth) append_remark(e.remarks, "POB " + place);
  if (!record.vessel_flag.empty() && !add_country(e, record.vessel_flag))
    append_remark(e.remarks, "Flag: " + record.vessel_flag);
  if (!record.vessel_owner.empty())
    append_remark(e.remarks, "Vessel owner: " + record.vessel_owner);
  if (auto date = normalise_date(record.start_date)) e.listed_on = *date;
  e.source_url = !record.source_information_url.empty() ? record.source_information_url
                                                        : record.source_list_url;
  return e;
}

// The CSV writes an address as "street, city, state, postal code, country" with the empty parts
// left out, so only the trailing ISO country code can be told apart reliably.
core::Address csv_address(std::string_view text) {
  core::Address address;
  std::string_view rest = core::trim(text);
  if (const auto comma = rest.rfind(", "); comma != std::string_view::npos || rest.size() == 2) {
    const std::string_view last = comma == std::string_view::npos ? rest : rest.substr(comma + 2);
    if (last.size() == 2) {
      if (const auto country = core::country_by_code(last)) {
        address.country = std::string(last);
        address.country_code = country->alpha2;
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
      }
    }
  }
  address.street = std::string(rest);
  return address;
}

// "US, 80-0890696, Tax ID No." or "IMO 8898831, Vessel Registration Identification": the type is
// last, an ISO country code may come first. Types that end in ':' or '-' are sanction notes that
// the CSV puts in the same column; they go to the remarks.
void csv_id(CslRecord& record, std::string_view text) {
  auto parts = core::split_trimmed(text, ", ");
  if (parts.empty()) return;
  if (parts.size() == 1) {
    record.remarks.push_back(parts[0]);
    return;
  }
  const std::string type = parts.back();
  parts.pop_back();
  if (type.ends_with(':') || type.ends_with('-')) {
    record.remarks.emplace_back(text);
    return;
  }
  std::string country;
  if (parts.size() >= 2 && parts.front().size() == 2 && core::country_by_code(parts.front())) {
    country = parts.front();
    parts.erase(parts.begin());
  }
  std::string value;
  for (const auto& part : parts) value += (value.empty() ? "" : ", ") + part;
  record.ids.push_back(core::Identifier{type, value, country});
}

ParsedList new_list(const std::filesystem::path& path, ListFormat format) {
  ParsedList list;
  list.list_id = std::string(kListId);
  list.title = std::string(kTitle);
  list.format = format;
  list.source_files.push_back(path);
  return list;
}

void check_unique(std::unordered_set<std::string>& seen, const core::ListedEntity& entity,
                  const std::string& where) {
  if (!seen.insert(entity.source_id).second)
    fail_at(where, "duplicate id '" + entity.source_id + "'");
}

// JSON accessors: absent and null are empty; another type is an error naming the JSON path.
std::string json_string(const nlohmann::json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  fail_at(where + "." + key, "expected a string");
}

// Accepts an array of strings or one "; "-separated string: the API has used both.
std::vector<std::string> json_strings(const nlohmann::json& object, const char* key,
                                      const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) return core::split_trimmed(it->get<std::string>(), ";");
  if (!it->is_array()) fail_at(where + "." + key, "expected an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& value = (*it)[i];
    if (value.is_null()) continue;
    if (!value.is_string())
      fail_at(where + "." + key + "[" + std::to_string(i) + "]", "expected a string");
    out.push_back(value.get<std::string>());
  }
  return out;
}

const nlohmann::json& json_array(const nlohmann::json& object, const char* key,
                                 const std::string& where) {
  static const nlohmann::json empty = nlohmann::json::array();
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return empty;
  if (!it->is_array()) fail_at(where + "." + key, "expected an array");
  return *it;
}

}  // namespace

ParsedList parse_csl_csv(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string raw = read_list_file(path);
  const std::string_view content = require_utf8(raw, file);
  core::CsvReader reader(content, ',', file);
  std::vector<std::string> fields;
  if (!next_record(reader, fields)) fail_at(location(file, 1), "the file is empty");

  const std::vector<std::string> header = fields;
  std::unordered_map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column.emplace(core::trim(header[i]), i);
  for (const char* required : {"source", "name"}) {
    if (!column.contains(required))
      fail_at(location(file, reader.record_line(), required),
              "missing column in the header (is this a CSL CSV file?)");
  }
  const auto get = [&](const char* name) -> std::string {
    const auto it = column.find(name);
    return it == column.end() ? std::string{} : std::string(core::trim(fields[it->second]));
  };
  const auto multi = [&](const char* name) { return core::split_trimmed(get(name), "; "); };

  ParsedList list = new_list(path, ListFormat::csl_csv);
  std::unordered_set<std::string> seen;
  while (true) {
    if (!next_record(reader, fields)) break;
    const std::size_t line = reader.record_line();
    require_field_count(fields, header.size(), file, line);
    CslRecord record;
    record.id = get("_id");
    record.source = get("source");
    record.entity_number = get("entity_number");
    record.type = get("type");
    record.programs = multi("programs");
    record.name = get("name");
    if (clean(record.name).empty()) fail_at(location(file, line, "name"), "empty name");
    record.title = get("title");
    for (const auto& address : multi("addresses")) record.addresses.push_back(csv_address(address));
    for (const auto& id : multi("ids")) csv_id(record, id);
    record.start_date = get("start_date");
    record.call_sign = get("call_sign");
    record.vessel_flag = get("vessel_flag");
    record.vessel_owner = get("vessel_owner");
    record.record_remarks = get("remarks");
    record.source_list_url = get("source_list_url");
    record.source_information_url = get("source_information_url");
    record.alt_names = multi("alt_names");
    record.countries = multi("citizenships");
    for (auto& nationality : multi("nationalities")) record.countries.push_back(nationality);
    record.dates_of_birth = multi("dates_of_birth");
    record.places_of_birth = multi("places_of_birth");
    auto entity = to_entity(record, location(file, line, "type"));
    check_unique(seen, entity, location(file, line, record.id.empty() ? "entity_number" : "_id"));
    list.entities.push_back(std::move(entity));
  }
  return list;
}

ParsedList parse_csl_json(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string raw = read_list_file(path);
  const std::string_view content = require_utf8(raw, file);
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(content);
  } catch (const nlohmann::json::parse_error& error) {
    fail_at(location(file, line_at(content, error.byte == 0 ? 0 : error.byte - 1)),
            std::string("invalid JSON: ") + error.what());
  }
  const std::string at = file + ": $";
  if (!document.is_object() || !document.contains("results"))
    fail_at(at, "expected an object with a \"results\" array (trade.gov CSL JSON)");
  const auto& results = json_array(document, "results", at);

  ParsedList list = new_list(path, ListFormat::csl_json);
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string where = at + ".results[" + std::to_string(i) + "]";
    const auto& item = results[i];
    if (!item.is_object()) fail_at(where, "expected an object");
    CslRecord record;
    record.id = json_string(item, "id", where);
    record.source = json_string(item, "source", where);
    record.entity_number = json_string(item, "entity_number", where);
    record.type = json_string(item, "type", where);
    record.programs = json_strings(item, "programs", where);
    record.name = json_string(item, "name", where);
    if (clean(record.name).empty()) fail_at(where + ".name", "missing name");
    record.title = json_string(item, "title", where);
    const auto& addresses = json_array(item, "addresses", where);
    for (std::size_t k = 0; k < addresses.size(); ++k) {
      const std::string a_where = where + ".addresses[" + std::to_string(k) + "]";
      const auto& a = addresses[k];
      if (!a.is_object()) fail_at(a_where, "expected an object");
      core::Address address;
      address.street = json_string(a, "address", a_where);
      address.city = json_string(a, "city", a_where);
      address.region = json_string(a, "state", a_where);
      address.postal_code = json_string(a, "postal_code", a_where);
      address.country = json_string(a, "country", a_where);
      record.addresses.push_back(std::move(address));
    }
    const auto& ids = json_array(item, "ids", where);
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const std::string i_where = where + ".ids[" + std::to_string(k) + "]";
      const auto& id = ids[k];
      if (!id.is_object()) fail_at(i_where, "expected an object");
      core::Identifier identifier{json_string(id, "type", i_where),
                                  json_string(id, "number", i_where),
                                  json_string(id, "country", i_where)};
      if (identifier.type.ends_with(':') || identifier.type.ends_with('-')) {
        record.remarks.push_back(identifier.type + " " + identifier.value);
      } else {
        record.ids.push_back(std::move(identifier));
      }
    }
    record.start_date = json_string(item, "start_date", where);
    record.call_sign = json_string(item, "call_sign", where);
    record.vessel_flag = json_string(item, "vessel_flag", where);
    record.vessel_owner = json_string(item, "vessel_owner", where);
    record.record_remarks = json_string(item, "remarks", where);
    record.source_list_url = json_string(item, "source_list_url", where);
    record.source_information_url = json_string(item, "source_information_url", where);
    record.alt_names = json_strings(item, "alt_names", where);
    record.countries = json_strings(item, "citizenships", where);
    for (auto& nationality : json_strings(item, "nationalities", where))
      record.countries.push_back(std::move(nationality));
    record.dates_of_birth = json_strings(item, "dates_of_birth", where);
    record.places_of_birth = json_strings(item, "places_of_birth", where);
    auto entity = to_entity(record, where + ".type");
    check_unique(seen, entity, where + ".id");
    list.entities.push_back(std::move(entity));
  }
  return list;
}

}  // namespace echri::screening::detail
