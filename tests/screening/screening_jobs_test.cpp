#include "screening/screening_jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::screening {
namespace {

using ::echri::testing::FailsWith;
using ::echri::testing::IsOk;

core::ListedEntity listed(std::string id, core::EntityType type, std::string name) {
  core::ListedEntity e;
  e.list = "test-list";
  e.source_id = std::move(id);
  e.type = type;
  e.name = std::move(name);
  return e;
}

std::shared_ptr<const ScreeningIndex> fictional_index() {
  return std::make_shared<const ScreeningIndex>(std::vector<core::ListedEntity>{
      listed("1", core::EntityType::person, "FICTITSKY, Boris Ivanovich"),
      listed("2", core::EntityType::organization, "Fictitious Surveillance Systems LLC"),
      listed("3", core::EntityType::person, "Jane Placeholder")});
}

// `count` rows, every seventh a listed name.
std::string names_csv(std::size_t count) {
  std::string csv = "id,name,type\n";
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = i % 7 == 0   ? "Boris Fictitsky"
                             : i % 7 == 3 ? "Jane Placeholdr"
                                          : "Unlisted Person Number " + std::to_string(i);
    csv += "r" + std::to_string(i) + "," + name + ",person\n";
  }
  return csv;
}

// What the job's result must be: the rows screened in one go, written as the batch writer does.
std::string expected_result(const ScreeningIndex& index, const std::string& input,
                            BatchFormat format) {
  auto reader = BatchReader::open(input, format, "input");
  EXPECT_THAT(reader, IsOk());
  std::vector<BatchQuery> rows;
  BatchQuery row;
  while (*reader->next(row)) rows.push_back(row);
  const auto results = screen_batch(index, rows, {kDefaultThreshold, 10, false}, 1);
  std::string out(format == BatchFormat::csv ? kBatchCsvHeader : "");
  append_batch_output(out, format, index, rows, results, false);
  return out;
}

class ScreeningJobsTest : public ::testing::Test {
 protected:
  // Jobs over `index_` while `available_`; chunks of `chunk` names on one thread.
  std::unique_ptr<ScreeningJobs> open_jobs(std::size_t chunk = 4) {
    auto jobs = ScreeningJobs::open(dir_.path(),
                                    [this]() -> JobIndex {
                                      if (!available_) return {};
                                      return {index_, {"test-list@v1"}};
                                    },
                                    {1, chunk});
    EXPECT_THAT(jobs, IsOk());
    return jobs ? std::move(*jobs) : nullptr;
  }
  [[nodiscard]] std::filesystem::path job_dir(const std::string& id) const {
    return dir_.path() / "screening-jobs" / id;
  }
  [[nodiscard]] std::size_t stored_jobs() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "screening-jobs")) {
      (void)entry;
      ++count;
    }
    return count;
  }

  echri::testing::TempDir dir_;
  std::shared_ptr<const ScreeningIndex> index_ = fictional_index();
  std::atomic<bool> available_{true};
};

TEST_F(ScreeningJobsTest, ScreensEveryNameAndWritesTheResult) {
  auto jobs = open_jobs();
  const std::string input = names_csv(30);
  JobRequest request;
  request.owner = "alice";
  auto submitted = jobs->submit(request, input);
  ASSERT_THAT(submitted, IsOk());
  EXPECT_EQ(submitted->total, 30U);
  EXPECT_TRUE(submitted->id.starts_with("job-"));
  jobs->wait_idle();

  auto job = jobs->status(submitted->id);
  ASSERT_THAT(job, IsOk());
  EXPECT_EQ(job->state, JobState::done) << job->error;
  EXPECT_EQ(job->done, 30U);
  EXPECT_EQ(job->flagged, 9U);  // rows 0, 7, 14, 21, 28 and 3, 10, 17, 24
  EXPECT_EQ(job->matches, 9U);
  EXPECT_EQ(job->lists, std::vector<std::string>{"test-list@v1"});
  EXPECT_FALSE(job->started_at.empty());
  EXPECT_FALSE(job->finished_at.empty());
  EXPECT_GT(job->names_per_second, 0);
  EXPECT_FALSE(job->eta_seconds.has_value());

  auto result = jobs->result_file(submitted->id);
  ASSERT_THAT(result, IsOk());
  const std::string content = echri::testing::read_file(*result);
  EXPECT_EQ(content, expected_result(*index_, input, BatchFormat::csv));
  EXPECT_NE(content.find("r7,test-list,1,\"FICTITSKY, Boris Ivanovich\","), std::string::npos)
      << content;
}

