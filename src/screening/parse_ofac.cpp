// OFAC legacy CSV set: sdn.csv (or cons_prim.csv) with alt, add and comments side files. No header
// row, Latin-1, "-0-" for an empty field, remarks as "; "-separated free text.

#include <algorithm>
#include <array>
#include <unordered_map>

#include "core/csv_reader.hpp"
#include "core/text_util.hpp"
#include "screening/list_parsers.hpp"
#include "screening/parse_util.hpp"

namespace echri::screening::detail {
namespace {

constexpr std::array<std::string_view, 12> kPrimaryColumns{
    "ent_num",   "SDN_Name", "SDN_Type", "Program",   "Title",      "Call_Sign",
    "Vess_type", "Tonnage",  "GRT",      "Vess_flag", "Vess_owner", "Remarks"};
constexpr std::array<std::string_view, 5> kAliasColumns{"ent_num", "alt_num", "alt_type",
                                                        "alt_name", "alt_remarks"};
constexpr std::array<std::string_view, 6> kAddressColumns{
    "ent_num", "add_num", "address", "city/state/postal", "country", "add_remarks"};
constexpr std::array<std::string_view, 2> kCommentColumns{"ent_num", "remarks"};

// "-0-" (with its trailing blank) is OFAC's empty field.
std::string value_of(const std::string& field) {
  const std::string_view text = core::trim(field);
  if (text == "-0-") return {};
  return std::string(text);
}

bool is_number(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads one file of the set and calls `row` for each record, after checking the column count and
// the ent_num.
template <std::size_t N, class Row>
void read_rows(const std::filesystem::path& path, const std::array<std::string_view, N>& columns,
               Row&& row) {
  const std::string file = path.string();
  const std::string content = utf8_or_latin1(read_list_file(path));
  core::CsvReader reader(content, ',', file);
  std::vector<std::string> fields;
  while (true) {
    if (!next_record(reader, fields)) break;
    const std::size_t line = reader.record_line();
    if (fields.size() != N) {
      fail_at(location(file, line), "expected " + std::to_string(N) + " fields (" +
                                        std::string(columns[0]) + ", " + std::string(columns[1]) +
                                        ", ...), found " + std::to_string(fields.size()));
    }
    const std::string ent_num = value_of(fields[0]);
    if (!is_number(ent_num))
      fail_at(location(file, line, columns[0]), "expected a number, found '" + ent_num + "'");
    row(ent_num, fields, line);
  }
}

// Identity documents and registration numbers as OFAC writes them: "<label> <value> (<country>)".
// Longest labels first so that "Diplomatic Passport" wins over "Passport".
const std::vector<std::string_view>& identifier_labels() {
  static const std::vector<std::string_view> labels = [] {
    std::vector<std::string_view> all{
        "Passport",
        "Diplomatic Passport",
        "National ID No.",
        "Cedula No.",
        "Tax ID No.",
        "Registration ID",
        "Registration Number",
        "NIT #",
        "R.F.C.",
        "RFC",
        "C.U.R.P.",
        "CURP #",
        "RUC #",
        "Identification Number",
        "Folio Mercantil No.",
        "Company Number",
        "UK Company Number",
        "Government Gazette Number",
        "SWIFT/BIC",
        "Commercial Registry Number",
        "Matricula Mercantil No",
        "Business Registration Document #",
        "Business Registration Number",
        "Trade License No.",
        "MMSI",
        "D.N.I.",
        "C.R. No.",
        "RIF #",
        "Electoral Registry No.",
        "Driver's License No.",
        "Italian Fiscal Code",
        "Personal ID Card",
        "US FEIN",
        "SSN",
        "Chamber of Commerce Number",
        "Legal Entity Number",
        "V.A.T. Number",
        "Credencial electoral",
        "Public Security and Immigration No.",
        "Residency Number",
        "Birth Certificate Number",
        "Aircraft Tail Number",
        "Aircraft Manufacturer's Serial Number (MSN)",
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        "Aircraft Mode S Transponder Code",
        "Refugee ID Card",
        "Stateless Person ID Card",
        "Turkish Identification Number",
        "Kenyan ID No.",
        "Cartilla de Servicio Militar Nacional",
        "Pasaporte",
        "Numero Unico de Identificacao Tributaria (NUIT)",
        "Unified Social Credit Code (USCC)",
        "Enterprise Number",
        "Central Registration System Number"};
    std::sort(all.begin(), all.end(),
              [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
    return all;
  }();
  return labels;
}

std::string_view strip_prefix_icase(std::string_view text, std::string_view prefix, bool& found) {
  found = core::starts_with_icase(text, prefix);
  return found ? core::trim(text.substr(prefix.size())) : text;
}

// "'NAME'" -> "NAME". A name may itself start with an apostrophe: "''ABD AL-RAHMAN'".
std::string unquote(std::string_view text) {
  text = core::trim(text);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'')
    text = text.substr(1, text.size() - 2);
  return std::string(text);
}

// Returns true when the segment was understood completely and can leave the remarks.
bool parse_segment(core::ListedEntity& entity, std::string_view segment) {
  bool found = false;
  std::string_view text = strip_prefix_icase(segment, "alt. ", found);

  if (text = strip_prefix_icase(text, "DOB ", found); found) {
    const auto dates = parse_date_expression(text);
    for (const auto& date : dates) add_date_of_birth(entity, date);
    return !dates.empty();
  }
  for (const std::string_view prefix : {"nationality ", "citizen "}) {
    if (text = strip_prefix_icase(text, prefix, found); found) return add_country(entity, text);
  }
  for (const std::string_view prefix : {"a.k.a. ", "f.k.a. ", "n.k.a. "}) {
    if (text = strip_prefix_icase(text, prefix, found); found) {
      // OFAC publishes its weak aliases only here, in the remarks.
      add_alias(entity, unquote(text), core::AliasStrength::weak);
      return true;
    }
  }
  if (text = strip_prefix_icase(text, "Vessel Registration Identification ", found); found) {
    text = strip_prefix_icase(text, "IMO ", found);
    add_identifier(entity,
                   {found ? "IMO" : "Vessel Registration Identification", std::string(text), ""});
    return true;
  }
  if (text = strip_prefix_icase(text, "IMO ", found); found) {
    add_identifier(entity, {"IMO", std::string(text), ""});
    return true;
  }
  if (text = strip_prefix_icase(text, "Digital Currency Address - ", found); found) {
    const auto space = text.find(' ');
    if (space == std::string_view::npos) return false;
    add_identifier(entity, {"Digital Currency Address - " + std::string(text.substr(0, space)),
                            std::string(core::trim(text.substr(space + 1))), ""});
    return true;
  }
  for (const std::string_view label : identifier_labels()) {
    if (!core::starts_with_icase(text, label) || text.size() <= label.size() ||
        text[label.size()] != ' ')
      continue;
    std::string_view rest = core::trim(text.substr(label.size()));
    std::string_view value = rest;
    std::string_view country;
    std::string_view tail;
    if (const auto open = rest.find(" ("); open != std::string_view::npos) {
      const auto close = rest.find(')', open);
      value = rest.substr(0, open);
      if (close != std::string_view::npos) {
        country = rest.substr(open + 2, close - open - 2);
        tail = core::trim(rest.substr(close + 1));
      } else {
        tail = rest.substr(open);
      }
    } else {
      for (const std::string_view word : {" issued ", " expires "}) {
        if (const auto at = value.find(word); at != std::string_view::npos) {
          tail = value.substr(at);
          value = value.substr(0, at);
        }
      }
    }
    if (core::trim(value).empty()) return false;
    add_identifier(entity, {std::string(label), std::string(value), std::string(country)});
    // Issue and expiry dates have no field: keep the segment for the officer.
    return core::trim(tail).empty();
  }
  return false;
}

const std::unordered_map<std::string_view, core::EntityType>& sdn_types() {
  static const std::unordered_map<std::string_view, core::EntityType> types{
      {"", core::EntityType::organization},       {"individual", core::EntityType::person},
      {"vessel", core::EntityType::vessel},       {"aircraft", core::EntityType::aircraft},
      {"entity", core::EntityType::organization},
  };
  return types;
}

}  // namespace

void parse_ofac_remarks(core::ListedEntity& entity, std::string_view remarks) {
  std::string kept;
  auto segments = core::split_trimmed(remarks, ";");
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    // The last segment carries the sentence's full stop, which is not part of a value; a kept
    // segment keeps it, as it may end an abbreviation ("S.A.").
    if (i + 1 == segments.size() && segment.ends_with('.')) segment.remove_suffix(1);
    if (!parse_segment(entity, segment)) append_remark(kept, segments[i]);
  }
  entity.remarks = std::move(kept);
}

ParsedList parse_ofac(const OfacFileSet& files) {
  ParsedList list;
  list.format = ListFormat::ofac_csv;
  list.list_id = files.consolidated ? "us-ofac-cons" : "us-ofac-sdn";
  list.title = files.consolidated ? "OFAC Consolidated Sanctions List (non-SDN)"
                                  : "OFAC Specially Designated Nationals (SDN) List";
  list.source_files.push_back(files.primary);

  struct Pending {
    core::ListedEntity entity;
    std::string remarks;  // raw, until the comments overflow is appended
    std::string extra;    // title and vessel details, appended after parsing
  };
  std::vector<Pending> pending;
  std::unordered_map<std::string, std::size_t> by_id;

  read_rows(files.primary, kPrimaryColumns,
            [&](const std::string& ent_num, const std::vector<std::string>& f, std::size_t line) {
              const std::string file = files.primary.string();
              Pending item;
              auto& e = item.entity;
              e.list = list.list_id;
              e.source_id = ent_num;
              e.name = clean(value_of(f[1]));
              if (e.name.empty()) fail_at(location(file, line, kPrimaryColumns[1]), "empty name");
              const std::string type = core::ascii_lower(value_of(f[2]));
              const auto known = sdn_types().find(type);
              if (known == sdn_types().end())
                fail_at(location(file, line, kPrimaryColumns[2]), "unknown type '" + type + "'");
              e.type = known->second;
              for (auto& program : core::split_trimmed(value_of(f[3]), "] [")) {
                program.erase(std::remove(program.begin(), program.end(), '['), program.end());
                program.erase(std::remove(program.begin(), program.end(), ']'), program.end());
                add_unique(e.programs, clean(program));
              }
              if (auto title = value_of(f[4]); !title.empty())
                append_remark(item.extra, "Title: " + title);
              if (auto call_sign = value_of(f[5]); !call_sign.empty())
                add_identifier(e, {"Call Sign", call_sign, ""});
              if (auto vessel_type = value_of(f[6]); !vessel_type.empty())
                append_remark(item.extra, "Vessel type: " + vessel_type);
              if (auto tonnage = value_of(f[7]); !tonnage.empty())
                append_remark(item.extra, "Tonnage: " + tonnage);
              if (auto grt = value_of(f[8]); !grt.empty()) append_remark(item.extra, "GRT: " + grt);
              if (auto flag = value_of(f[9]); !flag.empty()) {
                if (!add_country(e, flag)) append_remark(item.extra, "Flag: " + flag);
              }
              if (auto owner = value_of(f[10]); !owner.empty())
                append_remark(item.extra, "Vessel owner: " + owner);
              item.remarks = value_of(f[11]);
              e.source_url = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=" + ent_num;
              if (!by_id.emplace(ent_num, pending.size()).second)
                fail_at(location(file, line, kPrimaryColumns[0]), "duplicate ent_num " + ent_num);
              pending.push_back(std::move(item));
            });

  // Side files refer to primary records by ent_num; rows for records that are not in the primary
  // file (the published side files are sometimes a day apart) are ignored.
  if (files.aliases) {
    list.source_files.push_back(*files.aliases);
    read_rows(*files.aliases, kAliasColumns,
              [&](const std::string& ent_num, const std::vector<std::string>& f, std::size_t line) {
                const auto it = by_id.find(ent_num);
                if (it == by_id.end()) return;
                const std::string name = value_of(f[3]);
                if (name.empty())
                  fail_at(location(files.aliases->string(), line, kAliasColumns[3]), "empty alias");
                // aka/fka/nka are all names the party is or was known by: strong.
                add_alias(pending[it->second].entity, name, core::AliasStrength::strong);
              });
  }
  if (files.addresses) {
    list.source_files.push_back(*files.addresses);
    read_rows(*files.addresses, kAddressColumns,
              [&](const std::string& ent_num, const std::vector<std::string>& f, std::size_t) {
                const auto it = by_id.find(ent_num);
                if (it == by_id.end()) return;
                core::Address address;
                address.street = value_of(f[2]);
                // OFAC writes city, state and postal code in one field ("Zurich CH-8022").
                address.city = value_of(f[3]);
                address.country = value_of(f[4]);
                add_address(pending[it->second].entity, std::move(address));
              });
  }
  if (files.comments) {
    list.source_files.push_back(*files.comments);
    read_rows(*files.comments, kCommentColumns,
              [&](const std::string& ent_num, const std::vector<std::string>& f, std::size_t) {
                const auto it = by_id.find(ent_num);
                if (it == by_id.end()) return;
                // The overflow continues the truncated remarks mid-word: no separator.
                pending[it->second].remarks += value_of(f[1]);
              });
  }

  list.entities.reserve(pending.size());
  for (auto& item : pending) {
    parse_ofac_remarks(item.entity, item.remarks);
    if (!item.extra.empty()) {
      std::string remarks = std::move(item.extra);
      append_remark(remarks, item.entity.remarks);
      item.entity.remarks = std::move(remarks);
    }
    list.entities.push_back(std::move(item.entity));
  }
  return list;
}

}  // namespace echri::screening::detail
