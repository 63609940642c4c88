// The logic behind the officers' desk: hit ids and their dispositions, and the queue's filters and
// sort orders (the routes' tests in tests/http/case_desk_routes_test.cpp run them over a server).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cases/queue.hpp"
#include "cases/screening_hits.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;

TEST(ScreeningHits, AHitIdIsStableAndChangesWithTheEntity) {
  const auto id = hit_id(1, "us-ofac-sdn", "12345", "aa11");
  EXPECT_EQ(id.size(), 16U);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(id, hit_id(1, "us-ofac-sdn", "12345", "aa11"));
  EXPECT_NE(id, hit_id(1, "us-ofac-sdn", "12345", "aa12"));  // the entity's record changed
  EXPECT_NE(id, hit_id(0, "us-ofac-sdn", "12345", "aa11"));  // another party
  EXPECT_NE(id, hit_id(1, "us-csl", "12345", "aa11"));
  // The parts are separated: moving text from one part to the next is another hit.
  EXPECT_NE(hit_id(1, "ab", "c", "d"), hit_id(1, "a", "bc", "d"));
}

TEST(ScreeningHits, DispositionsAreShownOnTheirHitsAndOthersAreOpen) {
  json hits = json::array({json{{"id", "a"}}, json{{"id", "b"}}});
  const json dispositions{
      {"a", {{"disposition", "dismissed"}, {"reason", "r"}, {"by", "olga"}, {"at", "t"}}},
      {"z", {{"disposition", "confirmed"}}}};
  show_dispositions(hits, dispositions);
  EXPECT_EQ(hits[0]["disposition"], "dismissed");
  EXPECT_EQ(hits[0]["reason"], "r");
  EXPECT_EQ(hits[0]["by"], "olga");
  EXPECT_EQ(hits[1]["disposition"], "open");
  EXPECT_TRUE(hits[1]["reason"].is_null());
  EXPECT_TRUE(hits[1]["at"].is_null());
  show_dispositions(hits, json());  // none kept: every hit is open
  EXPECT_EQ(hits[0]["disposition"], "open");
  EXPECT_EQ(parse_decided_disposition("dismissed"), HitDisposition::dismissed);
  EXPECT_EQ(parse_decided_disposition("open"), std::nullopt);
}

QueueEntry entry(const std::string& id, const std::string& state, double risk,
                 const std::string& created_at, const json& body) {
  store::Record record;
  record.kind = "application";
  record.id = id;
  record.state = state;
  record.risk = risk;
  record.organisation = "northwind";
  record.created_at = created_at;
  record.body = body.dump();
  QueueEntry made;
  made.view = CaseView(std::move(record), Principal{"olga", Role::officer, "authority"});
  return made;
}

json body(const std::string& destination, const std::string& assignee, const std::string& level,
          const std::string& submitted_at) {
  json made{{"application",
             {{"destination", destination},
              {"reference", "REF-" + destination},
              {"exporter", {{"name", "Northwind Sensors"}}},
              {"items", json::array({json{{"control_entry", "5A001.j"}}})},
              {"parties", json::array({json{{"name", "Imaginary Institute"}}})}}},
            {"risk", {{"level", level}}},
            {"flags", json::array({json{{"kind", "red_flag"}}})},
            {"submitted_at", submitted_at}};
  if (!assignee.empty()) made["assigned_to"] = assignee;
  return made;
}

std::vector<std::string> ids(const std::vector<QueueEntry>& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const auto& one : entries) out.push_back(one.view.record.id);
  return out;
}

class QueueLogic : public ::testing::Test {
 protected:
  QueueLogic() {
    entries_.push_back(entry("A", "under_review", 0.9, "2026-01-03T00:00:00Z",
                             body("RU", "olga", "severe", "2026-01-03T00:00:00Z")));
    entries_.push_back(entry("B", "submitted", 0.2, "2026-01-01T00:00:00Z",
                             body("NO", "", "low", "2026-01-01T00:00:00Z")));
    entries_.push_back(entry("C", "information_requested", 0.5, "2026-01-02T00:00:00Z",
                             body("EG", "sam", "medium", "2026-01-02T00:00:00Z")));
    entries_[2].overdue_requests = 1;
  }

