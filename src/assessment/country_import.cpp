#include "assessment/country_import.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "core/calendar.hpp"
#include "core/csv_reader.hpp"
#include "core/digest.hpp"
#include "core/text_util.hpp"

namespace echri::assessment {
namespace {

using nlohmann::json;

// Raised by the parsers below and turned into an Error by parse_country_file.
[[noreturn]] void fail_at(std::string where, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), std::move(where));
}

std::string at_line(const std::string& file, std::size_t line) {
  return file + ":" + std::to_string(line);
}

std::string at_column(const std::string& file, std::size_t line, std::string_view column) {
  return at_line(file, line) + ": column " + std::string(column);
}

std::string_view without_bom(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return content;
}

// The PTS file is Latin-1 ("T\xfcrkiye"); names leave the parser as UTF-8 so that they can be
// stored as JSON and printed.
std::string utf8_name(std::string_view raw) {
  const std::string_view name = core::trim(raw);
  return core::is_valid_utf8(name) ? std::string(name) : core::latin1_to_utf8(name);
}

std::optional<int> to_int(std::string_view text) {
  text = core::trim(text);
  if (text.starts_with('+')) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Column positions by name, so that added or reordered columns do not break the import.
class Header {
 public:
  Header(std::vector<std::string> names, std::string file) : file_(std::move(file)) {
    for (auto& name : names) name = std::string(core::trim(name));
    for (std::size_t i = 0; i < names.size(); ++i) index_.emplace(names[i], i);
    names_ = std::move(names);
  }
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const {
    const auto found = index_.find(std::string(name));
    if (found == index_.end()) return std::nullopt;
    return found->second;
  }
  [[nodiscard]] std::size_t require(std::string_view name, std::string_view what) const {
    if (const auto found = find(name)) return *found;
    fail_at(at_line(file_, 1),
            "missing column " + std::string(name) + " (is this " + std::string(what) + "?)");
  }
  [[nodiscard]] bool has_all(std::initializer_list<std::string_view> names) const {
    return std::all_of(names.begin(), names.end(), [&](auto name) { return find(name); });
  }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }

 private:
  std::string file_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Reads records, raising the reader's errors and checking the field count.
class CsvRecords {
 public:
  CsvRecords(std::string_view content, std::string file)
      : reader_(without_bom(content), ',', std::move(file)) {}

  bool next(std::vector<std::string>& fields) {
    auto more = reader_.next(fields);
    if (!more) throw Failure{more.error()};
    return *more;
  }
  Header header(std::string_view what) {
    std::vector<std::string> names;
    if (!next(names)) fail_at(reader_.file(), "empty file (expected " + std::string(what) + ")");
    return Header(std::move(names), reader_.file());
  }
  void require_fields(const std::vector<std::string>& fields, const Header& header) const {
    if (fields.size() != header.size())
      fail_at(at_line(reader_.file(), line()), "expected " + std::to_string(header.size()) +
                                                   " fields as in the header, found " +
                                                   std::to_string(fields.size()));
  }
  [[nodiscard]] std::size_t line() const { return reader_.record_line(); }
  [[nodiscard]] const std::string& file() const { return reader_.file(); }

 private:
  core::CsvReader reader_;
};

// Names the file uses that resolve to no country, once each, in the order they first appear.
class UnresolvedNames {
 public:
  void add(const std::string& name) {
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
  }
  std::vector<std::string> take() { return std::move(names_); }

 private:
  std::vector<std::string> names_;
};

// Rejects a second row for the same country and year: which one holds would be arbitrary.
class DuplicateCheck {
 public:
  void check(const std::string& alpha2, int year, std::size_t line, const std::string& file,
             std::string_view year_name) {
    const auto [held, inserted] = seen_.emplace(std::make_pair(alpha2, year), line);
    if (!inserted)
      fail_at(at_line(file, line), "second row for " + alpha2 + " " + std::string(year_name) + " " +
                                       std::to_string(year) + " (the first is on line " +
                                       std::to_string(held->second) + ")");
  }

 private:
  std::map<std::pair<std::string, int>, std::size_t> seen_;
};

int year_at(const std::string& text, std::string_view column, const CsvRecords& records) {
  const auto year = to_int(text);
  if (!year || *year < 1900 || *year > 2100)
    fail_at(at_column(records.file(), records.line(), column),
            "expected a year, found '" + text + "'");
  return *year;
}

// A file without a single usable row would replace the stored data with nothing: a truncated
// download, or the wrong file.
void require_records(std::size_t records, const std::string& file) {
  if (records == 0) fail_at(file, "no rows for any country (is the file complete?)");
}

void widen_years(IndicatorSource& source, int year) {
  if (source.first_year == 0 || year < source.first_year) source.first_year = year;
  if (year > source.last_year) source.last_year = year;
}

// ---- Political Terror Scale ----------------------------------------------------------------

constexpr std::string_view kPtsWhat = "a Political Terror Scale CSV";

struct PtsColumns {
  std::size_t country;
  std::size_t year;
  std::size_t code;
  std::size_t amnesty;
  std::size_t hrw;
  std::size_t state;

  explicit PtsColumns(const Header& header)
      : country(header.require("Country", kPtsWhat)),
        year(header.require("Year", kPtsWhat)),
        code(header.require("WordBank_Code_A", kPtsWhat)),
        amnesty(header.require("PTS_A", kPtsWhat)),
        hrw(header.require("PTS_H", kPtsWhat)),
        state(header.require("PTS_S", kPtsWhat)) {}
};

std::optional<int> pts_level(const std::string& text, std::string_view column,
                             const CsvRecords& records) {
  if (text == "NA") return std::nullopt;
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '5') return text[0] - '0';
  fail_at(at_column(records.file(), records.line(), column),
          "expected a level 1-5 or NA, found '" + text + "'");
}

