// The officers' desk over HTTP, on both databases: assignment, screening-hit dispositions that
// survive re-screening unless the listed entity changed, the queue's tabs, filters, sort and CSV
// export, and a case's history.

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/api_fixture.hpp"
#include "http/case_api_fixture.hpp"
#include "support/test_support.hpp"

namespace echri::http {
namespace {

using nlohmann::json;

class CaseDeskRoutesTest : public testing::CaseApiFixture,
                           public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    ECHRI_STORE_URL_OR_SKIP(url, GetParam(), dir_.path(), "desk");
    serve_case_api(url);
    if (HasFatalFailure()) return;
    seed_demo_cases();
  }

  struct Answer {
    int status = 0;
    json body;
    std::string etag;
    std::string raw;
    std::string content_type;
    std::string disposition;
  };

  Answer call(const std::string& method, const std::string& path, const std::string& user,
              const std::optional<json>& body = std::nullopt, const std::string& if_match = "") {
    httplib::Headers headers;
    if (!user.empty()) headers.emplace("Authorization", "Bearer " + tokens_.at(user));
    if (!if_match.empty()) headers.emplace("If-Match", if_match);
    const std::string payload = body ? body->dump() : "";
    auto result = method == "GET"    ? client_->Get(path, headers)
                  : method == "POST" ? client_->Post(path, headers, payload, "application/json")
                                     : client_->Put(path, headers, payload, "application/json");
    Answer answer;
    if (!result) {
      ADD_FAILURE() << method << " " << path << ": no answer";
      return answer;
    }
    answer.status = result->status;
    answer.raw = result->body;
    answer.etag = result->get_header_value("ETag");
    answer.content_type = result->get_header_value("Content-Type");
    answer.disposition = result->get_header_value("Content-Disposition");
    answer.body = json::parse(result->body, nullptr, false);
    return answer;
  }

  // Files and submits an application of Northwind's; returns its id.
  std::string submitted(const std::string& destination, const std::string& exporter_name = "",
                        const std::string& reference = "T-1") {
    auto body = json::parse(echri::testing::read_file(echri::testing::fixtures_dir() /
                                                      "cases/harmless_application.json"));
    body["destination"] = destination;
    body["reference"] = reference;
    if (!exporter_name.empty()) body["exporter"]["name"] = exporter_name;
    auto created = call("POST", "/api/v1/applications", "erik.exporter", body);
    EXPECT_EQ(created.status, 201) << created.raw;
    auto id = created.body.value("id", "");
    auto done =
        call("POST", "/api/v1/applications/" + id + "/submit", "erik.exporter", json::object());
    EXPECT_EQ(done.status, 200) << done.raw;
    return id;
  }

  std::vector<std::string> queue_ids(const std::string& query) {
    auto page = call("GET", "/api/v1/queue" + query, "olga.officer");
    EXPECT_EQ(page.status, 200) << query << ": " << page.raw;
    std::vector<std::string> ids;
    for (const auto& item : page.body["items"]) ids.push_back(item["id"]);
    EXPECT_EQ(page.body["total"], ids.size()) << query;
    return ids;
  }

  // The hit of the case for the listed entity `source_id`.
  json hit_for(const std::string& id, const std::string& source_id) {
    auto one = call("GET", "/api/v1/applications/" + id, "olga.officer");
    for (const auto& hit : one.body["screening"]["hits"])
      if (hit["source_id"] == source_id) return hit;
    ADD_FAILURE() << "no hit for " << source_id << " in " << one.raw;
    return json::object();
  }
};

