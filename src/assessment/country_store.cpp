#include "assessment/country_store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>

#include "assessment/country_json.hpp"
#include "core/file_io.hpp"

namespace echri::assessment {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr int kSchema = 1;

// Text from the command line need not be UTF-8; a stored file must never fail to be written for
// it, so invalid bytes become U+FFFD.
std::string dump(const ordered_json& node, int indent = -1) {
  return node.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

// PTS and FIW have thousands of records: they are stored as rows under a column list, which
// keeps the files small and quick to load, one row per line so that they stay readable.
const std::vector<std::string> kPtsColumns{"country", "year", "amnesty", "human_rights_watch",
                                           "state_department"};
const std::vector<std::string> kFiwColumns{"country",
                                           "edition",
                                           "status",
                                           "political_rights_rating",
                                           "civil_liberties_rating",
                                           "political_rights",
                                           "civil_liberties",
                                           "total"};

// Thrown while reading a stored file; load() turns it into an Error naming the file.
// Raises invalid_input at `path`, a JSON path inside the stored file.
[[noreturn]] void damaged(std::string path, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), std::move(path));
}

ordered_json optional_int(const std::optional<int>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json pts_row(const PtsRecord& record) {
  return ordered_json::array({record.country, record.year, optional_int(record.amnesty),
                              optional_int(record.human_rights_watch),
                              optional_int(record.state_department)});
}

ordered_json fiw_row(const FiwRecord& record) {
  return ordered_json::array({record.country, record.edition, record.status,
                              record.political_rights_rating, record.civil_liberties_rating,
                              optional_int(record.political_rights),
                              optional_int(record.civil_liberties), optional_int(record.total)});
}

std::string rows_document(const IndicatorSource& source, const std::vector<std::string>& columns,
                          const std::vector<ordered_json>& rows) {
  const ordered_json head{{"schema", kSchema}, {"source", to_json(source)}, {"columns", columns}};
  std::string text = dump(head);
  text.pop_back();  // the closing brace: the rows follow
  text += ",\"records\":[";
  for (std::size_t i = 0; i < rows.size(); ++i) text += (i == 0 ? "\n" : ",\n") + dump(rows[i]);
  text += "\n]}\n";
  return text;
}

std::string authority_document(const IndicatorSource& source,
                               std::vector<AuthorityAssessment> assessments) {
  std::sort(assessments.begin(), assessments.end(),
            [](const auto& a, const auto& b) { return a.country < b.country; });
  ordered_json items = ordered_json::array();
  for (const auto& assessment : assessments) {
    items.push_back({{"country", assessment.country},
                     {"level", to_string(assessment.level)},
                     {"author", assessment.author},
                     {"date", assessment.date},
                     {"reason", assessment.reason}});
  }
  const ordered_json document{
      {"schema", kSchema}, {"source", to_json(source)}, {"assessments", std::move(items)}};
  return dump(document, 2) + "\n";
}

std::string document_of(const ImportedIndicators& imported) {
  if (imported.source.id == "pts") {
    std::vector<ordered_json> rows;
    rows.reserve(imported.pts.size());
    for (const auto& record : imported.pts) rows.push_back(pts_row(record));
    return rows_document(imported.source, kPtsColumns, rows);
  }
  if (imported.source.id == "fiw") {
    std::vector<ordered_json> rows;
    rows.reserve(imported.fiw.size());
    for (const auto& record : imported.fiw) rows.push_back(fiw_row(record));
    return rows_document(imported.source, kFiwColumns, rows);
  }
  return authority_document(imported.source, imported.authority);
}

// ---- reading ---------------------------------------------------------------------------------

template <class T>
T value_at(const json& node, const std::string& path) {
  try {
    return node.get<T>();
  } catch (const json::exception&) {
    damaged(path, "unexpected value " + node.dump());
  }
}

const json& member(const json& node, const char* key, const std::string& path) {
  if (!node.is_object() || !node.contains(key)) damaged(path + "." + key, "missing");
  return node.at(key);
}

std::optional<int> optional_at(const json& node, const std::string& path) {
  if (node.is_null()) return std::nullopt;
  return value_at<int>(node, path);
}

IndicatorSource read_source(const json& document) {
  const json& node = member(document, "source", "$");
  IndicatorSource source;
  source.id = value_at<std::string>(member(node, "id", "$.source"), "$.source.id");
  source.title = value_at<std::string>(member(node, "title", "$.source"), "$.source.title");
  source.citation =
      value_at<std::string>(member(node, "citation", "$.source"), "$.source.citation");
  source.files =
      value_at<std::vector<std::string>>(member(node, "files", "$.source"), "$.source.files");
  source.sha256 = value_at<std::string>(member(node, "sha256", "$.source"), "$.source.sha256");
  source.imported_at =
      value_at<std::string>(member(node, "imported_at", "$.source"), "$.source.imported_at");
  source.records = value_at<std::size_t>(member(node, "records", "$.source"), "$.source.records");
  source.first_year = value_at<int>(member(node, "first_year", "$.source"), "$.source.first_year");
  source.last_year = value_at<int>(member(node, "last_year", "$.source"), "$.source.last_year");
  source.unresolved = value_at<std::vector<std::string>>(member(node, "unresolved", "$.source"),
                                                         "$.source.unresolved");
  return source;
}

// The rows of a PTS or FIW file, after checking that its columns are the ones this version writes.
const json& rows_of(const json& document, const std::vector<std::string>& columns) {
  const auto stored =
      value_at<std::vector<std::string>>(member(document, "columns", "$"), "$.columns");
  if (stored != columns)
    damaged("$.columns", "columns differ from the ones this version of echri writes");
  const json& rows = member(document, "records", "$");
  if (!rows.is_array()) damaged("$.records", "expected an array");
  return rows;
}

const json& row_at(const json& rows, std::size_t index, std::size_t width, std::string& path) {
  path = "$.records[" + std::to_string(index) + "]";
  const json& row = rows[index];
  if (!row.is_array() || row.size() != width)
    damaged(path, "expected " + std::to_string(width) + " values");
  return row;
}

void read_pts(const json& document, CountryData& data) {
  const json& rows = rows_of(document, kPtsColumns);
  std::string path;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const json& row = row_at(rows, i, kPtsColumns.size(), path);
    PtsRecord record;
    record.country = value_at<std::string>(row[0], path);
    record.year = value_at<int>(row[1], path);
    record.amnesty = optional_at(row[2], path);
    record.human_rights_watch = optional_at(row[3], path);
    record.state_department = optional_at(row[4], path);
    data.add(std::move(record));
  }
}