TEST_F(ScreeningJobsTest, JsonLinesInJsonLinesOut) {
  auto jobs = open_jobs();
  const std::string input =
      "{\"id\":\"a\",\"name\":\"Boris Fictitsky\",\"date_of_birth\":\"1961\"}\n"
      "\n"
      "{\"name\":\"Fictitious Surveillance Systems\",\"type\":\"organization\"}\n";
  JobRequest request;
  request.owner = "alice";
  request.format = BatchFormat::jsonl;
  auto submitted = jobs->submit(request, input);
  ASSERT_THAT(submitted, IsOk());
  jobs->wait_idle();
  auto result = jobs->result_file(submitted->id);
  ASSERT_THAT(result, IsOk());
  const std::string content = echri::testing::read_file(*result);
  EXPECT_EQ(content, expected_result(*index_, input, BatchFormat::jsonl));
  // The second object has no id: it is named by its line.
  EXPECT_NE(content.find("\"id\":\"3\""), std::string::npos) << content;
  EXPECT_NE(content.find("\"matched_name\":\"Fictitious Surveillance Systems LLC\""),
            std::string::npos);
}

TEST_F(ScreeningJobsTest, BadInputIsRefusedWithItsLineAndNothingIsStored) {
  auto jobs = open_jobs();
  JobRequest request;
  EXPECT_THAT(jobs->submit(request, "id,name\n1,Boris\n2,\n"),
              FailsWith(ErrorKind::invalid_input, "input:3"));
  EXPECT_THAT(jobs->submit(request, "id,surname\n1,Boris\n"),
              FailsWith(ErrorKind::invalid_input, "input:1"));
  EXPECT_THAT(jobs->submit(request, "id,name\n"), FailsWith(ErrorKind::invalid_input, "input"));
  request.format = BatchFormat::jsonl;
  EXPECT_THAT(jobs->submit(request, "{\"name\":\"A\"}\n{\"name\":\"B\",\"nickname\":\"C\"}\n"),
              FailsWith(ErrorKind::invalid_input, "input:2: $.nickname"));
  EXPECT_THAT(jobs->submit(request, "{\"name\":\"A\"}\nnot json\n"),
              FailsWith(ErrorKind::invalid_input, "input:2"));
  EXPECT_THAT(jobs->submit(request, "{\"name\":\"A\",\"date_of_birth\":\"yesterday\"}\n"),
              FailsWith(ErrorKind::invalid_input, "input:1"));
  EXPECT_EQ(stored_jobs(), 0U);
  EXPECT_TRUE(jobs->list("").empty());
}

TEST_F(ScreeningJobsTest, MoreThanAMillionNamesIsRefused) {
  auto jobs = open_jobs();
  std::string input = "id,name\n";
  input.reserve(kMaxJobNames * 6 + 100);
  for (std::size_t i = 0; i <= kMaxJobNames; ++i) input += "1,Ab\n";
  const auto refused = jobs->submit({}, input);
  ASSERT_THAT(refused, FailsWith(ErrorKind::invalid_input, "input:1000002"));
  EXPECT_NE(refused.error().message.find("1000000"), std::string::npos);
  EXPECT_EQ(stored_jobs(), 0U);
}

