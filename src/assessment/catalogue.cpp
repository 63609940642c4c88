#include "assessment/catalogue.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <set>
#include <span>
#include <utility>

#include "assessment/internal/toml_fields.hpp"

namespace echri::assessment {
namespace {

using detail::TomlTable;

constexpr std::string_view kBuiltinCatalogue =
#include "catalogue_toml.inc"
    ;

// Closed vocabularies: a typo in the catalogue must fail the build's test, not slip into reports.
constexpr std::array<std::string_view, 4> kRegimes{"wassenaar", "eu", "us-ear", "eu-anti-torture"};
constexpr std::array<std::string_view, 10> kCategories{
    "cyber-surveillance", "telecommunications", "information-security", "computers",  "imaging",
    "crime-control",      "restraints",         "riot-control",         "biometrics", "general"};
constexpr std::array<std::string_view, 2> kSources{"bis-kyc", "eu-cyber-surveillance"};
constexpr std::array<Sensitivity, 5> kSensitivities{Sensitivity::none, Sensitivity::low,
                                                    Sensitivity::moderate, Sensitivity::high,
                                                    Sensitivity::critical};

constexpr std::size_t kEntryHeadLength = 5;  // "5A001", "EAR99"

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || is_ascii_digit(c);
}
char ascii_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string joined(std::span<const std::string_view> words) {
  std::string out;
  for (const auto word : words) out += (out.empty() ? "" : ", ") + std::string(word);
  return out;
}

// The entry head upper case, the sub-items as written: "5a001.j" -> "5A001.j".
std::string canonical_entry(std::string_view id) {
  std::string out(id);
  for (std::size_t i = 0; i < kEntryHeadLength && i < out.size(); ++i) out[i] = ascii_upper(out[i]);
  return out;
}

// Capability and question ids are answer keys and JSON values: lower snake case only.
bool is_identifier(std::string_view id) {
  if (id.empty() || !(id.front() >= 'a' && id.front() <= 'z')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return is_lower_alnum(c) || c == '_'; });
}

std::string one_of(const TomlTable& table, std::string_view key,
                   std::span<const std::string_view> allowed) {
  auto value = table.string(key);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
    table.fail_at(key, "unknown value \"" + value + "\" (expected " + joined(allowed) + ")");
  return value;
}

Sensitivity sensitivity_at(const TomlTable& table) {
  const auto text = table.string("sensitivity");
  const auto value = parse_sensitivity(text);
  if (!value) {
    // The names come from risk.cpp so that the message cannot drift from what is accepted.
    std::array<std::string_view, kSensitivities.size()> names{};
    std::transform(kSensitivities.begin(), kSensitivities.end(), names.begin(),
                   [](Sensitivity sensitivity) { return to_string(sensitivity); });
    table.fail_at("sensitivity", "unknown value \"" + text + "\" (expected " + joined(names) + ")");
  }
  return *value;
}

std::string identifier_at(const TomlTable& table) {
  auto id = table.string("id");
  if (!is_identifier(id))
    table.fail_at("id", "\"" + id + "\" is not a lower-case identifier (letters, digits, _)");
  return id;
}

// The [[name]] array of tables, each element with its indexed name ("entry[3]").
std::vector<TomlTable> tables_of(const TomlTable& root, std::string_view name) {
  std::vector<TomlTable> out;
  const auto* node = root.find(name);
  if (node == nullptr) return out;
  const auto* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables())
    root.fail_at(name, "expected [[" + std::string(name) + "]] tables");
  for (std::size_t i = 0; i < array->size(); ++i)
    out.emplace_back((*array)[i], std::string(name) + "[" + std::to_string(i) + "]");
  return out;
}

// Ids must be unique within their kind; the error points at the second occurrence.
class UniqueIds {
 public:
  void add(const TomlTable& table, const std::string& id) {
    if (!seen_.insert(id).second) table.fail_at("id", "duplicate id \"" + id + "\"");
  }

 private:
  std::set<std::string, std::less<>> seen_;
};

ControlEntry read_entry(const TomlTable& table, const std::set<std::string, std::less<>>& known) {
  table.only({"id", "title", "regime", "category", "sensitivity", "capabilities", "rationale",
              "citation"});
  ControlEntry entry;
  entry.id = table.string("id");
  if (!is_control_entry_syntax(entry.id))
    table.fail_at(
        "id",
        "\"" + entry.id + "\" is not written like a control-list entry (5A001, 5A001.j.1, EAR99)");
  // The catalogue's spelling is what applications are normalised to, so it must be canonical.
  if (canonical_entry(entry.id) != entry.id)
    table.fail_at("id", "write the entry as \"" + canonical_entry(entry.id) + "\"");
  entry.title = table.string("title");
  entry.regime = one_of(table, "regime", kRegimes);
  entry.category = one_of(table, "category", kCategories);
  entry.sensitivity = sensitivity_at(table);
  entry.capabilities = table.strings("capabilities");
  std::set<std::string_view> listed;
  for (const auto& id : entry.capabilities) {
    if (!known.contains(id)) table.fail_at("capabilities", "unknown capability \"" + id + "\"");
    if (!listed.insert(id).second)
      table.fail_at("capabilities", "capability \"" + id + "\" is listed twice");
  }
  entry.rationale = table.string("rationale");
  entry.citation = table.string("citation");
  return entry;
}

