#include "screening/batch_screening.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/csv_reader.hpp"
#include "core/csv_writer.hpp"
#include "core/text_util.hpp"
#include "screening/match_json.hpp"

namespace echri::screening {

namespace {

constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

// Type, country, date of birth and identifier checked as the screening module reads them.
Result<void> check_query(BatchQuery& row, const std::string& type, const std::string& where,
                         std::string_view field_word) {
  if (row.query.name.empty())
    return fail(ErrorKind::invalid_input, std::string(field_word) + " 'name' is empty", where);
  if (!type.empty()) {
    const auto parsed = core::parse_entity_type(type);
    if (!parsed)
      return fail(ErrorKind::invalid_input,
                  std::string(field_word) + " 'type': unknown type '" + type + "'", where);
    row.query.type = *parsed;
  }
  if (auto error = qualifier_error(row.query))
    return fail(ErrorKind::invalid_input, std::string(field_word) + " " + *error, where);
  return {};
}

}  // namespace

struct BatchReader::State {
  BatchFormat format = BatchFormat::csv;
  std::string file;
  // CSV
  std::optional<core::CsvReader> csv;
  std::vector<std::string> fields;
  std::size_t columns = 0;
  std::size_t id_column = kAbsent, name_column = kAbsent, type_column = kAbsent,
              country_column = kAbsent, dob_column = kAbsent, identifier_column = kAbsent;
  // JSON Lines
  std::string_view text;
  std::size_t position = 0;
  std::size_t line = 0;

  Result<bool> next_csv(BatchQuery& row) {
    auto more = csv->next(fields);
    if (!more) return tl::unexpected(more.error());
    if (!*more) return false;
    const std::string where = file + ":" + std::to_string(csv->record_line());
    if (fields.size() != columns) {
      return fail(ErrorKind::invalid_input,
                  "expected " + std::to_string(columns) + " fields as in the header, found " +
                      std::to_string(fields.size()),
                  where);
    }
    const auto cell = [&](std::size_t column) {
      return column == kAbsent ? std::string() : std::string(core::trim(fields[column]));
    };
    row = BatchQuery{};
    row.line = csv->record_line();
    row.id = cell(id_column);
    row.query.name = cell(name_column);
    row.query.country = cell(country_column);
    row.query.date_of_birth = cell(dob_column);
    row.query.identifier = cell(identifier_column);
    if (auto checked = check_query(row, cell(type_column), where, "column"); !checked)
      return tl::unexpected(checked.error());
    return true;
  }

