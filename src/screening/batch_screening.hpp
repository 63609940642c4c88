#pragma once
// Screening many queries: the batch CSV input format and a parallel run over an index.

#include <functional>
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

// CSV with a header row naming at least `id` and `name`; optional columns `type`, `country`,
// `dob` (or `date_of_birth`) and `identifier`; other columns are ignored. Errors name
// file:line and the column. Rows with an empty name are errors, not silently skipped.
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

}  // namespace echri::screening