TEST_P(CaseDeskRoutesTest, AssignsToMeAndToAnotherOfficerWithAnAuditRecord) {
  const auto id = submitted("NO");
  const auto before = call("GET", "/api/v1/applications/" + id, "olga.officer");
  const auto version = before.body["version"].get<int>();
  auto assigned = call("PUT", "/api/v1/applications/" + id + "/assignee", "olga.officer",
                       json{{"user", "olga.officer"}}, before.etag);
  ASSERT_EQ(assigned.status, 200) << assigned.raw;
  EXPECT_EQ(assigned.body["assigned_to"], "olga.officer");
  // Assignment is not review: the case still waits for someone to start it.
  EXPECT_EQ(assigned.body["state"], "submitted");
  EXPECT_EQ(assigned.etag, "\"v" + std::to_string(version + 1) + "\"");
  // Assigning it to whom it is assigned changes nothing.
  auto again = call("PUT", "/api/v1/applications/" + id + "/assignee", "olga.officer",
                    json{{"user", "olga.officer"}});
  EXPECT_EQ(again.etag, assigned.etag);

  auto stale = call("PUT", "/api/v1/applications/" + id + "/assignee", "olga.officer",
                    json{{"user", "sam.senior"}}, before.etag);
  EXPECT_EQ(stale.status, 412) << stale.raw;
  auto handed = call("PUT", "/api/v1/applications/" + id + "/assignee", "olga.officer",
                     json{{"user", "sam.senior"}}, assigned.etag);
  ASSERT_EQ(handed.status, 200) << handed.raw;
  EXPECT_EQ(handed.body["assigned_to"], "sam.senior");

  // Nobody else's user is an assignee: unknown, not an officer, inactive.
  ASSERT_TRUE(accounts_->add_user(cases::system_principal(),
                                  cases::User{"ivan.idle", "Ivan Idle (fictional)",
                                              cases::Role::officer, "demo-authority", false}));
  for (const std::string user : {"nobody", "aude.auditor", "erik.exporter", "ivan.idle"}) {
    auto refused = call("PUT", "/api/v1/applications/" + id + "/assignee", "olga.officer",
                        json{{"user", user}});
    EXPECT_EQ(refused.status, 422) << user << ": " << refused.raw;
    EXPECT_EQ(refused.body["errors"][0]["path"], "$.user") << user;
  }
  EXPECT_EQ(call("PUT", "/api/v1/applications/" + id + "/assignee", "olga.officer", json::object())
                .body["errors"][0]["path"],
            "$.user");
  EXPECT_EQ(call("PUT", "/api/v1/applications/" + id + "/assignee", "erik.exporter",
                 json{{"user", "olga.officer"}})
                .status,
            403);
  // A draft and a decided case are not open.
  for (const auto& closed : {applications_[3], applications_[1]}) {
    auto conflict = call("PUT", "/api/v1/applications/" + closed + "/assignee", "olga.officer",
                         json{{"user", "olga.officer"}});
    EXPECT_EQ(conflict.status, 409) << conflict.raw;
  }

  const auto history = call("GET", "/api/v1/applications/" + id + "/history", "olga.officer");
  ASSERT_EQ(history.status, 200) << history.raw;
  std::vector<json> assignments;
  for (const auto& item : history.body["items"])
    if (item["action"] == "application.assign") assignments.push_back(item["detail"]);
  ASSERT_EQ(assignments.size(), 2U) << history.raw;
  EXPECT_EQ(assignments[0], (json{{"assignee_before", nullptr}, {"assignee", "olga.officer"}}));
  EXPECT_EQ(assignments[1],
            (json{{"assignee_before", "olga.officer"}, {"assignee", "sam.senior"}}));
  // The exporter reads the case without its assignee.
  EXPECT_FALSE(
      call("GET", "/api/v1/applications/" + id, "erik.exporter").body.contains("assigned_to"));
}

