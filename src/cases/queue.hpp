#pragma once
// The officers' queue: open cases by risk, then age, with their clocks; its tabs (every open case,
// the caller's, those waiting for the exporter), filters and sort orders.
//
// Without tab, filter or sort the store pages the queue in its own order (risk, then age), as it
// always did. Anything else reads every open case and filters, sorts and pages them here: the
// filters look inside the cases' bodies (destination, control entries, flags, assignee, parties),
// which the store does not index, and an authority's open cases are a working set of hundreds to
// a few thousand, not the archive.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/risk.hpp"
#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "cases/workflow.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

enum class QueueTab {
  all,      // every open case
  mine,     // assigned to the caller
  waiting,  // waiting for the exporter: information_requested
};
enum class QueueSort { risk, age, destination, state, assignee };
enum class SortOrder { asc, desc };

std::optional<QueueTab> parse_queue_tab(std::string_view text);
std::optional<QueueSort> parse_queue_sort(std::string_view text);
std::optional<SortOrder> parse_sort_order(std::string_view text);
// The kinds of flag a case can carry (the `kind` of its `flags[]`), for filtering.
const std::vector<std::string_view>& queue_flag_kinds();
// The states a case is in while it is in the queue, in workflow order.
const std::vector<CaseState>& queue_states();

// What to show of the queue. Every criterion given must hold; a list holds when any of its values
// does.
struct QueueCriteria {
  QueueTab tab = QueueTab::all;
  std::vector<CaseState> states{};  // open states only; empty: every open state
  std::vector<assessment::RiskLevel> risks{};
  std::vector<std::string> destinations{};  // ISO 3166-1 alpha-2
  std::string control_entry{};            // one of the items' control entries (ASCII case ignored)
  std::string flag{};                     // a flag kind of queue_flag_kinds()
  std::optional<std::string> assignee{};  // "" means unassigned
  std::optional<bool> overdue{};          // whether an information request is overdue
  std::string text{};  // in the id, references, exporter, organisation or a party's name
  // nullopt: risk (highest first), then age (oldest first). Ties follow that order too.
  std::optional<QueueSort> sort{};
  // nullopt: desc for risk and age (highest, oldest first), asc for the others.
  std::optional<SortOrder> order{};

  [[nodiscard]] bool is_default() const;
};

// Whether `entry` meets `criteria` for the reader `reader` (the user id the `mine` tab means).
bool queue_matches(const QueueEntry& entry, const QueueCriteria& criteria, std::string_view reader);
// Orders `entries` as `criteria` asks.
void sort_queue(std::vector<QueueEntry>& entries, const QueueCriteria& criteria);

class Queue {
 public:
  Queue(store::Store& store, std::function<std::string()> now);

  // One page of the queue; `total`, when given, receives how many cases meet the criteria.
  Result<std::vector<QueueEntry>> entries(const Principal& actor, Paging paging,
                                          std::size_t* total = nullptr);
  Result<std::vector<QueueEntry>> entries(const Principal& actor, const QueueCriteria& criteria,
                                          Paging paging, std::size_t* total = nullptr);
  // Every case that meets the criteria, in order (the queue's export).
  Result<std::vector<QueueEntry>> all_entries(const Principal& actor,
                                              const QueueCriteria& criteria);

 private:
  store::Store& store_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
