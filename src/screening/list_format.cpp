#include "screening/list_format.hpp"

#include <array>
#include <fstream>
#include <map>
#include <set>
#include <utility>

#include "core/text_util.hpp"
#include "screening/list_parsers.hpp"
#include "screening/parse_util.hpp"

namespace echri::screening {
namespace {

constexpr std::array<std::pair<ListFormat, std::string_view>, 8> kFormatNames{{
    {ListFormat::auto_detect, "auto"},
    {ListFormat::ofac_csv, "ofac-csv"},
    {ListFormat::csl_csv, "csl-csv"},
    {ListFormat::csl_json, "csl-json"},
    {ListFormat::un_xml, "un-xml"},
    {ListFormat::eu_xml, "eu-xml"},
    {ListFormat::uk_csv, "uk-csv"},
    {ListFormat::dpl_tsv, "dpl-tsv"},
}};

// OFAC side files, by the name OFAC publishes them under.
enum class OfacRole { primary, aliases, addresses, comments };

struct OfacName {
  std::string_view file;
  bool consolidated;
  OfacRole role;
};

constexpr std::array<OfacName, 8> kOfacNames{{
    {"sdn.csv", false, OfacRole::primary},
    {"alt.csv", false, OfacRole::aliases},
    {"add.csv", false, OfacRole::addresses},
    {"sdn_comments.csv", false, OfacRole::comments},
    {"cons_prim.csv", true, OfacRole::primary},
    {"cons_alt.csv", true, OfacRole::aliases},
    {"cons_add.csv", true, OfacRole::addresses},
    {"cons_comments.csv", true, OfacRole::comments},
}};

const OfacName* ofac_name(const std::filesystem::path& path) {
  const std::string name = core::ascii_lower(path.filename().string());
  for (const auto& known : kOfacNames)
    if (known.file == name) return &known;
  return nullptr;
}

std::string_view side_file(bool consolidated, OfacRole role) {
  for (const auto& known : kOfacNames)
    if (known.consolidated == consolidated && known.role == role) return known.file;
  return {};
}

std::string head_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (std::string_view(head).starts_with("\xEF\xBB\xBF")) head.erase(0, 3);
  return head;
}

// The root element's local name, skipping the declaration, comments and a DOCTYPE.
std::string xml_root(std::string_view text) {
  std::size_t pos = 0;
  while (true) {
    pos = text.find('<', pos);
    if (pos == std::string_view::npos || pos + 1 >= text.size()) return {};
    const char next = text[pos + 1];
    if (next == '?' || next == '!') {
      const std::string_view close = text.substr(pos, 4) == "<!--" ? "-->" : ">";
      pos = text.find(close, pos);
      if (pos == std::string_view::npos) return {};
      continue;
    }
    std::size_t end = pos + 1;
    while (end < text.size() && text[end] != ' ' && text[end] != '>' && text[end] != '/' &&
           text[end] != '\t' && text[end] != '\r' && text[end] != '\n')
      ++end;
    std::string name(text.substr(pos + 1, end - pos - 1));
    if (const auto colon = name.find(':'); colon != std::string::npos) name.erase(0, colon + 1);
    return name;
  }
}

std::optional<ListFormat> sniff(std::string_view head) {
  const std::string_view text = core::trim(head);
  if (text.empty()) return std::nullopt;
  if (text.front() == '<') {
    const std::string root = xml_root(text);
    if (root == "CONSOLIDATED_LIST") return ListFormat::un_xml;
    if (root == "export") return ListFormat::eu_xml;
    return std::nullopt;
  }
  if (text.front() == '{' || text.front() == '[') return ListFormat::csl_json;
  const std::string_view first_line = text.substr(0, text.find_first_of("\r\n"));
  if (core::starts_with_icase(first_line, "Last Updated") ||
      (first_line.find("Name 6") != std::string_view::npos &&
       first_line.find("Group ID") != std::string_view::npos))
    return ListFormat::uk_csv;
  if (first_line.find('\t') != std::string_view::npos &&
      first_line.find("Street_Address") != std::string_view::npos)
    return ListFormat::dpl_tsv;
  if (first_line.find("source") != std::string_view::npos &&
      first_line.find("name") != std::string_view::npos &&
      (first_line.find("entity_number") != std::string_view::npos ||
       first_line.find("alt_names") != std::string_view::npos))
    return ListFormat::csl_csv;
  // OFAC's headerless rows start with the ent_num.
  std::size_t digits = 0;
  while (digits < first_line.size() && first_line[digits] >= '0' && first_line[digits] <= '9')
    ++digits;
  if (digits > 0 && digits < first_line.size() && first_line[digits] == ',')
    return ListFormat::ofac_csv;
  return std::nullopt;
}

Result<std::vector<ParsedList>> parse_all(const std::vector<std::filesystem::path>& paths,
                                          ListFormat format) {
  if (paths.empty()) return fail(ErrorKind::invalid_input, "no list files given");
  std::vector<ParsedList> lists;
  // OFAC sets, keyed by folder and kind (SDN or consolidated).
  std::map<std::pair<std::string, bool>, detail::OfacFileSet> ofac_sets;
  std::vector<std::pair<std::string, bool>> ofac_order;
  std::vector<std::pair<std::filesystem::path, OfacRole>> ofac_sides;
  std::vector<std::pair<std::filesystem::path, ListFormat>> others;

  for (const auto& path : paths) {
    ListFormat detected = format;
    if (detected == ListFormat::auto_detect) {
      auto result = detect_format(path);
      if (!result) return tl::unexpected(result.error());
      detected = *result;
    }
    if (detected != ListFormat::ofac_csv) {
      others.emplace_back(path, detected);
      continue;
    }
    const OfacName* known = ofac_name(path);
    const bool consolidated = known != nullptr && known->consolidated;
    const OfacRole role = known != nullptr ? known->role : OfacRole::primary;
    if (role != OfacRole::primary) {
      ofac_sides.emplace_back(path, role);
      continue;
    }
    const auto key = std::make_pair(path.parent_path().string(), consolidated);
    if (ofac_sets.contains(key))
      return fail(ErrorKind::conflict, "two OFAC primary files in one folder", path.string());
    auto& set = ofac_sets[key];
    set.consolidated = consolidated;
    set.primary = path;
    ofac_order.push_back(key);
  }
  for (const auto& [path, role] : ofac_sides) {
    const OfacName* known = ofac_name(path);
    const auto key = std::make_pair(path.parent_path().string(), known->consolidated);
    const auto it = ofac_sets.find(key);
    if (it == ofac_sets.end()) {
      return fail(ErrorKind::invalid_input,
                  "an OFAC side file; name its primary file (" +
                      std::string(side_file(known->consolidated, OfacRole::primary)) +
                      ") and the side files beside it are read too",
                  path.string());
    }
    auto& slot = role == OfacRole::aliases     ? it->second.aliases
                 : role == OfacRole::addresses ? it->second.addresses
                                               : it->second.comments;
    slot = path;
  }

  try {
    for (const auto& key : ofac_order) {
      auto& set = ofac_sets[key];
      const auto folder = set.primary.parent_path();
      const auto beside = [&](std::optional<std::filesystem::path>& slot, OfacRole role) {
        if (slot) return;
        const auto candidate = folder / side_file(set.consolidated, role);
        std::error_code code;
        if (std::filesystem::is_regular_file(candidate, code)) slot = candidate;
      };
      beside(set.aliases, OfacRole::aliases);
      beside(set.addresses, OfacRole::addresses);
      beside(set.comments, OfacRole::comments);
      lists.push_back(detail::parse_ofac(set));
    }
    for (const auto& [path, detected] : others) {
      switch (detected) {
        case ListFormat::csl_csv:
          lists.push_back(detail::parse_csl_csv(path));
          break;
        case ListFormat::csl_json:
          lists.push_back(detail::parse_csl_json(path));
          break;
        case ListFormat::un_xml:
          lists.push_back(detail::parse_un_xml(path));
          break;
        case ListFormat::eu_xml:
          lists.push_back(detail::parse_eu_xml(path));
          break;
        case ListFormat::uk_csv:
          lists.push_back(detail::parse_uk_csv(path));
          break;
        case ListFormat::dpl_tsv:
          lists.push_back(detail::parse_dpl_tsv(path));
          break;
        case ListFormat::auto_detect:
        case ListFormat::ofac_csv:
          return fail(ErrorKind::internal, "unexpected format", path.string());
      }
    }
  } catch (const Failure& failure) {
    return tl::unexpected(failure.error);
  }

  std::set<std::string> ids;
  for (const auto& list : lists) {
    const std::string first = list.source_files.front().string();
    // A list without entities is a truncated or wrong file; importing it would empty the list.
    if (list.entities.empty())
      return fail(ErrorKind::invalid_input, "no entities in the file", first);
    if (!ids.insert(list.list_id).second)
      return fail(ErrorKind::conflict, "list " + list.list_id + " is given by more than one file",
                  first);
  }
  return lists;
}

}  // namespace