  std::vector<std::string> matching(const QueueCriteria& criteria) {
    std::vector<QueueEntry> kept;
    for (const auto& one : entries_)
      if (queue_matches(one, criteria, "olga")) kept.push_back(one);
    sort_queue(kept, criteria);
    return ids(kept);
  }

  std::vector<QueueEntry> entries_;
};

TEST_F(QueueLogic, FiltersCombine) {
  EXPECT_EQ(matching({}), (std::vector<std::string>{"A", "C", "B"}));
  EXPECT_EQ(matching({.tab = QueueTab::mine}), std::vector<std::string>{"A"});
  EXPECT_EQ(matching({.tab = QueueTab::waiting}), std::vector<std::string>{"C"});
  EXPECT_EQ(matching({.risks = {assessment::RiskLevel::low, assessment::RiskLevel::medium}}),
            (std::vector<std::string>{"C", "B"}));
  EXPECT_EQ(matching({.risks = {assessment::RiskLevel::medium}, .destinations = {"NO"}}),
            std::vector<std::string>{});
  EXPECT_EQ(matching({.destinations = {"NO", "EG"}}), (std::vector<std::string>{"C", "B"}));
  EXPECT_EQ(matching({.control_entry = "5a001.J"}).size(), 3U);
  EXPECT_EQ(matching({.control_entry = "5A002"}), std::vector<std::string>{});
  EXPECT_EQ(matching({.flag = "red_flag", .assignee = ""}), std::vector<std::string>{"B"});
  EXPECT_EQ(matching({.assignee = "sam"}), std::vector<std::string>{"C"});
  EXPECT_EQ(matching({.overdue = true}), std::vector<std::string>{"C"});
  EXPECT_EQ(matching({.overdue = false}), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(matching({.text = "ref-ru"}), std::vector<std::string>{"A"});
  EXPECT_EQ(matching({.text = "IMAGINARY"}).size(), 3U);
  EXPECT_EQ(matching({.states = {CaseState::submitted, CaseState::under_review}}),
            (std::vector<std::string>{"A", "B"}));
  // A closed case is never in the queue.
  EXPECT_FALSE(queue_matches(
      entry("D", "decided", 1, "2026-01-01T00:00:00Z", body("RU", "", "low", "")), {}, "olga"));
}

TEST_F(QueueLogic, SortsByEachKeyWithItsDefaultOrder) {
  EXPECT_EQ(matching({.sort = QueueSort::risk}), (std::vector<std::string>{"A", "C", "B"}));
  EXPECT_EQ(matching({.sort = QueueSort::risk, .order = SortOrder::asc}),
            (std::vector<std::string>{"B", "C", "A"}));
  EXPECT_EQ(matching({.sort = QueueSort::age}), (std::vector<std::string>{"B", "C", "A"}));
  EXPECT_EQ(matching({.sort = QueueSort::age, .order = SortOrder::asc}),
            (std::vector<std::string>{"A", "C", "B"}));
  EXPECT_EQ(matching({.sort = QueueSort::destination}), (std::vector<std::string>{"C", "B", "A"}));
  EXPECT_EQ(matching({.sort = QueueSort::state}), (std::vector<std::string>{"B", "C", "A"}));
  EXPECT_EQ(matching({.sort = QueueSort::assignee}), (std::vector<std::string>{"B", "A", "C"}));
  EXPECT_EQ(matching({.sort = QueueSort::assignee, .order = SortOrder::desc}),
            (std::vector<std::string>{"C", "A", "B"}));
  EXPECT_TRUE(QueueCriteria{}.is_default());
  EXPECT_FALSE(QueueCriteria{.order = SortOrder::asc}.is_default());
}

}  // namespace
}  // namespace echri::cases
