// BIS Denied Persons List, dpl.txt: tab-separated, quoted, header row, one row per denial order
// and address. The file has no id column and no type column.

#include <unordered_map>
#include <unordered_set>

#include "core/csv_reader.hpp"
#include "core/text_util.hpp"
#include "screening/list_parsers.hpp"
#include "screening/parse_util.hpp"

namespace echri::screening::detail {

ParsedList parse_dpl_tsv(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string content = utf8_or_latin1(read_list_file(path));
  core::CsvReader reader(content, '\t', file);
  std::vector<std::string> fields;
  const auto next = [&] { return next_record(reader, fields); };
  if (!next()) fail_at(location(file, 1), "the file is empty");
  const std::vector<std::string> header = fields;
  std::unordered_map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column.emplace(core::trim(header[i]), i);
  for (const char* required :
       {"Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date"}) {
    if (!column.contains(required))
      fail_at(location(file, 1, required),
              "missing column in the header (is this a BIS dpl.txt file?)");
  }
  const auto get = [&](const char* name) -> std::string {
    const auto it = column.find(name);
    return it == column.end() ? std::string{} : clean(fields[it->second]);
  };

  ParsedList list;
  list.list_id = "us-bis-dpl";
  list.title = "BIS Denied Persons List";
  list.format = ListFormat::dpl_tsv;
  list.source_files.push_back(path);
  std::unordered_set<std::string> seen;
  while (next()) {
    const std::size_t line = reader.record_line();
    require_field_count(fields, header.size(), file, line);
    core::ListedEntity e;
    e.list = list.list_id;
    e.name = get("Name");
    if (e.name.empty()) fail_at(location(file, line, "Name"), "empty name");
    core::Address address;
    address.street = get("Street_Address");
    address.city = get("City");
    address.region = get("State");
    address.country = get("Country");
    address.postal_code = get("Postal_Code");
    const std::string effective = get("Effective_Date");
    // No id in the file: name, address and order date identify a denial order row.
    e.source_id = stable_id("dpl-", {e.name, address.street, address.city, address.region,
                                     address.country, address.postal_code, effective});
    // The file repeats some rows verbatim; a repeated row is the same denial.
    if (!seen.insert(e.source_id).second) continue;
    e.type = guess_type(e.name, core::EntityType::person);
    add_address(e, std::move(address));
    if (auto date = normalise_mdy(effective)) e.listed_on = *date;
    if (const std::string expires = get("Expiration_Date"); !expires.empty())
      append_remark(e.remarks, "Denial expires " + normalise_mdy(expires).value_or(expires));
    if (get("Standard_Order") == "Y") append_remark(e.remarks, "Standard order");
    if (const std::string action = get("Action"); !action.empty())
      append_remark(e.remarks, "Last action: " + action);
    if (const std::string citation = get("FR_Citation"); !citation.empty())
      append_remark(e.remarks, "Federal Register " + citation);
    e.source_url = "https://www.bis.gov/dpl";
    list.entities.push_back(std::move(e));
  }
  return list;
}

}  // namespace echri::screening::detail
