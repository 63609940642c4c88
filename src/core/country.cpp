#include "core/country.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "core/text_util.hpp"

namespace echri::core {
namespace {

constexpr std::string_view kIsoTable =
#include "iso3166_table.inc"
    ;

// Names in common use that iso-codes does not carry. Keys are in normalised form (see key_of).
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"russia", "RU"},
    {"burma", "MM"},
    {"korea north", "KP"},
    {"north korea", "KP"},
    {"dprk", "KP"},
    {"democratic peoples republic of korea", "KP"},
    {"korea south", "KR"},
    {"south korea", "KR"},
    {"republic of korea", "KR"},
    {"korea", "KR"},
    {"iran islamic republic of", "IR"},
    {"syria", "SY"},
    {"laos", "LA"},
    {"vietnam", "VN"},
    {"viet nam", "VN"},
    {"congo kinshasa", "CD"},
    {"congo democratic republic of the", "CD"},
    {"democratic republic of the congo", "CD"},
    {"democratic republic of congo", "CD"},
    {"drc", "CD"},
    {"zaire", "CD"},
    {"congo brazzaville", "CG"},
    {"republic of the congo", "CG"},
    {"congo republic of the", "CG"},
    {"ivory coast", "CI"},
    {"cote divoire", "CI"},
    {"cape verde", "CV"},
    {"czech republic", "CZ"},
    {"swaziland", "SZ"},
    {"macedonia", "MK"},
    {"north macedonia", "MK"},
    {"the former yugoslav republic of macedonia", "MK"},
    {"turkey", "TR"},
    {"turkiye", "TR"},
    {"united states", "US"},
    {"united states of america", "US"},
    {"usa", "US"},
    {"uk", "GB"},
    {"united kingdom", "GB"},
    {"great britain", "GB"},
    {"britain", "GB"},
    {"palestine", "PS"},
    {"palestinian territories", "PS"},
    {"west bank", "PS"},
    {"gaza strip", "PS"},
    {"west bank and gaza", "PS"},
    {"occupied palestinian territory", "PS"},
    {"state of palestine", "PS"},
    {"tanzania", "TZ"},
    {"venezuela", "VE"},
    {"bolivia", "BO"},
    {"moldova", "MD"},
    {"brunei", "BN"},
    {"micronesia", "FM"},
    {"the gambia", "GM"},
    {"gambia the", "GM"},
    {"bahamas the", "BS"},
    {"the bahamas", "BS"},
    {"kyrgyzstan", "KG"},
    {"kyrgyz republic", "KG"},
    {"east timor", "TL"},
    {"timor leste", "TL"},
    {"st kitts and nevis", "KN"},
    {"st lucia", "LC"},
    {"st vincent and the grenadines", "VC"},
    {"sao tome and principe", "ST"},
    {"vatican", "VA"},
    {"holy see", "VA"},
    {"kosovo", "XK"},
    {"taiwan", "TW"},
    {"hong kong", "HK"},
    {"macau", "MO"},
    {"macao", "MO"},
    {"curacao", "CW"},
    {"yemen republic of", "YE"},
};

// Lower-case ASCII letters and single spaces; accents folded for the few names that carry them.
std::string key_of(std::string_view text) {
  std::string folded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // Fold the accented Latin letters that appear in country names (ô, é, ç, í, ã).
    if (byte == 0xC3 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      char base = 0;
      if (next >= 0xA0 && next <= 0xA5)
        base = 'a';
      else if (next == 0xA7)
        base = 'c';
      else if (next >= 0xA8 && next <= 0xAB)
        base = 'e';
      else if (next >= 0xAC && next <= 0xAF)
        base = 'i';
      else if (next >= 0xB2 && next <= 0xB6)
        base = 'o';
      else if (next >= 0xB9 && next <= 0xBC)
        base = 'u';
      if (base != 0) {
        folded.push_back(base);
        ++i;
        continue;
      }
    }
    folded.push_back(static_cast<char>(byte));
  }
  std::string key;
  bool pending_space = false;
  for (const char ch : folded) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      if (pending_space && !key.empty()) key.push_back(' ');
      pending_space = false;
      key.push_back(static_cast<char>(std::tolower(c)));
    } else if (ch == '\'' || ch == '.') {
      // "Cote d'Ivoire" -> "cote divoire", "St. Lucia" -> "st lucia"
    } else {
      pending_space = true;
    }
  }
  return key;
}

struct Table {
  std::vector<Country> countries;
  std::unordered_map<std::string, std::size_t> by_code;  // upper-case alpha-2 and alpha-3
  std::unordered_map<std::string, std::size_t> by_name;  // key_of(name)

  Table() {
    const auto json = nlohmann::json::parse(kIsoTable);
    for (const auto& row : json.at("3166-1")) {
      Country country{row.at("alpha_2").get<std::string>(), row.at("alpha_3").get<std::string>(),
                      row.at("numeric").get<std::string>(), row.at("name").get<std::string>()};
      const std::size_t index = countries.size();
      by_code.emplace(country.alpha2, index);
      by_code.emplace(country.alpha3, index);
      for (const char* field : {"name", "official_name", "common_name"}) {
        if (row.contains(field)) by_name.emplace(key_of(row.at(field).get<std::string>()), index);
      }
      countries.push_back(std::move(country));
    }
    // Kosovo has no ISO code; XK is the code in common use (EU, UN lists, SWIFT).
    if (!by_code.contains("XK")) {
      by_code.emplace("XK", countries.size());
      by_code.emplace("XKX", countries.size());
      countries.push_back(Country{"XK", "XKX", "", "Kosovo"});
    }
    for (const auto& [alias, code] : kAliases) {
      if (auto found = by_code.find(std::string(code)); found != by_code.end())
        by_name.emplace(std::string(alias), found->second);
    }
  }
};

const Table& table() {
  static const Table instance;
  return instance;
}

}  // namespace

std::span<const Country> all_countries() {
  return table().countries;
}

std::optional<Country> country_by_code(std::string_view code) {
  const std::string upper = ascii_upper(trim(code));
  if (upper.size() != 2 && upper.size() != 3) return std::nullopt;
  const auto& t = table();
  if (auto found = t.by_code.find(upper); found != t.by_code.end())
    return t.countries[found->second];
  return std::nullopt;
}

std::optional<Country> resolve_country(std::string_view code_or_name) {
  const std::string_view text = trim(code_or_name);
  if (text.empty()) return std::nullopt;
  if (text.size() <= 3) {
    if (auto by_code = country_by_code(text)) return by_code;
  }
  const auto& t = table();
  std::string key = key_of(text);
  if (auto found = t.by_name.find(key); found != t.by_name.end()) return t.countries[found->second];
  // "Iran (Islamic Republic of)" and "The Bahamas": try without a leading article.
  if (key.starts_with("the ")) {
    if (auto found = t.by_name.find(key.substr(4)); found != t.by_name.end())
      return t.countries[found->second];
  }
  return std::nullopt;
}

}  // namespace echri::core