// Resolves by the alpha-3 code first (the name column changes spelling between editions), then by
// the name. Cached: each country has some fifty rows.
class PtsResolver {
 public:
  const std::optional<std::string>& resolve(const std::string& code, const std::string& name) {
    std::string key = code;
    key.push_back('\x1f');
    key += name;
    const auto found = cache_.find(key);
    if (found != cache_.end()) return found->second;
    return cache_.emplace(std::move(key), lookup(code, name)).first->second;
  }

 private:
  static std::optional<std::string> lookup(std::string_view code, const std::string& name) {
    code = core::trim(code);
    // Only three letters: "NA" (no code) would otherwise be taken for Namibia's alpha-2.
    const bool alpha3 = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) {
                          return std::isalpha(static_cast<unsigned char>(c)) != 0;
                        });
    if (alpha3)
      if (auto country = core::country_by_code(code)) return country->alpha2;
    if (auto country = core::resolve_country(name)) return country->alpha2;
    return std::nullopt;
  }

  std::unordered_map<std::string, std::optional<std::string>> cache_;
};

std::string pts_citation(int first, int last) {
  return "Gibney, Mark, Linda Cornett, Reed Wood, Peter Haschke, Daniel Arnon, Attilio Pisanò, "
         "Gray Barrett, and Baekkwan Park. The Political Terror Scale " +
         std::to_string(first) + "-" + std::to_string(last) +
         ". The Political Terror Scale website: http://www.politicalterrorscale.org";
}

ImportedIndicators parse_pts(std::string_view content, const std::string& file) {
  CsvRecords records(content, file);
  const Header header = records.header(kPtsWhat);
  const PtsColumns columns(header);
  ImportedIndicators imported;
  PtsResolver resolver;
  UnresolvedNames unresolved;
  DuplicateCheck duplicates;
  std::vector<std::string> fields;
  while (records.next(fields)) {
    records.require_fields(fields, header);
    PtsRecord record;
    record.year = year_at(fields[columns.year], "Year", records);
    record.amnesty = pts_level(fields[columns.amnesty], "PTS_A", records);
    record.human_rights_watch = pts_level(fields[columns.hrw], "PTS_H", records);
    record.state_department = pts_level(fields[columns.state], "PTS_S", records);
    const std::string name = utf8_name(fields[columns.country]);
    const auto& country = resolver.resolve(fields[columns.code], name);
    if (!country) {
      unresolved.add(name);
      continue;
    }
    duplicates.check(*country, record.year, records.line(), file, "year");
    record.country = *country;
    widen_years(imported.source, record.year);
    imported.pts.push_back(std::move(record));
  }
  require_records(imported.pts.size(), file);
  auto& source = imported.source;
  source.id = "pts";
  source.title = "Political Terror Scale (PTS)";
  source.citation = pts_citation(source.first_year, source.last_year);
  source.records = imported.pts.size();
  source.unresolved = unresolved.take();
  return imported;
}

// ---- Freedom in the World ------------------------------------------------------------------

constexpr std::string_view kFiwWhat = "a Freedom in the World CSV";

