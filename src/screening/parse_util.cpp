#include "screening/parse_util.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <sstream>

#include "core/country.hpp"
#include "core/digest.hpp"
#include "core/text_util.hpp"

namespace echri::screening::detail {
namespace {

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

bool plausible_year(int year) {
  return year >= 1800 && year <= 2200;
}

std::string two(int value) {
  std::string out = std::to_string(value);
  return value < 10 ? "0" + out : out;
}

// Builds "YYYY", "YYYY-MM" or "YYYY-MM-DD"; 0 means unknown. Invalid parts give nullopt.
std::optional<std::string> make_date(int year, int month, int day) {
  if (!plausible_year(year) || month < 0 || month > 12 || day < 0 || day > 31) return std::nullopt;
  std::string out = std::to_string(year);
  if (month == 0) return out;
  out += "-" + two(month);
  if (day == 0) return out;
  return out + "-" + two(day);
}

int month_from_name(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const std::string lower = core::ascii_lower(word);
  if (lower.size() < 3) return 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    const std::string_view month = kMonths[i];
    // "Jan", "Sept", "September" all name the month; a prefix of at least three letters.
    if (lower.size() <= month.size() && month.substr(0, lower.size()) == lower)
      return static_cast<int>(i) + 1;
  }
  return 0;
}

std::vector<std::string_view> date_tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  const auto is_sep = [](char c) { return c == ' ' || c == '-' || c == '.' || c == ','; };
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || is_sep(text[i])) {
      if (i > start) tokens.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return tokens;
}

std::optional<std::string> slash_date(std::string_view text, bool day_first) {
  const auto parts = core::split_trimmed(text, "/");
  if (parts.size() != 3 || !is_digits(parts[0]) || !is_digits(parts[1]) || !is_digits(parts[2]) ||
      parts[2].size() != 4)
    return std::nullopt;
  const int first = to_int(parts[0]);
  const int second = to_int(parts[1]);
  const int day = day_first ? first : second;
  const int month = day_first ? second : first;
  // "00/05/1960" is May 1960; a day without a month means nothing.
  return make_date(to_int(parts[2]), month, month == 0 ? 0 : day);
}

std::string_view strip_approximation(std::string_view text) {
  for (const std::string_view prefix : {"circa ", "ca. ", "c. ", "approximately ", "about "}) {
    if (core::starts_with_icase(text, prefix)) return core::trim(text.substr(prefix.size()));
  }
  return text;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && core::starts_with_icase(a, b);
}

}  // namespace

void fail_at(std::string where, std::string message, ErrorKind kind) {
  raise(kind, std::move(message), std::move(where));
}

std::string location(const std::string& file, std::size_t line) {
  return file + ":" + std::to_string(line);
}

std::string location(const std::string& file, std::size_t line, std::string_view field) {
  return location(file, line) + ": field " + std::string(field);
}

std::string read_list_file(const std::filesystem::path& path) {
  std::error_code code;
  if (!std::filesystem::is_regular_file(path, code))
    fail_at(path.string(), "no such file", ErrorKind::not_found);
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_at(path.string(), "cannot open the file", ErrorKind::io);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) fail_at(path.string(), "cannot read the file", ErrorKind::io);
  std::string content = std::move(buffer).str();
  if (core::trim(content).empty() || content == "\x1a")
    fail_at(location(path.string(), 1), "the file is empty");
  return content;
}

std::string_view require_utf8(std::string_view content, const std::string& file) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  const std::size_t bad = core::first_invalid_utf8(content);
  if (bad != std::string_view::npos)
    fail_at(location(file, line_at(content, bad)),
            "invalid UTF-8 (byte " + std::to_string(bad) + "); the format requires UTF-8");
  return content;
}

bool next_record(core::CsvReader& reader, std::vector<std::string>& fields) {
  auto more = reader.next(fields);
  if (!more) throw Failure{more.error()};
  return *more;
}

void require_field_count(const std::vector<std::string>& fields, std::size_t header_size,
                         const std::string& file, std::size_t line) {
  if (fields.size() != header_size)
    fail_at(location(file, line), "expected " + std::to_string(header_size) +
                                      " fields as in the header, found " +
                                      std::to_string(fields.size()));
}

void load_xml(pugi::xml_document& document, std::string_view content, const std::string& file) {
  const auto result = document.load_buffer(content.data(), content.size(), pugi::parse_default,
                                           pugi::encoding_utf8);
  if (!result)
    fail_at(location(file, line_at(content, static_cast<std::size_t>(result.offset))),
            std::string("invalid XML: ") + result.description());
}

std::string utf8_or_latin1(std::string content) {
  if (std::string_view(content).starts_with("\xEF\xBB\xBF")) content.erase(0, 3);
  if (core::first_invalid_utf8(content) == std::string_view::npos) return content;
  return core::latin1_to_utf8(content);
}