void read_fiw(const json& document, CountryData& data) {
  const json& rows = rows_of(document, kFiwColumns);
  std::string path;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const json& row = row_at(rows, i, kFiwColumns.size(), path);
    FiwRecord record;
    record.country = value_at<std::string>(row[0], path);
    record.edition = value_at<int>(row[1], path);
    record.status = value_at<std::string>(row[2], path);
    record.political_rights_rating = value_at<int>(row[3], path);
    record.civil_liberties_rating = value_at<int>(row[4], path);
    record.political_rights = optional_at(row[5], path);
    record.civil_liberties = optional_at(row[6], path);
    record.total = optional_at(row[7], path);
    data.add(std::move(record));
  }
}

std::vector<AuthorityAssessment> read_assessments(const json& document) {
  const json& items = member(document, "assessments", "$");
  if (!items.is_array()) damaged("$.assessments", "expected an array");
  std::vector<AuthorityAssessment> assessments;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = "$.assessments[" + std::to_string(i) + "]";
    const json& item = items[i];
    AuthorityAssessment assessment;
    assessment.country = value_at<std::string>(member(item, "country", path), path + ".country");
    const auto level_text = value_at<std::string>(member(item, "level", path), path + ".level");
    const auto level = parse_risk_level(level_text);
    if (!level) damaged(path + ".level", "unknown level '" + level_text + "'");
    assessment.level = *level;
    assessment.author = value_at<std::string>(member(item, "author", path), path + ".author");
    assessment.date = value_at<std::string>(member(item, "date", path), path + ".date");
    assessment.reason = value_at<std::string>(member(item, "reason", path), path + ".reason");
    assessments.push_back(std::move(assessment));
  }
  return assessments;
}

Result<json> read_document(const std::filesystem::path& file) {
  auto text = core::read_text_file(file);
  if (!text) return tl::unexpected(text.error());
  try {
    return json::parse(*text);
  } catch (const json::parse_error& error) {
    return fail(ErrorKind::invalid_input, std::string("invalid JSON: ") + error.what(),
                file.string());
  }
}

