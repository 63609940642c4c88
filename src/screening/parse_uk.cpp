// UK OFSI consolidated list, ConList.csv: a "Last Updated,DD/MM/YYYY" line, a header row, then one
// row per name. Rows that share a Group ID are one listed party.

#include <unordered_map>
#include <utility>

#include "core/csv_reader.hpp"
#include "core/text_util.hpp"
#include "screening/list_parsers.hpp"
#include "screening/parse_util.hpp"

namespace echri::screening::detail {
namespace {

constexpr std::string_view kListId = "uk-ofsi";

// "(1) Russia (2) Ukraine" -> {"Russia", "Ukraine"}; text without the markers is one value.
std::vector<std::string> numbered_values(std::string_view text) {
  std::vector<std::string> values;
  std::string current;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '(') {
      std::size_t k = i + 1;
      while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
      if (k > i + 1 && k < text.size() && text[k] == ')') {
        if (auto value = clean(current); !value.empty()) values.push_back(std::move(value));
        current.clear();
        i = k + 1;
        continue;
      }
    }
    current.push_back(text[i++]);
  }
  if (auto value = clean(current); !value.empty()) values.push_back(std::move(value));
  return values;
}

void add_remark_once(std::string& remarks, const std::string& piece) {
  if (piece.empty() || remarks.find(piece) != std::string::npos) return;
  append_remark(remarks, piece);
}

}  // namespace

ParsedList parse_uk_csv(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string raw = read_list_file(path);
  const std::string_view content = require_utf8(raw, file);
  core::CsvReader reader(content, ',', file);
  std::vector<std::string> fields;
  const auto next = [&] { return next_record(reader, fields); };

  ParsedList list;
  list.list_id = std::string(kListId);
  list.title = "UK OFSI Consolidated List of Financial Sanctions Targets";
  list.format = ListFormat::uk_csv;
  list.source_files.push_back(path);

  if (!next()) fail_at(location(file, 1), "the file is empty");
  if (!fields.empty() && core::starts_with_icase(core::trim(fields[0]), "Last Updated")) {
    if (fields.size() > 1) {
      if (auto date = normalise_dmy(fields[1])) list.published = *date;
    }
    if (!next()) fail_at(location(file, 2), "missing the header row");
  }
  const std::vector<std::string> header = fields;
  const std::size_t header_line = reader.record_line();
  std::unordered_map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column.emplace(core::trim(header[i]), i);
  for (const char* required : {"Name 6", "Group Type", "Group ID"}) {
    if (!column.contains(required))
      fail_at(location(file, header_line, required),
              "missing column in the header (is this an OFSI ConList.csv file?)");
  }
  const auto get = [&](const char* name) -> std::string {
    const auto it = column.find(name);
    return it == column.end() ? std::string{} : clean(fields[it->second]);
  };

  struct Group {
    bool has_primary = false;
    core::AliasStrength name_strength = core::AliasStrength::strong;  // of a non-primary name
  };
  std::unordered_map<std::string, std::size_t> by_group;
  std::vector<Group> groups;
  while (next()) {
    const std::size_t line = reader.record_line();
    require_field_count(fields, header.size(), file, line);
    const std::string group_id = get("Group ID");
    if (group_id.empty()) fail_at(location(file, line, "Group ID"), "empty group id");
    std::string name;
    for (const char* part : {"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"}) {
      if (const std::string value = get(part); !value.empty())
        name += (name.empty() ? "" : " ") + value;
    }
    if (name.empty()) fail_at(location(file, line, "Name 6"), "empty name");

    auto [it, inserted] = by_group.emplace(group_id, list.entities.size());
    if (inserted) {
      core::ListedEntity fresh;
      fresh.list = std::string(kListId);
      fresh.source_id = group_id;
      const std::string group_type = get("Group Type");
      const std::string lower = core::ascii_lower(group_type);
      if (lower == "individual") {
        fresh.type = core::EntityType::person;
      } else if (lower == "entity") {
        fresh.type = core::EntityType::organization;
      } else if (lower == "ship") {
        fresh.type = core::EntityType::vessel;
      } else if (auto type = core::parse_entity_type(group_type)) {
        fresh.type = *type;
      } else {
        fail_at(location(file, line, "Group Type"), "unknown group type '" + group_type + "'");
      }
      list.entities.push_back(std::move(fresh));
      groups.emplace_back();
    }
    auto& e = list.entities[it->second];
    auto& group = groups[it->second];

    const bool primary = core::ascii_lower(get("Alias Type")) == "primary name";
    const auto strength = core::ascii_lower(get("Alias Quality")) == "low"
                              ? core::AliasStrength::weak
                              : core::AliasStrength::strong;
    if (e.name.empty()) {
      e.name = name;
      group.has_primary = primary;
      group.name_strength = strength;
    } else if (primary && !group.has_primary) {
      // The primary row came after an alias row: the earlier name becomes an alias.
      std::string earlier = std::exchange(e.name, name);
      std::erase_if(e.aliases, [&](const core::Alias& a) { return a.name == e.name; });
      add_alias(e, earlier, group.name_strength);
      group.has_primary = true;
    } else {
      add_alias(e, name, strength);
    }
    add_alias(e, get("Name Non-Latin Script"), core::AliasStrength::strong);

    if (const std::string dob = get("DOB"); !dob.empty()) {
      if (auto date = normalise_dmy(dob))
        add_date_of_birth(e, *date);
      else if (auto other = normalise_date(dob))
        add_date_of_birth(e, *other);
    }
    for (const auto& nationality : numbered_values(get("Nationality"))) {
      if (!add_country(e, nationality)) add_remark_once(e.remarks, "Nationality: " + nationality);
    }
    for (const auto& number : numbered_values(get("Passport Number")))
      add_identifier(e, {"Passport", number, ""});
    for (const auto& number : numbered_values(get("National Identification Number")))
      add_identifier(e, {"National ID No.", number, ""});
    if (const std::string details = get("Passport Details"); !details.empty())
      add_remark_once(e.remarks, "Passport details: " + details);
    if (const std::string details = get("National Identification Details"); !details.empty())
      add_remark_once(e.remarks, "National ID details: " + details);
    if (const std::string position = get("Position"); !position.empty())
      add_remark_once(e.remarks, "Position: " + position);
    std::string pob;
    for (const char* part : {"Town of Birth", "Country of Birth"}) {
      if (const std::string value = get(part); !value.empty())
        pob += (pob.empty() ? "" : ", ") + value;
    }
    if (!pob.empty()) add_remark_once(e.remarks, "POB " + pob);

    core::Address address;
    for (const char* part :
         {"Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6"}) {
      if (const std::string value = get(part); !value.empty())
        address.street += (address.street.empty() ? "" : ", ") + value;
    }
    address.postal_code = get("Post/Zip Code");
    address.country = get("Country");
    add_address(e, std::move(address));

    add_remark_once(e.remarks, get("Other Information"));
    add_unique(e.programs, get("Regime"));
    if (e.listed_on.empty()) {
      if (auto date = normalise_dmy(get("Listed On"))) e.listed_on = *date;
    }
  }
  return list;
}

}  // namespace echri::screening::detail