std::size_t line_at(std::string_view content, std::size_t offset) {
  offset = std::min(offset, content.size());
  return 1 + static_cast<std::size_t>(std::count(content.begin(), content.begin() + offset, '\n'));
}

std::optional<std::string> normalise_date(std::string_view text) {
  text = strip_approximation(core::trim(text));
  if (text.empty()) return std::nullopt;
  // ISO: "1960", "1960-01", "1960-01-12", "1960-01-12T00:00:00", "1960/01/12".
  if (text.size() >= 4 && is_digits(text.substr(0, 4))) {
    const int year = to_int(text.substr(0, 4));
    if (text.size() == 4) return make_date(year, 0, 0);
    const char sep = text[4];
    if ((sep == '-' || sep == '/') && text.size() >= 7 && is_digits(text.substr(5, 2))) {
      const int month = to_int(text.substr(5, 2));
      if (text.size() == 7) return make_date(year, month, 0);
      if (text[7] == sep && text.size() >= 10 && is_digits(text.substr(8, 2)) &&
          (text.size() == 10 || text[10] == 'T' || text[10] == ' '))
        return make_date(year, month, month == 0 ? 0 : to_int(text.substr(8, 2)));
    }
    return std::nullopt;
  }
  // "12.01.1960" and "12/01/1960" are day-first outside the US; US files call normalise_mdy.
  if (text.find('/') != std::string_view::npos) return slash_date(text, true);
  const auto tokens = date_tokens(text);
  if (tokens.size() == 3 && is_digits(tokens[0]) && is_digits(tokens[1]) && is_digits(tokens[2]) &&
      tokens[2].size() == 4)
    return make_date(to_int(tokens[2]), to_int(tokens[1]), to_int(tokens[0]));
  if (tokens.size() == 3 && is_digits(tokens[0]) && tokens[0].size() <= 2 && is_digits(tokens[2]) &&
      tokens[2].size() == 4) {
    const int month = month_from_name(tokens[1]);
    if (month == 0) return std::nullopt;
    return make_date(to_int(tokens[2]), month, to_int(tokens[0]));
  }
  if (tokens.size() == 2 && is_digits(tokens[1]) && tokens[1].size() == 4) {
    const int month = month_from_name(tokens[0]);
    if (month == 0) return std::nullopt;
    return make_date(to_int(tokens[1]), month, 0);
  }
  return std::nullopt;
}

std::optional<std::string> normalise_dmy(std::string_view text) {
  return slash_date(core::trim(text), true);
}

std::optional<std::string> normalise_mdy(std::string_view text) {
  return slash_date(core::trim(text), false);
}

std::vector<std::string> years_between(int from, int to) {
  std::vector<std::string> years;
  if (!plausible_year(from) || !plausible_year(to) || to < from) return years;
  if (to - from > 20) return {std::to_string(from), std::to_string(to)};
  for (int year = from; year <= to; ++year) years.push_back(std::to_string(year));
  return years;
}

std::vector<std::string> parse_date_expression(std::string_view text) {
  text = strip_approximation(core::trim(text));
  std::string_view from;
  std::string_view to;
  if (const auto pos = text.find(" to "); pos != std::string_view::npos) {
    from = text.substr(0, pos);
    to = text.substr(pos + 4);
  } else if (text.size() == 9 && text[4] == '-' && is_digits(text.substr(0, 4)) &&
             is_digits(text.substr(5))) {
    from = text.substr(0, 4);
    to = text.substr(5);
  }
  if (!from.empty()) {
    const auto a = normalise_date(from);
    const auto b = normalise_date(to);
    if (!a || !b) return {};
    return years_between(to_int(a->substr(0, 4)), to_int(b->substr(0, 4)));
  }
  if (auto date = normalise_date(text)) return {*date};
  return {};
}

std::string clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

void add_unique(std::vector<std::string>& values, std::string value) {
  if (value.empty()) return;
  if (std::find(values.begin(), values.end(), value) == values.end())
    values.push_back(std::move(value));
}

bool add_country(core::ListedEntity& entity, std::string_view code_or_name) {
  code_or_name = core::trim(code_or_name);
  if (code_or_name.empty()) return false;
  const auto country = core::resolve_country(code_or_name);
  if (!country) return false;
  add_unique(entity.countries, country->alpha2);
  return true;
}

void add_alias(core::ListedEntity& entity, std::string_view name, core::AliasStrength strength) {
  std::string alias = clean(name);
  if (alias.empty() || same_ignoring_case(alias, entity.name)) return;
  for (auto& existing : entity.aliases) {
    if (same_ignoring_case(existing.name, alias)) {
      // The same alias published both ways is a good alias.
      if (strength == core::AliasStrength::strong) existing.strength = strength;
      return;
    }
  }
  entity.aliases.push_back(core::Alias{std::move(alias), strength});
}