// Reads one stored file into `data`; `expected_id` guards against a file renamed by hand.
Result<void> load_file(const std::filesystem::path& file, std::string_view expected_id,
                       CountryData& data) {
  auto document = read_document(file);
  if (!document) return tl::unexpected(document.error());
  try {
    const auto schema = value_at<int>(member(*document, "schema", "$"), "$.schema");
    if (schema != kSchema)
      damaged("$.schema", "schema " + std::to_string(schema) +
                              " is not the one this version of echri reads (" +
                              std::to_string(kSchema) + ")");
    IndicatorSource source = read_source(*document);
    if (source.id != expected_id)
      damaged("$.source.id",
              "expected '" + std::string(expected_id) + "', found '" + source.id + "'");
    if (expected_id == "pts") read_pts(*document, data);
    if (expected_id == "fiw") read_fiw(*document, data);
    if (expected_id == "authority")
      for (auto& assessment : read_assessments(*document)) data.add(std::move(assessment));
    data.add_source(std::move(source));
    return {};
  } catch (Failure& failure) {
    return fail(ErrorKind::invalid_input,
                "stored country data is damaged: " + failure.error.message,
                file.string() + ": " + failure.error.where);
  }
}

constexpr std::string_view kSourceIds[] = {"pts", "fiw", "authority"};

bool known_source(std::string_view id) {
  return std::find(std::begin(kSourceIds), std::end(kSourceIds), id) != std::end(kSourceIds);
}

// Removes the temporary files it holds unless they were renamed into place.
class PendingFiles {
 public:
  PendingFiles() = default;
  PendingFiles(const PendingFiles&) = delete;
  PendingFiles& operator=(const PendingFiles&) = delete;
  ~PendingFiles() {
    std::error_code ignored;
    for (const auto& [temporary, target] : files_) std::filesystem::remove(temporary, ignored);
  }
  void add(std::filesystem::path temporary, std::filesystem::path target) {
    files_.emplace_back(std::move(temporary), std::move(target));
  }
  Result<void> commit() {
    for (const auto& [temporary, target] : files_) {
      std::error_code error;
      std::filesystem::rename(temporary, target, error);
      if (error) return fail(ErrorKind::io, "cannot replace: " + error.message(), target.string());
    }
    files_.clear();
    return {};
  }

 private:
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> files_;
};

}  // namespace

CountryStore::CountryStore(const std::filesystem::path& data_dir) : dir_(data_dir / "countries") {}

Result<IndicatorSource> CountryStore::save(const ImportedIndicators& imported) {
  auto saved = save_all({imported});
  if (!saved) return tl::unexpected(saved.error());
  return saved->front();
}

Result<std::vector<IndicatorSource>> CountryStore::save_all(
    const std::vector<ImportedIndicators>& imports) {
  for (const auto& imported : imports)
    if (!known_source(imported.source.id))
      return fail(ErrorKind::internal, "unknown country data source '" + imported.source.id + "'");
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error) return fail(ErrorKind::io, "cannot create: " + error.message(), dir_.string());
  // Every file is written and synced before any replaces its predecessor: a failure while
  // writing leaves all the previous data in place.
  const std::string now = core::utc_timestamp();
  std::vector<IndicatorSource> saved;
  PendingFiles pending;
  for (const auto& imported : imports) {
    ImportedIndicators stamped = imported;
    stamped.source.imported_at = now;
    const auto target = dir_ / (stamped.source.id + ".json");
    const auto temporary = core::temporary_sibling(target);
    if (auto written = core::write_synced(temporary, document_of(stamped)); !written)
      return tl::unexpected(written.error());
    pending.add(temporary, target);
    saved.push_back(std::move(stamped.source));
  }
  if (auto committed = pending.commit(); !committed) return tl::unexpected(committed.error());
  core::sync_directory(dir_);
  return saved;
}

Result<void> CountryStore::set_authority(const AuthorityAssessment& assessment) {
  CountryData held;
  const auto file = dir_ / "authority.json";
  std::error_code error;
  if (std::filesystem::exists(file, error))
    if (auto loaded = load_file(file, "authority", held); !loaded) return loaded;
  held.add(assessment);
  ImportedIndicators updated;
  updated.authority = held.authority_assessments();
  updated.source = authority_source(updated.authority);
  // The files it was first imported from still name its origin; their digest no longer
  // describes the data.
  if (const auto* previous = held.source("authority")) updated.source.files = previous->files;
  updated.source.imported_at = core::utc_timestamp();
  return core::replace_file_atomically(file, document_of(updated));
}

Result<CountryData> CountryStore::load() const {
  CountryData data;
  for (const auto id : kSourceIds) {
    const auto file = dir_ / (std::string(id) + ".json");
    std::error_code error;
    if (!std::filesystem::exists(file, error)) continue;
    if (auto loaded = load_file(file, id, data); !loaded) return tl::unexpected(loaded.error());
  }
  return data;
}

}  // namespace echri::assessment
