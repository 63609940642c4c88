#pragma once
// Official restricted-party list formats and their parsers: files in, ListedEntity values out.
// Parsers read whole files and either return every entity or an error that names file:line and
// the field; they never return half a list.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.hpp"
#include "core/result.hpp"

namespace echri::screening {

enum class ListFormat {
  auto_detect,
  ofac_csv,  // OFAC legacy CSV set: sdn.csv (+ alt.csv, add.csv, sdn_comments.csv beside it);
             // the non-SDN consolidated set (cons_prim.csv + cons_alt/add/comments) too
  csl_csv,   // US Consolidated Screening List (trade.gov) CSV
  csl_json,  // US Consolidated Screening List JSON ({"results": [...]})
  un_xml,    // UN Security Council consolidated list XML
  eu_xml,    // EU consolidated financial sanctions list XML (xmlFullSanctionsList 1.1)
  uk_csv,    // UK OFSI consolidated list CSV (ConList.csv, rows grouped by Group ID)
  dpl_tsv,   // BIS Denied Persons List, tab-separated with header
};

std::string_view to_string(ListFormat format);
// Accepts the CLI names: auto, ofac-csv, csl-csv, csl-json, un-xml, eu-xml, uk-csv, dpl-tsv.
std::optional<ListFormat> parse_list_format(std::string_view name);

// One list as parsed from its files.
struct ParsedList {
  std::string list_id;  // dataset id, also each entity's `list`: "us-ofac-sdn", "us-ofac-cons",
                        // "us-csl", "un-sc", "eu-fsf", "uk-ofsi", "us-bis-dpl"
  std::string title;    // "OFAC Specially Designated Nationals", ...
  ListFormat format = ListFormat::auto_detect;
  std::string published;  // date the file states, "" when it states none
  std::vector<std::filesystem::path> source_files;
  std::vector<core::ListedEntity> entities;
};

// Looks at the file name and first bytes.
Result<ListFormat> detect_format(const std::filesystem::path& path);

// Parses the given files. An OFAC set is named by its primary file (sdn.csv or cons_prim.csv);
// the alt/add/comments files are taken from the same folder when present, or may be named too.
// Several paths may yield several lists; with a format other than auto_detect every path must be
// of that format.
Result<std::vector<ParsedList>> parse_list_files(const std::vector<std::filesystem::path>& paths,
                                                 ListFormat format);

}  // namespace echri::screening
