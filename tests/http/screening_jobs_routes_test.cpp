// Bulk screening over HTTP: unexplained batches of POST /api/v1/screen, and the screening jobs
// (POST /api/v1/screening-jobs, its status, result and cancellation) against the demo list.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http/api_fixture.hpp"

namespace echri::http::testing {
namespace {

using cases::Role;
using nlohmann::json;

// The job once it has ended (the demo list is small: well under a second).
json ended_job(const ApiServer& api, const std::string& href, const std::string& token) {
  json job;
  for (int i = 0; i < 500; ++i) {
    const auto reply = api.send("GET", href, token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    job = reply.json();
    if (job["state"] != "queued" && job["state"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return job;
}

TEST_P(ApiTest, UnexplainedBatchesNameTheMatchAndMayHoldAThousandNames) {
  json queries = json::array();
  queries.push_back({{"name", "Fictional Shipping Company"}});
  for (int i = 0; i < 998; ++i) queries.push_back({{"name", "Nobody Number " + std::to_string(i)}});
  queries.push_back({{"name", "Boris Fictitskiy"}, {"type", "person"}});
  const auto reply =
      post("/api/v1/screen", Role::officer, {{"queries", queries}, {"explain", false}});
  ASSERT_EQ(reply.status, 200) << reply.body.substr(0, 500);
  const auto body = reply.json();
  ASSERT_EQ(body["results"].size(), 1000U);
  const auto& first = body["results"][0]["matches"][0];
  EXPECT_EQ(first["source_id"], "DEMO-004");
  EXPECT_FALSE(first.contains("explanation"));
  EXPECT_EQ(first["matched_name"].get<std::string>().empty(), false);
  EXPECT_EQ(first["matched_alias"].is_boolean(), true);
  EXPECT_EQ(body["results"][999]["matches"][0]["source_id"], "DEMO-002");
  EXPECT_TRUE(body["results"][500]["matches"].empty());
  EXPECT_FALSE(body["results"][0].contains("query"));  // in query order, not repeated

  // Explained answers keep the bound of 100, and say how to send more.
  queries.erase(queries.begin() + 101, queries.end());
  const auto problem =
      expect_problem(post("/api/v1/screen", Role::officer, {{"queries", queries}}), 422);
  EXPECT_NE(problem.dump().find("explain"), std::string::npos) << problem.dump();
  queries.push_back({{"name", "one too many"}});
  for (int i = 0; i < 900; ++i) queries.push_back({{"name", "n"}});
  expect_problem(post("/api/v1/screen", Role::officer, {{"queries", queries}, {"explain", false}}),
                 422);
  expect_problem(post("/api/v1/screen", Role::officer, {{"name", "x"}, {"explain", "no"}}), 422);
}

TEST_P(ApiTest, AScreeningJobRunsAndItsResultIsDownloaded) {
  const std::string& exporter = api().token(Role::exporter);
  const std::string csv =
      "id,name,type,country\n"
      "a1,Boris Fictitskiy,person,RU\n"
      "a2,Jane Nobody,person,\n"
      "a3,\"Fictional Shipping Company\",organization,\n";
  const auto submitted =
      api().send("POST", "/api/v1/screening-jobs?threshold=0.8&limit=3", exporter, csv, "text/csv");
  ASSERT_EQ(submitted.status, 202) << submitted.body;
  const auto accepted = submitted.json();
  EXPECT_EQ(accepted["total"], 3);
  EXPECT_EQ(accepted["format"], "csv");
  EXPECT_EQ(accepted["limit"], 3);
  const std::string href = submitted.header("Location");
  EXPECT_EQ(href, "/api/v1/screening-jobs/" + accepted["id"].get<std::string>());

  const auto job = ended_job(api(), href, exporter);
  ASSERT_EQ(job["state"], "done") << job.dump(2);
  EXPECT_EQ(job["done"], 3);
  EXPECT_EQ(job["progress"], 1.0);
  EXPECT_EQ(job["flagged"], 2);
  EXPECT_EQ(job["lists"], json::array({"demo@test"}));
  EXPECT_EQ(job["result"], href + "/result");

  const auto result = api().send("GET", href + "/result", exporter);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(result.header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_TRUE(result.body.starts_with("id,list,source_id,matched_name,score,also_listed\n"))
      << result.body;
  EXPECT_NE(result.body.find("\na1,us-csl,DEMO-002,"), std::string::npos) << result.body;
  EXPECT_NE(result.body.find("\na3,us-csl,DEMO-004,"), std::string::npos) << result.body;
  EXPECT_EQ(result.body.find("a2,"), std::string::npos);

  // The owner lists it; another user neither lists nor sees it; an administrator does.
  const auto mine = get("/api/v1/screening-jobs", Role::exporter).json()["items"];
  EXPECT_TRUE(std::any_of(mine.begin(), mine.end(),
                          [&](const json& item) { return item["id"] == accepted["id"]; }));
  const auto theirs = get("/api/v1/screening-jobs", Role::civil_society).json()["items"];
  EXPECT_TRUE(std::none_of(theirs.begin(), theirs.end(),
                           [&](const json& item) { return item["id"] == accepted["id"]; }));
  expect_problem(get(href, Role::officer), 404);
  expect_problem(get(href + "/result", Role::civil_society), 404);
  EXPECT_EQ(get(href, Role::admin).status, 200);
  expect_problem(api().send("POST", href + "/cancel", exporter, ""), 409);
  expect_problem(get("/api/v1/screening-jobs", Role::peer_node), 403);
}

TEST_P(ApiTest, JsonLinesJobsAnswerInJsonLines) {
  const std::string& officer = api().token(Role::officer);
  const auto submitted = api().send("POST", "/api/v1/screening-jobs", officer,
                                    "{\"id\":\"x\",\"name\":\"IMAGINARY "
                                    "STAR\",\"type\":\"vessel\",\"identifier\":\"IMO 9999991\"}\n",
                                    "application/jsonl");
  ASSERT_EQ(submitted.status, 202) << submitted.body;
  const auto job = ended_job(api(), submitted.header("Location"), officer);
  ASSERT_EQ(job["state"], "done") << job.dump(2);
  const auto result = api().send("GET", submitted.header("Location") + "/result", officer);
  ASSERT_EQ(result.status, 200);
  EXPECT_EQ(result.header("Content-Type"), "application/jsonl");
  const auto line = json::parse(result.body.substr(0, result.body.find('\n')));
  EXPECT_EQ(line["id"], "x");
  EXPECT_EQ(line["source_id"], "DEMO-003");
  EXPECT_EQ(line["query"]["identifier"], "IMO 9999991");
}

TEST_P(ApiTest, BadScreeningJobsAreRefusedSayingWhere) {
  const std::string& officer = api().token(Role::officer);
  const auto bad_row = expect_problem(
      api().send("POST", "/api/v1/screening-jobs", officer, "id,name\n1,Boris\n2,\n", "text/csv"),
      422);
  EXPECT_NE(bad_row.dump().find("input:3"), std::string::npos) << bad_row.dump();
  const auto bad_type = expect_problem(
      api().send("POST", "/api/v1/screening-jobs", officer, "id,name\n1,Boris\n", "text/plain"),
      400);
  EXPECT_NE(bad_type.dump().find("Content-Type"), std::string::npos) << bad_type.dump();
  expect_problem(api().send("POST", "/api/v1/screening-jobs?threshold=2", officer,
                            "id,name\n1,Boris\n", "text/csv"),
                 400);
  expect_problem(api().send("POST", "/api/v1/screening-jobs?limit=2.5", officer,
                            "id,name\n1,Boris\n", "text/csv"),
                 400);
  expect_problem(get("/api/v1/screening-jobs/job-000000000000000000000000", Role::officer), 404);
}

}  // namespace
}  // namespace echri::http::testing