struct FiwColumns {
  std::size_t name;
  std::size_t kind;
  std::size_t edition;
  std::size_t status;
  std::size_t pr_rating;
  std::size_t cl_rating;
  std::optional<std::size_t> pr;
  std::optional<std::size_t> cl;
  std::optional<std::size_t> total;

  explicit FiwColumns(const Header& header)
      : name(header.require("Country/Territory", kFiwWhat)),
        kind(header.require("C/T", kFiwWhat)),
        edition(header.require("Edition", kFiwWhat)),
        status(header.require("Status", kFiwWhat)),
        pr_rating(header.require("PR rating", kFiwWhat)),
        cl_rating(header.require("CL rating", kFiwWhat)),
        pr(header.find("PR")),
        cl(header.find("CL")),
        total(header.find("Total")) {}
};

// The range of every score column the workbook has: the 25 indicators (0-4), their category
// subtotals, the discretionary questions and the aggregates. Checked although only the
// aggregates are kept, because a value out of range means the file is not what it claims to be.
struct ScoreRange {
  int low;
  int high;
};

std::optional<ScoreRange> score_range(std::string_view column) {
  static const std::map<std::string_view, ScoreRange> kSubtotals{
      {"A", {0, 12}},  {"B", {0, 16}},       {"C", {0, 12}},    {"D", {0, 16}},
      {"E", {0, 12}},  {"F", {0, 16}},       {"G", {0, 16}},    {"PR", {-4, 40}},
      {"CL", {0, 60}}, {"Total", {-4, 100}}, {"Add Q", {0, 4}}, {"Add A", {0, 4}}};
  if (const auto found = kSubtotals.find(column); found != kSubtotals.end()) return found->second;
  const bool indicator = column.size() == 2 && column[0] >= 'A' && column[0] <= 'G' &&
                         column[1] >= '1' && column[1] <= '4';
  if (indicator) return ScoreRange{0, 4};
  return std::nullopt;
}

// Empty and "N/A" are missing (the workbook writes N/A where a question was not asked).
std::optional<int> score_at(const std::string& text, std::string_view column, ScoreRange range,
                            const CsvRecords& records) {
  const std::string_view value = core::trim(text);
  if (value.empty() || value == "N/A") return std::nullopt;
  const auto number = to_int(value);
  if (!number || *number < range.low || *number > range.high)
    fail_at(at_column(records.file(), records.line(), column),
            "expected a score " + std::to_string(range.low) + " to " + std::to_string(range.high) +
                ", found '" + text + "'");
  return number;
}

void check_scores(const std::vector<std::string>& fields, const std::vector<std::string>& names,
                  const CsvRecords& records) {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (const auto range = score_range(names[i])) score_at(fields[i], names[i], *range, records);
}

int rating_at(const std::string& text, std::string_view column, const CsvRecords& records) {
  const auto rating = to_int(text);
  if (!rating || *rating < 1 || *rating > 7)
    fail_at(at_column(records.file(), records.line(), column),
            "expected a rating 1-7, found '" + text + "'");
  return *rating;
}

std::string status_at(const std::string& text, const CsvRecords& records) {
  std::string status(core::trim(text));
  if (status != "F" && status != "PF" && status != "NF")
    fail_at(at_column(records.file(), records.line(), "Status"),
            "expected F, PF or NF, found '" + text + "'");
  return status;
}

bool is_territory(const std::string& text, const CsvRecords& records) {
  const std::string_view kind = core::trim(text);
  if (kind == "t") return true;
  if (kind == "c") return false;
  fail_at(at_column(records.file(), records.line(), "C/T"),
          "expected c or t, found '" + text + "'");
}

std::string letters_of(std::string_view text) {
  std::string letters;
  for (const char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)) != 0)
      letters.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return letters;
}

// A territory counts only when it is an ISO 3166 entry in its own right (Hong Kong, Puerto Rico,
// Western Sahara). Parts of a country or disputed regions (Gaza Strip, West Bank, Crimea, Indian
// Kashmir) are rated separately from the state they belong to; attributing them to it would give
// that state two ratings a year.
std::optional<std::string> resolve_fiw(const std::string& name, bool territory) {
  const auto country = core::resolve_country(name);
  if (!country) return std::nullopt;
  if (territory && letters_of(country->name) != letters_of(name)) return std::nullopt;
  return country->alpha2;
}

std::optional<int> aggregate_at(const std::vector<std::string>& fields,
                                std::optional<std::size_t> column, std::string_view name,
                                const CsvRecords& records) {
  if (!column) return std::nullopt;
  return score_at(fields[*column], name, *score_range(name), records);
}