std::string_view to_string(ListFormat format) {
  for (const auto& [value, name] : kFormatNames)
    if (value == format) return name;
  return "auto";
}

std::optional<ListFormat> parse_list_format(std::string_view name) {
  for (const auto& [value, known] : kFormatNames)
    if (known == name) return value;
  return std::nullopt;
}

Result<ListFormat> detect_format(const std::filesystem::path& path) {
  std::error_code code;
  if (!std::filesystem::is_regular_file(path, code))
    return fail(ErrorKind::not_found, "no such file", path.string());
  if (ofac_name(path) != nullptr) return ListFormat::ofac_csv;
  const std::string name = core::ascii_lower(path.filename().string());
  if (name == "dpl.txt") return ListFormat::dpl_tsv;
  if (name == "conlist.csv") return ListFormat::uk_csv;
  const std::string head = head_of(path);
  if (core::trim(head).empty())
    return fail(ErrorKind::invalid_input, "the file is empty", path.string() + ":1");
  if (auto format = sniff(head)) return *format;
  return fail(ErrorKind::invalid_input,
              "cannot tell which list format this is; name it with --format "
              "(ofac-csv, csl-csv, csl-json, un-xml, eu-xml, uk-csv, dpl-tsv)",
              path.string());
}

Result<std::vector<ParsedList>> parse_list_files(const std::vector<std::filesystem::path>& paths,
                                                 ListFormat format) {
  return parse_all(paths, format);
}

}  // namespace echri::screening
