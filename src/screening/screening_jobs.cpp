#include "screening/screening_jobs.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "core/file_io.hpp"

namespace echri::screening {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kFolder = "screening-jobs";
constexpr int kJobSchema = 1;

std::string_view format_name(BatchFormat format) {
  return format == BatchFormat::csv ? "csv" : "jsonl";
}

std::optional<BatchFormat> parse_format(std::string_view text) {
  if (text == "csv") return BatchFormat::csv;
  if (text == "jsonl") return BatchFormat::jsonl;
  return std::nullopt;
}

std::optional<JobState> parse_state(std::string_view text) {
  for (const auto state :
       {JobState::queued, JobState::running, JobState::done, JobState::failed, JobState::cancelled})
    if (to_string(state) == text) return state;
  return std::nullopt;
}

std::string input_file(BatchFormat format) {
  return "input." + std::string(format_name(format));
}
std::string result_file_name(BatchFormat format) {
  return "result." + std::string(format_name(format));
}

// Unguessable: a job's id is what its result is fetched by.
std::string new_job_id() {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "job-";
  for (int i = 0; i < 24; ++i) id += kHex[random() % 16];
  return id;
}

bool valid_job_id(std::string_view id) {
  return id.size() == 28 && id.starts_with("job-") &&
         std::all_of(id.begin() + 4, id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

json job_json(const JobStatus& job) {
  return json{{"schema", kJobSchema},
              {"id", job.id},
              {"owner", job.request.owner},
              {"format", format_name(job.request.format)},
              {"threshold", job.request.threshold},
              {"limit", job.request.limit},
              {"state", to_string(job.state)},
              {"total", job.total},
              {"created_at", job.created_at},
              {"started_at", job.started_at},
              {"finished_at", job.finished_at},
              {"error", job.error},
              {"lists", job.lists}};
}

struct Progress {
  std::size_t done = 0;
  std::uint64_t bytes = 0;  // of the result file that hold `done` rows
  std::size_t flagged = 0;
  std::size_t matches = 0;
};

json progress_json(const Progress& progress) {
  return json{{"done", progress.done},
              {"bytes", progress.bytes},
              {"flagged", progress.flagged},
              {"matches", progress.matches}};
}

Result<json> read_json_file(const std::filesystem::path& path) {
  auto text = core::read_text_file(path);
  if (!text) return tl::unexpected(text.error());
  auto parsed = json::parse(*text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    return fail(ErrorKind::invalid_input, "damaged: not a JSON object", path.string());
  return parsed;
}

// What progress.json records: nothing yet when it is absent.
Result<Progress> read_progress(const std::filesystem::path& dir, std::size_t total) {
  Progress progress;
  std::error_code code;
  if (std::filesystem::exists(dir / "progress.json", code)) {
    const std::string progress_where = (dir / "progress.json").string();
    auto recorded = read_json_file(dir / "progress.json");
    if (!recorded) return tl::unexpected(recorded.error());
    try {
      progress.done = recorded->at("done").get<std::size_t>();
      progress.bytes = recorded->at("bytes").get<std::uint64_t>();
      progress.flagged = recorded->at("flagged").get<std::size_t>();
      progress.matches = recorded->at("matches").get<std::size_t>();
    } catch (const json::exception& error) {
      return fail(ErrorKind::invalid_input, std::string("damaged: ") + error.what(),
                  progress_where);
    }
    if (progress.done > total)
      return fail(ErrorKind::invalid_input, "damaged: more rows done than the job has",
                  progress_where);
  }
  return progress;
}

Result<JobStatus> read_job(const std::filesystem::path& dir) {
  const std::string where = (dir / "job.json").string();
  auto document = read_json_file(dir / "job.json");
  if (!document) return tl::unexpected(document.error());
  JobStatus job;
  try {
    job.id = document->at("id").get<std::string>();
    job.request.owner = document->at("owner").get<std::string>();
    const auto format = parse_format(document->at("format").get<std::string>());
    const auto state = parse_state(document->at("state").get<std::string>());
    if (!format || !state || job.id != dir.filename().string())
      return fail(ErrorKind::invalid_input, "damaged: bad format, state or id", where);
    job.request.format = *format;
    job.state = *state;
    job.request.threshold = document->at("threshold").get<double>();
    job.request.limit = document->at("limit").get<std::size_t>();
    job.total = document->at("total").get<std::size_t>();
    job.created_at = document->at("created_at").get<std::string>();
    job.started_at = document->value("started_at", "");
    job.finished_at = document->value("finished_at", "");
    job.error = document->value("error", "");
    job.lists = document->value("lists", std::vector<std::string>{});
  } catch (const json::exception& error) {
    return fail(ErrorKind::invalid_input, std::string("damaged: ") + error.what(), where);
  }
  auto progress = read_progress(dir, job.total);
  if (!progress) return tl::unexpected(progress.error());
  job.done = progress->done;
  job.flagged = progress->flagged;
  job.matches = progress->matches;
  return job;
}

// How a run ended.
enum class RunEnd { finished, stopped, cancelled };

}  // namespace

std::string_view to_string(JobState state) {
  switch (state) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::done:
      return "done";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "failed";
}

struct ScreeningJobs::Impl {
  std::filesystem::path root;
  JobIndexSource source;
  JobOptions options;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::map<std::string, JobStatus> jobs;  // GUARDED_BY(mutex)
  std::deque<std::string> queue;          // GUARDED_BY(mutex): ids, the oldest first
  std::set<std::string> cancelling;       // GUARDED_BY(mutex)
  std::string running;                    // GUARDED_BY(mutex): "" when idle
  bool stopping = false;                  // GUARDED_BY(mutex)
  std::thread runner;

  [[nodiscard]] std::filesystem::path dir_of(const std::string& id) const { return root / id; }

  // REQUIRES: mutex held (the job's record and its file change together).
  Result<void> save(const JobStatus& job) const {
    return core::replace_file_atomically(dir_of(job.id) / "job.json", job_json(job).dump(2));
  }

  void run_loop() {
    std::unique_lock lock(mutex);
    while (true) {
      changed.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) return;
      lock.unlock();
      JobIndex index = source ? source() : JobIndex{};
      lock.lock();
      if (stopping) return;
      if (!index.index) {  // no list loaded yet: try again shortly
        changed.wait_for(lock, std::chrono::seconds(1), [&] { return stopping; });
        continue;
      }
      const std::string id = queue.front();
      queue.pop_front();
      JobStatus& job = jobs.at(id);
      if (job.state != JobState::queued) continue;
      running = id;
      job.state = JobState::running;
      if (job.started_at.empty()) job.started_at = core::utc_timestamp();
      job.lists = index.lists;
      job.names_per_second = 0;
      job.eta_seconds.reset();
      (void)save(job);
      const JobStatus snapshot = job;
      lock.unlock();
      std::string error;
      RunEnd end = RunEnd::stopped;
      if (auto ran = run(snapshot, *index.index); ran) {
        end = *ran;
      } else {
        error = ran.error().describe();
      }
      lock.lock();
      running.clear();
      cancelling.erase(id);
      JobStatus& after = jobs.at(id);
      after.eta_seconds.reset();
      if (!error.empty()) {
        after.state = JobState::failed;
        after.error = error;
      } else if (end == RunEnd::finished) {
        after.state = JobState::done;
      } else if (end == RunEnd::cancelled) {
        after.state = JobState::cancelled;
      } else {
        after.state = JobState::queued;  // the process is stopping: resumed at the next start
      }
      if (after.state != JobState::queued) after.finished_at = core::utc_timestamp();
      (void)save(after);
      changed.notify_all();
    }
  }

  // Screens the rows the result does not hold yet, a chunk at a time.
  Result<RunEnd> run(const JobStatus& job, const ScreeningIndex& index) {
    const auto dir = dir_of(job.id);
    auto recorded = read_progress(dir, job.total);
    if (!recorded) return tl::unexpected(recorded.error());
    Progress progress = *recorded;
    auto input = core::read_text_file(dir / input_file(job.request.format));
    if (!input) return tl::unexpected(input.error());
    auto reader = BatchReader::open(*input, job.request.format, "input");
    if (!reader) return tl::unexpected(reader.error());
    BatchQuery row;
    for (std::size_t skipped = 0; skipped < progress.done; ++skipped) {
      auto more = reader->next(row);
      if (!more) return tl::unexpected(more.error());
      if (!*more) return fail(ErrorKind::internal, "the input has fewer rows than recorded");
    }
    // Each chunk cuts off whatever a stopped run wrote after its last progress record.
    const auto result_path = dir / result_file_name(job.request.format);
    const ScreeningOptions screening{job.request.threshold, job.request.limit, false};
    const auto start = Clock::now();
    std::size_t done_this_run = 0;
    std::vector<BatchQuery> rows;
    while (true) {
      rows.clear();
      while (rows.size() < options.chunk) {
        auto more = reader->next(row);
        if (!more) return tl::unexpected(more.error());
        if (!*more) break;
        rows.push_back(std::move(row));
      }
      if (rows.empty()) return RunEnd::finished;
      const auto results = screen_batch(index, rows, screening, options.threads);
      std::string text;
      if (progress.bytes == 0 && job.request.format == BatchFormat::csv) text = kBatchCsvHeader;
      append_batch_output(text, job.request.format, index, rows, results, false);
      if (auto written = core::append_synced(result_path, progress.bytes, text); !written)
        return tl::unexpected(written.error());
      progress.done += rows.size();
      progress.bytes += text.size();
      for (const auto& result : results) {
        progress.flagged += result.matches.empty() ? 0 : 1;
        progress.matches += result.matches.size();
      }
      if (auto saved =
              core::replace_file_atomically(dir / "progress.json", progress_json(progress).dump());
          !saved)
        return tl::unexpected(saved.error());
      done_this_run += rows.size();

      const std::scoped_lock lock(mutex);
      JobStatus& live = jobs.at(job.id);
      live.done = progress.done;
      live.flagged = progress.flagged;
      live.matches = progress.matches;
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      live.names_per_second = elapsed > 0 ? static_cast<double>(done_this_run) / elapsed : 0;
      if (live.names_per_second > 0)
        live.eta_seconds = static_cast<double>(live.total - live.done) / live.names_per_second;
      changed.notify_all();
      if (cancelling.contains(job.id)) return RunEnd::cancelled;
      if (stopping) return RunEnd::stopped;
    }
  }
};

ScreeningJobs::ScreeningJobs(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ScreeningJobs::~ScreeningJobs() {
  {
    const std::scoped_lock lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->changed.notify_all();
  if (impl_->runner.joinable()) impl_->runner.join();
}

Result<std::unique_ptr<ScreeningJobs>> ScreeningJobs::open(const std::filesystem::path& data_dir,
                                                           JobIndexSource source,
                                                           JobOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->root = data_dir / std::string(kFolder);
  impl->source = std::move(source);
  impl->options = options;
  impl->options.chunk = std::max<std::size_t>(1, impl->options.chunk);
  std::error_code code;
  std::filesystem::create_directories(impl->root, code);
  if (code)
    return fail(ErrorKind::io, "cannot create the jobs folder: " + code.message(),
                impl->root.string());
  std::vector<JobStatus> found;
  for (const auto& entry : std::filesystem::directory_iterator(impl->root, code)) {
    const auto name = entry.path().filename().string();
    if (!valid_job_id(name) || !entry.is_directory()) continue;  // temporary folders among them
    auto job = read_job(entry.path());
    if (!job) {
      // Listed as failed, so that its owner sees why; the other jobs go on.
      JobStatus damaged;
      damaged.id = name;
      damaged.state = JobState::failed;
      damaged.error = job.error().describe();
      found.push_back(std::move(damaged));
      continue;
    }
    found.push_back(std::move(*job));
  }
  if (code)
    return fail(ErrorKind::io, "cannot list the jobs folder: " + code.message(),
                impl->root.string());
  std::sort(found.begin(), found.end(), [](const JobStatus& a, const JobStatus& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  for (auto& job : found) {
    if (job.state == JobState::queued || job.state == JobState::running) {
      job.state = JobState::queued;
      impl->queue.push_back(job.id);
    }
    impl->jobs.emplace(job.id, std::move(job));
  }
  Impl* raw = impl.get();
  impl->runner = std::thread([raw] { raw->run_loop(); });
  return std::unique_ptr<ScreeningJobs>(new ScreeningJobs(std::move(impl)));  // NOLINT: private
}

Result<JobStatus> ScreeningJobs::submit(const JobRequest& request, const std::string& input) {
  auto reader = BatchReader::open(input, request.format, "input");
  if (!reader) return tl::unexpected(reader.error());
  std::size_t total = 0;
  BatchQuery row;
  while (true) {
    auto more = reader->next(row);
    if (!more) return tl::unexpected(more.error());
    if (!*more) break;
    if (++total > kMaxJobNames)
      return fail(ErrorKind::invalid_input,
                  "more than " + std::to_string(kMaxJobNames) + " names; split the file",
                  "input:" + std::to_string(row.line));
  }
  if (total == 0) return fail(ErrorKind::invalid_input, "no names to screen", "input");

  JobStatus job;
  job.id = new_job_id();
  job.request = request;
  job.total = total;
  job.created_at = core::utc_timestamp();
  // Written under a temporary name and renamed whole: a job is there with its input, or not.
  const auto staging = impl_->root / ("." + job.id + ".tmp");
  const auto cleanup = [&] {
    std::error_code ignored;
    std::filesystem::remove_all(staging, ignored);
  };
  std::error_code code;
  std::filesystem::create_directory(staging, code);
  if (code)
    return fail(ErrorKind::io, "cannot create the job's folder: " + code.message(),
                staging.string());
  if (auto written = core::write_synced(staging / input_file(request.format), input); !written) {
    cleanup();
    return tl::unexpected(written.error());
  }
  if (auto written = core::write_synced(staging / "job.json", job_json(job).dump(2)); !written) {
    cleanup();
    return tl::unexpected(written.error());
  }
  core::sync_directory(staging);
  const std::scoped_lock lock(impl_->mutex);
  std::filesystem::rename(staging, impl_->dir_of(job.id), code);
  if (code) {
    cleanup();
    return fail(ErrorKind::io, "cannot store the job: " + code.message(),
                impl_->dir_of(job.id).string());
  }
  core::sync_directory(impl_->root);
  impl_->jobs.emplace(job.id, job);
  impl_->queue.push_back(job.id);
  impl_->changed.notify_all();
  return job;
}

Result<JobStatus> ScreeningJobs::status(const std::string& id) const {
  const std::scoped_lock lock(impl_->mutex);
  const auto found = impl_->jobs.find(id);
  if (found == impl_->jobs.end()) return fail(ErrorKind::not_found, "no screening job " + id);
  return found->second;
}

std::vector<JobStatus> ScreeningJobs::list(const std::string& owner) const {
  const std::scoped_lock lock(impl_->mutex);
  std::vector<JobStatus> out;
  for (const auto& [id, job] : impl_->jobs)
    if (owner.empty() || job.request.owner == owner) out.push_back(job);
  std::sort(out.begin(), out.end(), [](const JobStatus& a, const JobStatus& b) {
    return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
  });
  return out;
}

Result<std::filesystem::path> ScreeningJobs::result_file(const std::string& id) const {
  auto job = status(id);
  if (!job) return tl::unexpected(job.error());
  if (job->state != JobState::done)
    return fail(ErrorKind::conflict, "job " + id + " is " + std::string(to_string(job->state)) +
                                         "; its result is ready when it is done");
  return impl_->dir_of(id) / result_file_name(job->request.format);
}

Result<JobStatus> ScreeningJobs::cancel(const std::string& id) {
  std::unique_lock lock(impl_->mutex);
  const auto found = impl_->jobs.find(id);
  if (found == impl_->jobs.end()) return fail(ErrorKind::not_found, "no screening job " + id);
  JobStatus& job = found->second;
  if (job.state == JobState::queued) {
    std::erase(impl_->queue, id);
    job.state = JobState::cancelled;
    job.finished_at = core::utc_timestamp();
    if (auto saved = impl_->save(job); !saved) return tl::unexpected(saved.error());
    return job;
  }
  if (job.state != JobState::running)
    return fail(ErrorKind::conflict,
                "job " + id + " is " + std::string(to_string(job.state)) + " already");
  impl_->cancelling.insert(id);
  // The runner stops at the end of the chunk in progress: a second or so.
  impl_->changed.wait(lock, [&] { return impl_->running != id; });
  return impl_->jobs.at(id);
}

void ScreeningJobs::wait_idle() const {
  std::unique_lock lock(impl_->mutex);
  impl_->changed.wait(
      lock, [&] { return impl_->stopping || (impl_->queue.empty() && impl_->running.empty()); });
}

}  // namespace echri::screening