TEST_F(ScreeningJobsTest, AStoppedJobResumesWhereItsProgressSaysWithNothingLostOrTwice) {
  const std::string input = names_csv(400);
  std::string id;
  {
    auto jobs = open_jobs(2);
    JobRequest request;
    request.owner = "alice";
    auto submitted = jobs->submit(request, input);
    ASSERT_THAT(submitted, IsOk());
    id = submitted->id;
    // Stopped (the process ends) once a few chunks are recorded.
    for (int i = 0; i < 5000 && jobs->status(id)->done < 20; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto after_stop = open_jobs(2);
  {
    const auto job = after_stop->status(id);
    ASSERT_THAT(job, IsOk());
    // Either resumed already or queued to be; never done from scratch.
    EXPECT_GE(job->done, 20U);
  }
  after_stop.reset();
  // As a crash would: rows written to the result after the last progress record.
  {
    std::ofstream result(job_dir(id) / "result.csv", std::ios::app | std::ios::binary);
    result << "r9999,test-list,1,half a row written when the power went";
  }
  auto resumed = open_jobs(2);
  resumed->wait_idle();
  const auto job = resumed->status(id);
  ASSERT_THAT(job, IsOk());
  ASSERT_EQ(job->state, JobState::done) << job->error;
  EXPECT_EQ(job->done, 400U);
  EXPECT_EQ(job->flagged, 400U / 7 + 1 + 400U / 7);  // i % 7 == 0 (58) and i % 7 == 3 (57)
  EXPECT_EQ(echri::testing::read_file(*resumed->result_file(id)),
            expected_result(*index_, input, BatchFormat::csv));
}

TEST_F(ScreeningJobsTest, JobsWaitForListsAndCanBeCancelled) {
  available_ = false;
  auto jobs = open_jobs();
  JobRequest request;
  request.owner = "alice";
  auto first = jobs->submit(request, names_csv(5));
  auto second = jobs->submit(request, names_csv(6));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(jobs->status(first->id)->state, JobState::queued);
  EXPECT_THAT(jobs->result_file(first->id), FailsWith(ErrorKind::conflict));

  auto cancelled = jobs->cancel(first->id);
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_EQ(cancelled->state, JobState::cancelled);
  EXPECT_THAT(jobs->cancel(first->id), FailsWith(ErrorKind::conflict));
  EXPECT_THAT(jobs->cancel("job-000000000000000000000000"), FailsWith(ErrorKind::not_found));

  available_ = true;
  jobs->wait_idle();
  EXPECT_EQ(jobs->status(second->id)->state, JobState::done);
  EXPECT_EQ(jobs->status(first->id)->state, JobState::cancelled);
  // A cancelled job stays cancelled after a restart.
  jobs.reset();
  auto reopened = open_jobs();
  EXPECT_EQ(reopened->status(first->id)->state, JobState::cancelled);
  const auto listed = reopened->list("alice");
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_TRUE(reopened->list("bob").empty());
}

TEST_F(ScreeningJobsTest, ADamagedJobIsListedAsFailedAndTheOthersGoOn) {
  std::string damaged;
  std::string intact;
  {
    available_ = false;
    auto jobs = open_jobs();
    damaged = jobs->submit({}, names_csv(3))->id;
    intact = jobs->submit({}, names_csv(3))->id;
  }
  echri::testing::write_file(job_dir(damaged) / "job.json", "{\"id\": ");
  available_ = true;
  auto jobs = open_jobs();
  jobs->wait_idle();
  const auto broken = jobs->status(damaged);
  ASSERT_THAT(broken, IsOk());
  EXPECT_EQ(broken->state, JobState::failed);
  EXPECT_NE(broken->error.find("job.json"), std::string::npos) << broken->error;
  EXPECT_EQ(jobs->status(intact)->state, JobState::done);
}

}  // namespace
}  // namespace echri::screening