FiwRecord fiw_record(const std::vector<std::string>& fields, const FiwColumns& columns,
                     const CsvRecords& records) {
  FiwRecord record;
  record.edition = year_at(fields[columns.edition], "Edition", records);
  record.status = status_at(fields[columns.status], records);
  record.political_rights_rating = rating_at(fields[columns.pr_rating], "PR rating", records);
  record.civil_liberties_rating = rating_at(fields[columns.cl_rating], "CL rating", records);
  record.political_rights = aggregate_at(fields, columns.pr, "PR", records);
  record.civil_liberties = aggregate_at(fields, columns.cl, "CL", records);
  record.total = aggregate_at(fields, columns.total, "Total", records);
  return record;
}

std::string fiw_citation(int first, int last) {
  return "Freedom House. Freedom in the World " + std::to_string(first) + "-" +
         std::to_string(last) + " (all data, editions " + std::to_string(first) + "-" +
         std::to_string(last) +
         "). Washington, DC: Freedom House. https://freedomhouse.org/report/freedom-world";
}

ImportedIndicators parse_fiw(std::string_view content, const std::string& file) {
  CsvRecords records(content, file);
  const Header header = records.header(kFiwWhat);
  const FiwColumns columns(header);
  ImportedIndicators imported;
  UnresolvedNames unresolved;
  DuplicateCheck duplicates;
  std::vector<std::string> fields;
  while (records.next(fields)) {
    records.require_fields(fields, header);
    FiwRecord record = fiw_record(fields, columns, records);
    check_scores(fields, header.names(), records);
    const std::string name = utf8_name(fields[columns.name]);
    const auto country = resolve_fiw(name, is_territory(fields[columns.kind], records));
    if (!country) {
      unresolved.add(name);
      continue;
    }
    duplicates.check(*country, record.edition, records.line(), file, "edition");
    record.country = *country;
    widen_years(imported.source, record.edition);
    imported.fiw.push_back(std::move(record));
  }
  require_records(imported.fiw.size(), file);
  auto& source = imported.source;
  source.id = "fiw";
  source.title = "Freedom in the World (Freedom House)";
  source.citation = fiw_citation(source.first_year, source.last_year);
  source.records = imported.fiw.size();
  source.unresolved = unresolved.take();
  return imported;
}

// ---- Authority assessments -----------------------------------------------------------------

std::string item_path(const std::string& file, std::size_t index, std::string_view key = {}) {
  std::string path = file + ": $.assessments[" + std::to_string(index) + "]";
  if (!key.empty()) path += "." + std::string(key);
  return path;
}

json parse_json(std::string_view content, const std::string& file) {
  try {
    const std::string_view text = without_bom(content);
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& error) {
    fail_at(file, std::string("invalid JSON: ") + error.what());
  }
}

const json& assessments_of(const json& document, const std::string& file) {
  if (!document.is_object()) fail_at(file + ": $", "expected an object {\"assessments\": [...]}");
  for (const auto& [key, value] : document.items())
    if (key != "assessments")
      fail_at(std::string(file).append(": $.").append(key), "unknown key (expected assessments)");
  if (!document.contains("assessments")) fail_at(file + ": $", "missing key assessments");
  const auto& items = document.at("assessments");
  if (!items.is_array()) fail_at(file + ": $.assessments", "expected an array");
  return items;
}

std::string text_at(const json& item, std::string_view key, const std::string& path) {
  const auto found = item.find(key);
  if (found == item.end()) fail_at(path, "missing");
  if (!found->is_string()) fail_at(path, "expected a string");
  std::string text(core::trim(found->get<std::string>()));
  if (text.empty()) fail_at(path, "empty");
  return text;
}

AuthorityAssessment read_assessment(const json& item, const std::string& file, std::size_t index) {
  if (!item.is_object()) fail_at(item_path(file, index), "expected an object");
  constexpr std::string_view kKeys[] = {"country", "level", "author", "date", "reason"};
  for (const auto& [key, value] : item.items())
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
      fail_at(item_path(file, index, key),
              "unknown key (expected country, level, author, date, reason)");
  AuthorityAssessment assessment;
  const auto country_text = text_at(item, "country", item_path(file, index, "country"));
  const auto country = core::resolve_country(country_text);
  if (!country)
    fail_at(item_path(file, index, "country"), "unknown country '" + country_text + "'");
  assessment.country = country->alpha2;
  const auto level_text = text_at(item, "level", item_path(file, index, "level"));
  const auto level = parse_risk_level(level_text);
  if (!level)
    fail_at(item_path(file, index, "level"),
            "unknown level '" + level_text + "' (expected low, medium, high or severe)");
  assessment.level = *level;
  assessment.author = text_at(item, "author", item_path(file, index, "author"));
  assessment.date = text_at(item, "date", item_path(file, index, "date"));
  if (!core::is_calendar_date(assessment.date))
    fail_at(item_path(file, index, "date"),
            "expected a date YYYY-MM-DD, found '" + assessment.date + "'");
  assessment.reason = text_at(item, "reason", item_path(file, index, "reason"));
  return assessment;
}