TEST_P(CaseDeskRoutesTest, ADismissedHitStaysDismissedUntilTheListedEntityChanges) {
  const auto& id = applications_[0];  // the risky case: its end user and consignee are listed
  const auto listed = hit_for(id, "DEMO-001");
  const auto shipping = hit_for(id, "DEMO-004");
  ASSERT_EQ(listed.value("id", "").size(), 16U) << listed;
  EXPECT_EQ(listed["disposition"], "open");
  EXPECT_TRUE(listed["reason"].is_null());

  const auto path =
      "/api/v1/applications/" + id + "/hits/" + listed["id"].get<std::string>() + "/disposition";
  auto dismissed = call("POST", path, "olga.officer",
                        json{{"disposition", "dismissed"}, {"reason", "Another company."}});
  ASSERT_EQ(dismissed.status, 200) << dismissed.raw;
  auto confirmed = call(
      "POST",
      "/api/v1/applications/" + id + "/hits/" + shipping["id"].get<std::string>() + "/disposition",
      "sam.senior", json{{"disposition", "confirmed"}, {"reason", "Same IMO."}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.raw;
  auto judged = hit_for(id, "DEMO-001");
  EXPECT_EQ(judged["disposition"], "dismissed");
  EXPECT_EQ(judged["reason"], "Another company.");
  EXPECT_EQ(judged["by"], "olga.officer");
  EXPECT_TRUE(judged["at"].is_string());

  // Exporters never see hits or their judgements.
  const auto own = call("GET", "/api/v1/applications/" + id, "erik.exporter");
  EXPECT_FALSE(own.body.contains("screening"));
  EXPECT_FALSE(own.body.contains("hit_dispositions"));
  EXPECT_EQ(call("POST", path, "erik.exporter", json{{"disposition", "dismissed"}, {"reason", "x"}})
                .status,
            403);

  // Bad bodies name their field; an unknown hit is not found.
  auto unknown =
      call("POST", path, "olga.officer", json{{"disposition", "maybe"}, {"reason", "x"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.body["errors"][0]["path"], "$.disposition");
  auto empty =
      call("POST", path, "olga.officer", json{{"disposition", "dismissed"}, {"reason", " "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(empty.body["errors"][0]["path"], "$.reason");
  auto long_reason = call("POST", path, "olga.officer",
                          json{{"disposition", "dismissed"}, {"reason", std::string(20001, 'x')}});
  EXPECT_EQ(long_reason.status, 422);
  EXPECT_EQ(call("POST", "/api/v1/applications/" + id + "/hits/0123456789abcdef/disposition",
                 "olga.officer", json{{"disposition", "dismissed"}, {"reason", "x"}})
                .status,
            404);

  // Re-assessed on the same lists: the judgements hold.
  auto reassessed =
      call("POST", "/api/v1/applications/" + id + "/reassess", "olga.officer", json::object());
  ASSERT_EQ(reassessed.status, 200) << reassessed.raw;
  EXPECT_EQ(hit_for(id, "DEMO-001")["disposition"], "dismissed");
  EXPECT_EQ(hit_for(id, "DEMO-001")["id"], listed["id"]);

  // The list is imported again with DEMO-001's record changed (a new address), DEMO-004 as it
  // was: the changed entity's hit is a new, open one; the other keeps its judgement.
  services_->reload_lists = [&]() -> Result<void> {
    const auto& current = lists_->current()->index;
    std::vector<core::ListedEntity> entities;
    for (std::uint32_t i = 0; i < current.entity_count(); ++i)
      entities.push_back(current.entity(i));
    for (auto& entity : entities)
      if (entity.source_id == "DEMO-001") {
        core::Address moved;
        moved.city = "Nowhere";
        entity.addresses.push_back(moved);
      }
    lists_->replace(cases::LoadedLists{screening::ScreeningIndex(entities), {"demo@changed"}});
    return {};
  };
  auto rescreened = call("POST", "/api/v1/rescreen", "olga.officer", json::object());
  ASSERT_EQ(rescreened.status, 200) << rescreened.raw;
  const auto fresh = hit_for(id, "DEMO-001");
  EXPECT_NE(fresh["id"], listed["id"]);
  EXPECT_EQ(fresh["disposition"], "open");
  EXPECT_TRUE(fresh["by"].is_null());
  EXPECT_EQ(hit_for(id, "DEMO-004")["disposition"], "confirmed");
  EXPECT_EQ(hit_for(id, "DEMO-004")["id"], shipping["id"]);

  // A decided case's hits are no longer judged.
  const auto& decided = applications_[1];
  EXPECT_EQ(call("POST", "/api/v1/applications/" + decided + "/hits/0123456789abcdef/disposition",
                 "olga.officer", json{{"disposition", "dismissed"}, {"reason", "x"}})
                .status,
            409);

  const auto history = call("GET", "/api/v1/applications/" + id + "/history", "aude.auditor");
  ASSERT_EQ(history.status, 200) << history.raw;
  const auto& items = history.body["items"];
  const auto disposed = std::find_if(items.begin(), items.end(), [](const json& item) {
    return item["action"] == "application.hit_disposition";
  });
  ASSERT_NE(disposed, items.end());
  EXPECT_EQ((*disposed)["detail"]["hit"], listed["id"]);
  EXPECT_EQ((*disposed)["detail"]["disposition_before"], "open");
  EXPECT_EQ((*disposed)["detail"]["reason"], "Another company.");
  EXPECT_EQ((*disposed)["actor"], "olga.officer");
}

TEST_P(CaseDeskRoutesTest, TheHistoryHoldsTheCaseAndItsRecordsInSequence) {
  const auto& id = applications_[2];  // Bluebird's, waiting for information
  auto asked = call("POST", "/api/v1/applications/" + id + "/information-requests", "olga.officer",
                    json{{"question", "Who operates it?"}});
  ASSERT_EQ(asked.status, 201) << asked.raw;
  auto noted = call("POST", "/api/v1/applications/" + id + "/notes", "olga.officer",
                    json{{"text", "Call the embassy."}});
  ASSERT_EQ(noted.status, 201) << noted.raw;

  const auto history = call("GET", "/api/v1/applications/" + id + "/history", "olga.officer");
  ASSERT_EQ(history.status, 200) << history.raw;
  std::vector<std::string> actions;
  std::int64_t last = 0;
  for (const auto& item : history.body["items"]) {
    EXPECT_GT(item["sequence"].get<std::int64_t>(), last);
    last = item["sequence"];
    for (const auto* key : {"at", "actor", "role", "action", "subject_kind", "subject_id"})
      EXPECT_TRUE(item[key].is_string()) << key << ": " << item;
    EXPECT_TRUE(item["detail"].is_object()) << item;
    actions.push_back(item["action"]);
  }
  EXPECT_EQ(actions.front(), "application.create");
  for (const std::string action :
       {"application.submit", "information_request.create", "note.create"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
  // Nothing about another case.
  for (const auto& item : history.body["items"])
    if (item["subject_kind"] == "application") {
      EXPECT_EQ(item["subject_id"], id);
    }

  EXPECT_EQ(call("GET", "/api/v1/applications/" + id + "/history", "britt.exporter").status, 403);
  EXPECT_EQ(call("GET", "/api/v1/applications/" + id + "/history", "cora.watch").status, 403);
  EXPECT_EQ(call("GET", "/api/v1/applications/APP-2026-999999/history", "admin").status, 404);
}

TEST_P(CaseDeskRoutesTest, QueueTabsAndFiltersCombineAndTotalFollowsThem) {
  const auto norway = submitted("NO");
  const auto sweden = submitted("SE");
  const auto& recommended = applications_[0];  // olga's, high risk
  const auto& waiting = applications_[2];      // information requested
  ASSERT_EQ(call("PUT", "/api/v1/applications/" + sweden + "/assignee", "sam.senior",
                 json{{"user", "sam.senior"}})
                .status,
            200);

  auto all = queue_ids("");
  EXPECT_EQ(all.size(), 4U);
  EXPECT_EQ(queue_ids("?tab=all").size(), 4U);
  EXPECT_EQ(queue_ids("?tab=mine"), std::vector<std::string>{recommended});
  EXPECT_EQ(queue_ids("?tab=waiting"), std::vector<std::string>{waiting});
  EXPECT_EQ(queue_ids("?state=submitted&destination=SE"), std::vector<std::string>{sweden});
  EXPECT_EQ(queue_ids("?destination=no,se&state=submitted").size(), 2U);
  EXPECT_EQ(queue_ids("?assignee=sam.senior"), std::vector<std::string>{sweden});
  auto unassigned = queue_ids("?assignee=none");
  EXPECT_NE(std::find(unassigned.begin(), unassigned.end(), norway), unassigned.end());
  EXPECT_EQ(std::find(unassigned.begin(), unassigned.end(), sweden), unassigned.end());
  EXPECT_EQ(queue_ids("?tab=waiting&state=submitted"), std::vector<std::string>{});
  EXPECT_EQ(queue_ids("?flag=screening_match"), std::vector<std::string>{recommended});
  EXPECT_EQ(queue_ids("?control_entry=ear99&destination=NO"), std::vector<std::string>{norway});
  EXPECT_EQ(queue_ids("?q=bluebird"), std::vector<std::string>{waiting});
  EXPECT_EQ(queue_ids("?q=imaginary%20institute&destination=SE"), std::vector<std::string>{sweden});
  auto severe = queue_ids("?risk=high,severe");
  EXPECT_NE(std::find(severe.begin(), severe.end(), recommended), severe.end());
  EXPECT_EQ(std::find(severe.begin(), severe.end(), norway), severe.end());
  EXPECT_EQ(queue_ids("?overdue=true"), std::vector<std::string>{});
  EXPECT_EQ(queue_ids("?overdue=false").size(), 4U);

  // Paging over the filtered queue.
  auto page = call("GET", "/api/v1/queue?state=submitted&limit=1", "olga.officer");
  EXPECT_EQ(page.body["total"], 2);
  EXPECT_EQ(page.body["items"].size(), 1U);
  EXPECT_EQ(page.body["next"], 1);

  // What a queue table shows.
  auto row = call("GET", "/api/v1/queue?destination=SE", "olga.officer").body["items"][0];
  EXPECT_EQ(row["exporter"], "Northwind Sensors Ltd (fictional)");
  EXPECT_EQ(row["destination"], "SE");
  EXPECT_EQ(row["control_entries"], json::array({"EAR99"}));
  EXPECT_EQ(row["assignee"], "sam.senior");
  EXPECT_TRUE(row["risk_level"].is_string());
  EXPECT_TRUE(row["flag_kinds"].is_array());
  for (const auto* key : {"days_in_state", "days_open", "overdue_requests"})
    EXPECT_TRUE(row[key].is_number()) << key;
  EXPECT_TRUE(call("GET", "/api/v1/queue?destination=NO", "olga.officer")
                  .body["items"][0]["assignee"]
                  .is_null());

  // Values it does not know are 400s naming their parameter.
  for (const auto& [query, parameter] :
       std::vector<std::pair<std::string, std::string>>{{"tab=theirs", "tab"},
                                                        {"state=draft", "state"},
                                                        {"state=nonsense", "state"},
                                                        {"risk=extreme", "risk"},
                                                        {"destination=XX", "destination"},
                                                        {"destination=Norway", "destination"},
                                                        {"flag=purple", "flag"},
                                                        {"overdue=maybe", "overdue"},
                                                        {"sort=colour", "sort"},
                                                        {"order=up", "order"},
                                                        {"sort=risk&order=sideways", "order"},
                                                        {"assignee=", "assignee"}}) {
    auto refused = call("GET", "/api/v1/queue?" + query, "olga.officer");
    EXPECT_EQ(refused.status, 400) << query << ": " << refused.raw;
    EXPECT_EQ(refused.body["errors"][0]["parameter"], parameter) << query;
    EXPECT_EQ(call("GET", "/api/v1/queue.csv?" + query, "olga.officer").status, 400) << query;
  }
  EXPECT_EQ(call("GET", "/api/v1/queue?tab=mine", "erik.exporter").status, 403);
  EXPECT_EQ(call("GET", "/api/v1/queue.csv", "erik.exporter").status, 403);
}

TEST_P(CaseDeskRoutesTest, QueueSortsByEachKeyBothWays) {
  const auto first = submitted("SE");
  const auto second = submitted("NO");
  const auto& recommended = applications_[0];
  const auto& waiting = applications_[2];
  ASSERT_EQ(call("PUT", "/api/v1/applications/" + second + "/assignee", "olga.officer",
                 json{{"user", "sam.senior"}})
                .status,
            200);
  // By default, and sort=risk: the riskiest first.
  EXPECT_EQ(queue_ids("").front(), recommended);
  EXPECT_EQ(queue_ids("?sort=risk").front(), recommended);
  EXPECT_EQ(queue_ids("?sort=risk&order=asc").back(), recommended);
  const auto destination = queue_ids("?sort=destination&state=submitted");
  EXPECT_EQ(destination, (std::vector<std::string>{second, first}));  // NO before SE
  EXPECT_EQ(queue_ids("?sort=destination&order=desc&state=submitted"),
            (std::vector<std::string>{first, second}));
  const auto states = queue_ids("?sort=state");
  EXPECT_EQ(states.back(), recommended);  // workflow order: submitted ... recommended
  EXPECT_EQ(states[2], waiting);
  EXPECT_EQ(queue_ids("?sort=state&order=desc").front(), recommended);
  // Unassigned first when ascending; olga's before sam's.
  const auto assignees = queue_ids("?sort=assignee");
  EXPECT_EQ(assignees.back(), second);
  EXPECT_EQ(assignees[2], recommended);
  EXPECT_EQ(queue_ids("?sort=assignee&order=desc").front(), second);
  // Oldest first by age (the demo's cases were submitted first; ties go by risk, then id).
  const auto by_age = queue_ids("?sort=age&state=submitted");
  EXPECT_EQ(by_age.size(), 2U);
  const auto youngest_first = queue_ids("?sort=age&order=asc&state=submitted");
  EXPECT_EQ(youngest_first.size(), 2U);
}

TEST_P(CaseDeskRoutesTest, QueueCsvQuotesAndDisarmsFormulas) {
  const auto formula =
      submitted("SE", "=HYPERLINK(\"http://evil.example\",\"click\")", "+1,\"quoted\"");
  const auto plain = submitted("NO", "-Minus Exporter", "@ref");
  auto csv = call("GET", "/api/v1/queue.csv?state=submitted&sort=destination", "olga.officer");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.disposition, "attachment; filename=\"queue.csv\"");
  const std::string header =
      "id,reference,exporter,organisation,destination,control_entries,risk_level,risk_score,"
      "state,flags,assignee,days_in_state,days_open,overdue_requests\r\n";
  ASSERT_TRUE(csv.raw.starts_with(header)) << csv.raw;
  // NO sorts before SE.
  const auto no_row =
      csv.raw.find("\r\n" + plain + ",'@ref,'-Minus Exporter,northwind-sensors,NO,");
  const auto se_row = csv.raw.find(
      "\r\n" + formula +
      ",\"'+1,\"\"quoted\"\"\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","
      "northwind-sensors,SE,EAR99,");
  EXPECT_NE(no_row, std::string::npos) << csv.raw;
  EXPECT_NE(se_row, std::string::npos) << csv.raw;
  EXPECT_LT(no_row, se_row);
  EXPECT_TRUE(csv.raw.ends_with("\r\n"));
  // Every matching row, without paging: the header and two rows.
  std::size_t lines = 0;
  for (auto at = csv.raw.find("\r\n"); at != std::string::npos; at = csv.raw.find("\r\n", at + 2))
    ++lines;
  EXPECT_EQ(lines, 3U) << csv.raw;
  auto all = call("GET", "/api/v1/queue.csv", "aude.auditor");
  ASSERT_EQ(all.status, 200);
  lines = 0;
  for (auto at = all.raw.find("\r\n"); at != std::string::npos; at = all.raw.find("\r\n", at + 2))
    ++lines;
  EXPECT_EQ(lines, 5U) << all.raw;  // the header, the demo's two open cases and the two above
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseDeskRoutesTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

}  // namespace
}  // namespace echri::http
