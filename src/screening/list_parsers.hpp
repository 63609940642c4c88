#pragma once
// Internal to screening/: one parser per official format. Each reads its files whole and returns
// the complete list, or throws echri::Failure naming file:line and the field;
// parse_list_files (list_format.hpp) is the public entry point.

#include <filesystem>
#include <optional>

#include "screening/list_format.hpp"

namespace echri::screening::detail {

// The OFAC legacy CSV set: the primary file and its optional side files.
struct OfacFileSet {
  bool consolidated = false;  // cons_prim.csv (non-SDN lists) rather than sdn.csv
  std::filesystem::path primary;
  std::optional<std::filesystem::path> aliases;    // alt.csv / cons_alt.csv
  std::optional<std::filesystem::path> addresses;  // add.csv / cons_add.csv
  std::optional<std::filesystem::path> comments;   // sdn_comments.csv / cons_comments.csv
};

ParsedList parse_ofac(const OfacFileSet& files);
ParsedList parse_csl_csv(const std::filesystem::path& path);
ParsedList parse_csl_json(const std::filesystem::path& path);
ParsedList parse_un_xml(const std::filesystem::path& path);
ParsedList parse_eu_xml(const std::filesystem::path& path);
ParsedList parse_uk_csv(const std::filesystem::path& path);
ParsedList parse_dpl_tsv(const std::filesystem::path& path);

// Parses OFAC's free-text remarks: dates of birth, nationality and citizenship, identity
// documents, IMO numbers and weak a.k.a.s become fields; the rest stays in the remarks.
void parse_ofac_remarks(core::ListedEntity& entity, std::string_view remarks);

}  // namespace echri::screening::detail