ImportedIndicators parse_authority(std::string_view content, const std::string& file) {
  const json document = parse_json(content, file);
  const json& items = assessments_of(document, file);
  ImportedIndicators imported;
  std::map<std::string, std::size_t, std::less<>> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto assessment = read_assessment(items[i], file, i);
    const auto [first, inserted] = seen.emplace(assessment.country, i);
    if (!inserted)
      fail_at(item_path(file, i, "country"), "a second assessment for " + assessment.country +
                                                 " (the first is $.assessments[" +
                                                 std::to_string(first->second) + "])");
    imported.authority.push_back(std::move(assessment));
  }
  imported.source = authority_source(imported.authority);
  return imported;
}

ImportedIndicators parse_by_format(std::string_view content, const std::string& file,
                                   CountryFormat format) {
  switch (format) {
    case CountryFormat::pts_csv:
      return parse_pts(content, file);
    case CountryFormat::fiw_csv:
      return parse_fiw(content, file);
    case CountryFormat::authority_json:
      return parse_authority(content, file);
  }
  fail_at(file, "unknown format");
}

std::optional<CountryFormat> format_of_header(const Header& header) {
  if (header.has_all({"Country", "Year", "WordBank_Code_A", "PTS_A", "PTS_H", "PTS_S"}))
    return CountryFormat::pts_csv;
  if (header.has_all({"Country/Territory", "C/T", "Edition", "Status", "PR rating", "CL rating"}))
    return CountryFormat::fiw_csv;
  return std::nullopt;
}

}  // namespace

IndicatorSource authority_source(const std::vector<AuthorityAssessment>& assessments) {
  IndicatorSource source;
  for (const auto& assessment : assessments)
    if (const auto year = to_int(std::string_view(assessment.date).substr(0, 4)))
      widen_years(source, *year);
  source.id = "authority";
  source.title = "Authority assessments";
  source.citation =
      "The licensing authority's own country assessments, recorded by its officers; they "
      "override the indicators";
  source.records = assessments.size();
  return source;
}

std::string_view to_string(CountryFormat format) {
  switch (format) {
    case CountryFormat::pts_csv:
      return "pts-csv";
    case CountryFormat::fiw_csv:
      return "fiw-csv";
    case CountryFormat::authority_json:
      return "authority-json";
  }
  return "?";
}

std::optional<CountryFormat> parse_country_format(std::string_view text) {
  for (const auto format :
       {CountryFormat::pts_csv, CountryFormat::fiw_csv, CountryFormat::authority_json})
    if (to_string(format) == text) return format;
  return std::nullopt;
}

Result<CountryFormat> detect_country_format(std::string_view content, const std::string& file) {
  const std::string_view text = core::trim(without_bom(content));
  if (text.empty()) return fail(ErrorKind::invalid_input, "empty file", file);
  const std::string expected =
      "not a country data file (expected a Political Terror Scale CSV, a Freedom in the World "
      "CSV or an authority JSON {\"assessments\": [...]})";
  if (text.front() == '{') {
    const auto document =
        json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (document.is_object() && document.contains("assessments"))
      return CountryFormat::authority_json;
    return fail(ErrorKind::invalid_input, expected, file);
  }
  try {
    CsvRecords records(content, file);
    if (const auto format = format_of_header(records.header("a CSV header")); format)
      return *format;
  } catch (Failure& failure) {
    return tl::unexpected(std::move(failure.error));
  }
  return fail(ErrorKind::invalid_input, expected, file);
}

Result<ImportedIndicators> parse_country_file(std::string_view content, const std::string& file,
                                              CountryFormat format) {
  try {
    ImportedIndicators imported = parse_by_format(content, file, format);
    imported.source.files = {file};
    imported.source.sha256 = core::sha256_hex(content);
    return imported;
  } catch (Failure& failure) {
    return tl::unexpected(std::move(failure.error));
  }
}

}  // namespace echri::assessment
