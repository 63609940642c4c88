#pragma once
// Screening many queries: the batch CSV input format and a parallel run over an index.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "screening/screening_index.hpp"

namespace echri::screening {

struct BatchQuery {
  std::string id;  // the caller's id for the row, echoed in the output
  ScreeningQuery query;
  std::size_t line = 0;  // where the row starts in its file
};

enum class BatchFormat { csv, jsonl };

// Reads the queries of a batch one at a time, so that a file of a million names is screened a
// chunk at a time without holding every query.
//   CSV: a header row naming at least `id` and `name`; optional columns `type`, `country`, `dob`
//   (or `date_of_birth`) and `identifier`; other columns are ignored.
//   JSON Lines: one object per line with `name` and optionally `id` (else the line number),
//   `type`, `country`, `date_of_birth` and `identifier`; any other member is an error.
// Errors name file:line and the column or member. A row with an empty name is an error, not
// silently skipped.
class BatchReader {
 public:
  // `text` must outlive the reader. Reads a CSV file's header.
  static Result<BatchReader> open(std::string_view text, BatchFormat format, std::string file);
  BatchReader(BatchReader&&) noexcept;
  BatchReader& operator=(BatchReader&&) noexcept;
  BatchReader(const BatchReader&) = delete;
  BatchReader& operator=(const BatchReader&) = delete;
  ~BatchReader();

  // The next query; false at the end.
  Result<bool> next(BatchQuery& row);

 private:
  struct State;
  explicit BatchReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Every query of a CSV batch (see BatchReader).
Result<std::vector<BatchQuery>> parse_batch_csv(std::string_view csv, const std::string& file);

struct BatchResult {
  std::size_t query_index = 0;  // into the input vector
  std::vector<ScreeningMatch> matches;
};

// Called now and then from worker threads with the number of queries finished so far.
using BatchProgress = std::function<void(std::size_t done, std::size_t total)>;

// Screens every query on `threads` threads (0: one per core). Results are in input order.
std::vector<BatchResult> screen_batch(const ScreeningIndex& index,
                                      const std::vector<BatchQuery>& queries,
                                      const ScreeningOptions& options, unsigned threads = 0,
                                      const BatchProgress& progress = {});

// The output of screened rows, as `echri screen --batch` and screening jobs write it: CSV (one
// row per match under kBatchCsvHeader; `also_listed` names the party's other listings) or JSON
// Lines (one object per match: the match's JSON, with the row's `id` and `query`). `explain`
// adds the explanation to JSON lines.
inline constexpr std::string_view kBatchCsvHeader =
    "id,list,source_id,matched_name,score,also_listed\n";
void append_batch_output(std::string& out, BatchFormat format, const ScreeningIndex& index,
                         const std::vector<BatchQuery>& rows,
                         const std::vector<BatchResult>& results, bool explain);

}  // namespace echri::screening
