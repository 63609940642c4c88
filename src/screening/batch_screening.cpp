#include "screening/batch_screening.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "core/csv_reader.hpp"
#include "core/text_util.hpp"

namespace echri::screening {

Result<std::vector<BatchQuery>> parse_batch_csv(std::string_view csv, const std::string& file) {
  core::CsvReader reader(csv, ',', file);
  std::vector<std::string> fields;
  auto header = reader.next(fields);
  if (!header) return tl::unexpected(header.error());
  if (!*header)
    return fail(ErrorKind::invalid_input, "empty file: expected a header row with id,name",
                file + ":1");
  constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::size_t id_column = kAbsent, name_column = kAbsent, type_column = kAbsent,
              country_column = kAbsent, dob_column = kAbsent, identifier_column = kAbsent;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string column = core::ascii_lower(core::trim(fields[i]));
    if (column == "id")
      id_column = i;
    else if (column == "name")
      name_column = i;
    else if (column == "type")
      type_column = i;
    else if (column == "country")
      country_column = i;
    else if (column == "dob" || column == "date_of_birth")
      dob_column = i;
    else if (column == "identifier")
      identifier_column = i;
  }
  const std::string header_where = file + ":" + std::to_string(reader.record_line());
  if (id_column == kAbsent)
    return fail(ErrorKind::invalid_input, "header has no 'id' column", header_where);
  if (name_column == kAbsent)
    return fail(ErrorKind::invalid_input, "header has no 'name' column", header_where);
  const std::size_t columns = fields.size();

  std::vector<BatchQuery> queries;
  while (true) {
    auto more = reader.next(fields);
    if (!more) return tl::unexpected(more.error());
    if (!*more) break;
    const std::string where = file + ":" + std::to_string(reader.record_line());
    if (fields.size() != columns) {
      return fail(ErrorKind::invalid_input,
                  "expected " + std::to_string(columns) + " fields as in the header, found " +
                      std::to_string(fields.size()),
                  where);
    }
    const auto cell = [&](std::size_t column) {
      return column == kAbsent ? std::string() : std::string(core::trim(fields[column]));
    };
    BatchQuery row;
    row.line = reader.record_line();
    row.id = cell(id_column);
    row.query.name = cell(name_column);
    if (row.query.name.empty())
      return fail(ErrorKind::invalid_input, "column 'name' is empty", where);
    if (const std::string type = cell(type_column); !type.empty()) {
      const auto parsed = core::parse_entity_type(type);
      if (!parsed)
        return fail(ErrorKind::invalid_input, "column 'type': unknown type '" + type + "'", where);
      row.query.type = *parsed;
    }
    row.query.country = cell(country_column);
    row.query.date_of_birth = cell(dob_column);
    row.query.identifier = cell(identifier_column);
    if (auto error = qualifier_error(row.query)) {
      return fail(ErrorKind::invalid_input, "column " + *error, where);
    }
    queries.push_back(std::move(row));
  }
  return queries;
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

}  // namespace echri::screening