  Result<bool> next_jsonl(BatchQuery& row) {
    while (position < text.size()) {
      std::size_t end = text.find('\n', position);
      if (end == std::string_view::npos) end = text.size();
      std::string_view content = text.substr(position, end - position);
      position = end + 1;
      ++line;
      if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
      if (core::trim(content).empty()) continue;
      const std::string where = file + ":" + std::to_string(line);
      const auto object = nlohmann::json::parse(content, nullptr, false);
      if (object.is_discarded() || !object.is_object())
        return fail(ErrorKind::invalid_input, "expected one JSON object on the line", where);
      row = BatchQuery{};
      row.line = line;
      row.id = std::to_string(line);
      std::string type;
      for (const auto& [key, value] : object.items()) {
        std::string* target = nullptr;
        if (key == "id")
          target = &row.id;
        else if (key == "name")
          target = &row.query.name;
        else if (key == "type")
          target = &type;
        else if (key == "country")
          target = &row.query.country;
        else if (key == "date_of_birth")
          target = &row.query.date_of_birth;
        else if (key == "identifier")
          target = &row.query.identifier;
        std::string member = where;
        member.append(": $.").append(key);
        if (target == nullptr)
          return fail(
              ErrorKind::invalid_input,
              "unknown member '" + key + "' (id, name, type, country, date_of_birth, identifier)",
              member);
        if (!value.is_string() && !(key == "id" && value.is_number_integer()))
          return fail(ErrorKind::invalid_input, "expected a string", member);
        *target = value.is_string() ? value.get<std::string>() : value.dump();
      }
      if (auto checked = check_query(row, type, where, "member"); !checked)
        return tl::unexpected(checked.error());
      return true;
    }
    return false;
  }
};

BatchReader::BatchReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
BatchReader::BatchReader(BatchReader&&) noexcept = default;
BatchReader& BatchReader::operator=(BatchReader&&) noexcept = default;
BatchReader::~BatchReader() = default;

Result<BatchReader> BatchReader::open(std::string_view text, BatchFormat format, std::string file) {
  auto state = std::make_unique<State>();
  state->format = format;
  state->file = std::move(file);
  if (format == BatchFormat::jsonl) {
    state->text = text;
    return BatchReader(std::move(state));
  }
  state->csv.emplace(text, ',', state->file);
  auto header = state->csv->next(state->fields);
  if (!header) return tl::unexpected(header.error());
  if (!*header)
    return fail(ErrorKind::invalid_input, "empty file: expected a header row with id,name",
                state->file + ":1");
  for (std::size_t i = 0; i < state->fields.size(); ++i) {
    const std::string column = core::ascii_lower(core::trim(state->fields[i]));
    if (column == "id")
      state->id_column = i;
    else if (column == "name")
      state->name_column = i;
    else if (column == "type")
      state->type_column = i;
    else if (column == "country")
      state->country_column = i;
    else if (column == "dob" || column == "date_of_birth")
      state->dob_column = i;
    else if (column == "identifier")
      state->identifier_column = i;
  }
  const std::string header_where = state->file + ":" + std::to_string(state->csv->record_line());
  if (state->id_column == kAbsent)
    return fail(ErrorKind::invalid_input, "header has no 'id' column", header_where);
  if (state->name_column == kAbsent)
    return fail(ErrorKind::invalid_input, "header has no 'name' column", header_where);
  state->columns = state->fields.size();
  return BatchReader(std::move(state));
}

Result<bool> BatchReader::next(BatchQuery& row) {
  return state_->format == BatchFormat::csv ? state_->next_csv(row) : state_->next_jsonl(row);
}

Result<std::vector<BatchQuery>> parse_batch_csv(std::string_view csv, const std::string& file) {
  auto reader = BatchReader::open(csv, BatchFormat::csv, file);
  if (!reader) return tl::unexpected(reader.error());
  std::vector<BatchQuery> queries;
  BatchQuery row;
  while (true) {
    auto more = reader->next(row);
    if (!more) return tl::unexpected(more.error());
    if (!*more) return queries;
    queries.push_back(std::move(row));
  }
}

std::vector<BatchResult> screen_batch(const ScreeningIndex& index,
                                      const std::vector<BatchQuery>& queries,
                                      const ScreeningOptions& options, unsigned threads,
                                      const BatchProgress& progress) {
  std::vector<BatchResult> results(queries.size());
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, std::max<std::size_t>(1, queries.size()));
  // Work is handed out in small chunks so that both cores stay busy to the end.
  constexpr std::size_t kChunk = 64;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  const auto work = [&] {
    while (true) {
      const std::size_t start = next.fetch_add(kChunk);
      if (start >= queries.size()) return;
      const std::size_t stop = std::min(queries.size(), start + kChunk);
      for (std::size_t i = start; i < stop; ++i) {
        results[i].query_index = i;
        results[i].matches = index.screen(queries[i].query, options);
      }
      const std::size_t finished = done.fetch_add(stop - start) + (stop - start);
      if (progress) progress(finished, queries.size());
    }
  };
  std::vector<std::jthread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  return results;
}

namespace {

std::string format_score(double score) {
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "%.3f", score);
  return text.data();
}

}  // namespace

void append_batch_output(std::string& out, BatchFormat format, const ScreeningIndex& index,
                         const std::vector<BatchQuery>& rows,
                         const std::vector<BatchResult>& results, bool explain) {
  for (const auto& result : results) {
    const auto& row = rows[result.query_index];
    for (const auto& match : result.matches) {
      if (format == BatchFormat::jsonl) {
        auto line = to_json(match, index, explain);
        line["id"] = row.id;
        line["query"] = to_json(row.query);
        out += line.dump();
        out += '\n';
        continue;
      }
      // Opened in spreadsheets too: the same writer as the queue export.
      std::string also_listed;
      for (const auto& [listing, score] : match.sources) {
        if (listing == match.entity_index) continue;
        const auto& other = index.entity(listing);
        also_listed += (also_listed.empty() ? "" : "; ") + other.list + " " + other.source_id;
      }
      const auto& entity = index.entity(match.entity_index);
      out += core::csv_line({row.id, entity.list, entity.source_id, match.explanation.matched_name,
                             format_score(match.score), also_listed});
      out += '\n';
    }
  }
}

}  // namespace echri::screening