Capability read_capability(const TomlTable& table) {
  table.only({"id", "title", "sensitivity", "description", "citation"});
  Capability capability;
  capability.id = identifier_at(table);
  capability.title = table.string("title");
  capability.sensitivity = sensitivity_at(table);
  capability.description = table.string("description");
  capability.citation = table.string("citation");
  return capability;
}

Question read_question(const TomlTable& table) {
  table.only({"id", "text", "source", "citation", "human_rights"});
  Question question;
  question.id = identifier_at(table);
  question.text = table.string("text");
  question.source = one_of(table, "source", kSources);
  question.citation = table.string("citation");
  // Required rather than defaulted: whether a concern is about people or about diversion decides
  // how the policy weighs it, so every question states it.
  if (table.find("human_rights") == nullptr)
    table.fail_at("human_rights", "required field is missing");
  question.human_rights = table.optional_bool("human_rights", false);
  return question;
}

template <class Record>
const Record* find_by_id(const std::vector<Record>& records, std::string_view id) {
  const auto it = std::find_if(records.begin(), records.end(),
                               [&](const Record& record) { return record.id == id; });
  return it == records.end() ? nullptr : &*it;
}

Catalogue load_builtin() {
  auto parsed = parse_catalogue(kBuiltinCatalogue, "data/catalogue/catalogue.toml");
  if (!parsed) {
    // A test parses the shipped catalogue; reaching this is a build defect, not a user error.
    std::cerr << "echri: the built-in control catalogue is invalid: " << parsed.error().describe()
              << "\n";
    std::abort();
  }
  return std::move(*parsed);
}

}  // namespace

bool is_control_entry_syntax(std::string_view id) {
  if (id.size() < kEntryHeadLength) return false;
  const std::string head = canonical_entry(id.substr(0, kEntryHeadLength));
  if (head == "EAR99") return id.size() == kEntryHeadLength;
  if (!is_ascii_digit(head[0]) || head[1] < 'A' || head[1] > 'E') return false;
  if (!std::all_of(head.begin() + 2, head.end(), is_ascii_digit)) return false;
  // Then any number of ".x" groups, each non-empty lower-case letters or digits.
  std::string_view rest = id.substr(kEntryHeadLength);
  while (!rest.empty()) {
    if (rest.front() != '.') return false;
    rest.remove_prefix(1);
    const auto end = std::find_if_not(rest.begin(), rest.end(), is_lower_alnum);
    const auto length = static_cast<std::size_t>(end - rest.begin());
    if (length == 0) return false;
    rest.remove_prefix(length);
  }
  return true;
}

Result<Catalogue> parse_catalogue(std::string_view toml_text, const std::string& file) {
  try {
    const auto document = detail::parse_toml(toml_text, file);
    const TomlTable root(document, "");
    root.only({"catalogue", "entry", "capability", "question"});
    Catalogue catalogue;

    const auto header = root.subtable("catalogue");
    header.only({"version", "description"});
    catalogue.version_ = header.string("version");

    // Capabilities first: entries refer to them.
    UniqueIds capability_ids;
    for (const auto& table : tables_of(root, "capability")) {
      auto capability = read_capability(table);
      capability_ids.add(table, capability.id);
      catalogue.capabilities_.push_back(std::move(capability));
    }
    std::set<std::string, std::less<>> known;
    for (const auto& capability : catalogue.capabilities_) known.insert(capability.id);

    UniqueIds entry_ids;
    for (const auto& table : tables_of(root, "entry")) {
      auto entry = read_entry(table, known);
      entry_ids.add(table, entry.id);
      catalogue.entries_.push_back(std::move(entry));
    }
    std::sort(catalogue.entries_.begin(), catalogue.entries_.end(),
              [](const ControlEntry& a, const ControlEntry& b) { return a.id < b.id; });

    UniqueIds question_ids;
    for (const auto& table : tables_of(root, "question")) {
      auto question = read_question(table);
      question_ids.add(table, question.id);
      catalogue.questions_.push_back(std::move(question));
    }
    return catalogue;
  } catch (Failure& failure) {
    failure.error.where = detail::toml_where(file, failure.error);
    return tl::unexpected(std::move(failure.error));
  }
}

const Catalogue& Catalogue::builtin() {
  static const Catalogue catalogue = load_builtin();
  return catalogue;
}

const ControlEntry* Catalogue::find_entry(std::string_view id) const {
  if (!is_control_entry_syntax(id)) return nullptr;
  std::string key = canonical_entry(id);
  // Most specific first: drop the last ".x" group until an entry matches or only the head is left.
  for (;;) {
    const auto it = std::lower_bound(
        entries_.begin(), entries_.end(), key,
        [](const ControlEntry& entry, const std::string& wanted) { return entry.id < wanted; });
    if (it != entries_.end() && it->id == key) return &*it;
    const auto dot = key.rfind('.');
    if (dot == std::string::npos) return nullptr;
    key.resize(dot);
  }
}

const Capability* Catalogue::find_capability(std::string_view id) const {
  return find_by_id(capabilities_, id);
}

const Question* Catalogue::find_question(std::string_view id) const {
  return find_by_id(questions_, id);
}

}  // namespace echri::assessment