void add_address(core::ListedEntity& entity, core::Address address) {
  address.street = clean(address.street);
  address.city = clean(address.city);
  address.region = clean(address.region);
  address.postal_code = clean(address.postal_code);
  address.country = clean(address.country);
  if (address.country_code.empty() && !address.country.empty()) {
    if (const auto country = core::resolve_country(address.country))
      address.country_code = country->alpha2;
  }
  if (address.street.empty() && address.city.empty() && address.region.empty() &&
      address.postal_code.empty() && address.country.empty() && address.country_code.empty())
    return;
  add_unique(entity.countries, address.country_code);
  if (std::find(entity.addresses.begin(), entity.addresses.end(), address) ==
      entity.addresses.end())
    entity.addresses.push_back(std::move(address));
}

void add_identifier(core::ListedEntity& entity, core::Identifier identifier) {
  identifier.type = clean(identifier.type);
  identifier.value = clean(identifier.value);
  identifier.country = clean(identifier.country);
  if (identifier.value.empty()) return;
  // One spelling for IMO numbers, which lists write as "IMO 1234567" under various types.
  if (identifier.value.starts_with("IMO ") &&
      (identifier.type == "IMO" || identifier.type.starts_with("Vessel Registration"))) {
    identifier.type = "IMO";
    identifier.value = identifier.value.substr(4);
  }
  if (std::find(entity.identifiers.begin(), entity.identifiers.end(), identifier) ==
      entity.identifiers.end())
    entity.identifiers.push_back(std::move(identifier));
}

void add_date_of_birth(core::ListedEntity& entity, std::string date) {
  add_unique(entity.dates_of_birth, std::move(date));
}

void append_remark(std::string& remarks, std::string_view text) {
  const std::string piece = clean(text);
  if (piece.empty()) return;
  if (!remarks.empty()) remarks += "; ";
  remarks += piece;
}

bool has_legal_form(std::string_view name) {
  // Words, upper-cased, with dots dropped so that "S.A." and "L.L.C." compare as "SA", "LLC".
  static constexpr std::array<std::string_view, 74> kWords{"LLC",
                                                           "LTD",
                                                           "LIMITED",
                                                           "INC",
                                                           "INCORPORATED",
                                                           "CO",
                                                           "CORP",
                                                           "CORPORATION",
                                                           "COMPANY",
                                                           "GMBH",
                                                           "AG",
                                                           "SA",
                                                           "SAS",
                                                           "SARL",
                                                           "SRL",
                                                           "SPA",
                                                           "BV",
                                                           "NV",
                                                           "PLC",
                                                           "LLP",
                                                           "LP",
                                                           "OOO",
                                                           "ZAO",
                                                           "OAO",
                                                           "PAO",
                                                           "AO",
                                                           "JSC",
                                                           "PJSC",
                                                           "OJSC",
                                                           "CJSC",
                                                           "PTE",
                                                           "PTY",
                                                           "FZE",
                                                           "FZCO",
                                                           "FZC",
                                                           "KG",
                                                           "KFT",
                                                           "SDN",
                                                           "BHD",
                                                           "AB",
                                                           "AS",
                                                           "OY",
                                                           "TRADING",
                                                           "INDUSTRIES",
                                                           "INDUSTRY",
                                                           "INDUSTRIAL",
                                                           "ENTERPRISE",
                                                           "ENTERPRISES",
                                                           "GROUP",
                                                           "HOLDING",
                                                           "HOLDINGS",
                                                           "INSTITUTE",
                                                           "UNIVERSITY",
                                                           "ACADEMY",
                                                           "BUREAU",
                                                           "CENTER",
                                                           "CENTRE",
                                                           "LABORATORY",
                                                           "FACTORY",
                                                           "PLANT",
                                                           "BANK",
                                                           "SERVICES",
                                                           "SYSTEMS",
                                                           "TECHNOLOGY",
                                                           "TECHNOLOGIES",
                                                           "ELECTRONICS",
                                                           "AIRLINES",
                                                           "SHIPPING",
                                                           "LOGISTICS",
                                                           "ASSOCIATES",
                                                           "INTERNATIONAL",
                                                           "FOUNDATION",
                                                           "ORGANIZATION",
                                                           "REGIMENT"};
  std::string word;
  const auto check = [&]() {
    const bool found =
        !word.empty() && std::find(kWords.begin(), kWords.end(), word) != kWords.end();
    word.clear();
    return found;
  };
  for (const char c : name) {
    if (c == '.') continue;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
    } else if (check()) {
      return true;
    }
  }
  return check();
}

core::EntityType guess_type(std::string_view name, core::EntityType fallback) {
  return has_legal_form(name) ? core::EntityType::organization : fallback;
}

std::string stable_id(std::string_view prefix, std::initializer_list<std::string_view> parts) {
  std::string joined;
  for (const auto part : parts) {
    joined += core::ascii_upper(clean(part));
    joined.push_back('\x1f');
  }
  return std::string(prefix) + core::sha256_hex(joined).substr(0, 16);
}

}  // namespace echri::screening::detail
