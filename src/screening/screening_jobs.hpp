#pragma once
// Bulk screening jobs: a file of up to a million names (CSV or JSON Lines, as BatchReader reads
// them) screened in the background, with progress, an estimate of the time left and a result
// file to download.
//
// Each job lives under <data-dir>/screening-jobs/<id>/: job.json (what was asked, the state),
// the input as uploaded, the result, and progress.json. The result grows a chunk of names at a
// time; each chunk is synced before progress.json (rows done, result bytes) is replaced, so that
// after a crash or a restart the job resumes at the last recorded chunk, cutting the result back
// to the bytes progress.json names: no row is lost or written twice.
//
// One runner thread takes the jobs in the order they came, each on `threads` threads.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "screening/batch_screening.hpp"
#include "screening/screening_index.hpp"

namespace echri::screening {

inline constexpr std::size_t kMaxJobNames = 1'000'000;

enum class JobState { queued, running, done, failed, cancelled };
std::string_view to_string(JobState state);

struct JobRequest {
  std::string owner;  // the user who submits; only they (and whoever the API lets) see the job
  BatchFormat format = BatchFormat::csv;  // of the input, and of the result
  double threshold = kDefaultThreshold;
  std::size_t limit = 10;  // matches per name
};

struct JobStatus {
  std::string id;
  JobRequest request;
  JobState state = JobState::queued;
  std::size_t total = 0;    // names in the input
  std::size_t done = 0;     // names screened and in the result
  std::size_t flagged = 0;  // names with at least one match
  std::size_t matches = 0;  // result rows (CSV) or lines (JSON Lines)
  std::string created_at;
  std::string started_at;             // the first run's start
  std::string finished_at;            // done, failed or cancelled
  std::string error;                  // why it failed
  std::vector<std::string> lists;     // the list versions screened against ("id@version")
  double names_per_second = 0;        // over the current run so far; 0 before the first chunk
  std::optional<double> eta_seconds;  // while running, once a chunk is done
};

// The index jobs screen against: the server's current one. `index` is null while no list is
// loaded; the runner then waits.
struct JobIndex {
  std::shared_ptr<const ScreeningIndex> index;
  std::vector<std::string> lists;
};
using JobIndexSource = std::function<JobIndex()>;

struct JobOptions {
  unsigned threads = 0;       // per job; 0: one per core
  std::size_t chunk = 5'000;  // names screened between two progress records
};

class ScreeningJobs {
 public:
  // Opens (or creates) <data_dir>/screening-jobs, queues again the jobs that a stopped process
  // left queued or running, and starts the runner. Fails when the folder cannot be read or a
  // job's files are damaged (naming the file).
  static Result<std::unique_ptr<ScreeningJobs>> open(const std::filesystem::path& data_dir,
                                                     JobIndexSource source,
                                                     JobOptions options = {});
  // Stops the runner at the end of the chunk in progress; what is recorded stays recorded.
  ~ScreeningJobs();
  ScreeningJobs(const ScreeningJobs&) = delete;
  ScreeningJobs& operator=(const ScreeningJobs&) = delete;
  ScreeningJobs(ScreeningJobs&&) = delete;
  ScreeningJobs& operator=(ScreeningJobs&&) = delete;

  // Reads every row of `input` first: a malformed row is an error naming "input:LINE" and
  // nothing is stored. More than kMaxJobNames names, or none, is invalid_input too.
  Result<JobStatus> submit(const JobRequest& request, const std::string& input);
  Result<JobStatus> status(const std::string& id) const;
  // Every job, the newest first; only `owner`'s when it is not empty.
  [[nodiscard]] std::vector<JobStatus> list(const std::string& owner) const;
  // The result of a done job; conflict while it is not done.
  Result<std::filesystem::path> result_file(const std::string& id) const;
  // Stops a queued or running job (conflict when it has ended); its files are kept.
  Result<JobStatus> cancel(const std::string& id);
  // Blocks until no job is queued or running (tests and benchmarks).
  void wait_idle() const;

 private:
  struct Impl;
  explicit ScreeningJobs(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace echri::screening
