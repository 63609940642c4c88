#include "cases/queue.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cases/internal/case_records.hpp"
#include "core/enum_names.hpp"
#include "core/file_io.hpp"
#include "core/text_util.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

constexpr std::size_t kReadPage = 200;

constexpr core::EnumNames<QueueTab, 3> kQueueTabNames{
    {{QueueTab::all, "all"}, {QueueTab::mine, "mine"}, {QueueTab::waiting, "waiting"}}};
constexpr core::EnumNames<QueueSort, 5> kQueueSortNames{{{QueueSort::risk, "risk"},
                                                         {QueueSort::age, "age"},
                                                         {QueueSort::destination, "destination"},
                                                         {QueueSort::state, "state"},
                                                         {QueueSort::assignee, "assignee"}}};
constexpr core::EnumNames<SortOrder, 2> kSortOrderNames{
    {{SortOrder::asc, "asc"}, {SortOrder::desc, "desc"}}};

const std::string& text_at(const json& object, std::string_view key) {
  static const std::string kNone;
  if (!object.is_object()) return kNone;
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get_ref<const std::string&>() : kNone;
}

const json& application_of(const QueueEntry& entry) {
  static const json kNone = json::object();
  const auto& body = entry.view.body();
  const auto found = body.find("application");
  return found != body.end() && found->is_object() ? *found : kNone;
}

bool contains_icase(std::string_view haystack, std::string_view lowered_needle) {
  return core::ascii_lower(haystack).find(lowered_needle) != std::string::npos;
}

bool mentions(const QueueEntry& entry, const std::string& lowered) {
  const auto& body = entry.view.body();
  const auto& application = application_of(entry);
  for (const auto* text : {&entry.view.record.id, &entry.view.record.organisation,
                           &text_at(body, "reference"), &text_at(application, "reference")})
    if (contains_icase(*text, lowered)) return true;
  if (const auto exporter = application.find("exporter");
      exporter != application.end() && contains_icase(text_at(*exporter, "name"), lowered))
    return true;
  for (const auto& party : application.value("parties", json::array()))
    if (contains_icase(text_at(party, "name"), lowered)) return true;
  return false;
}

bool has_control_entry(const QueueEntry& entry, std::string_view wanted) {
  const auto lowered = core::ascii_lower(wanted);
  for (const auto& item : application_of(entry).value("items", json::array()))
    if (core::ascii_lower(text_at(item, "control_entry")) == lowered) return true;
  return false;
}

bool has_flag(const QueueEntry& entry, std::string_view kind) {
  const auto& body = entry.view.body();
  for (const auto& flag : body.value("flags", json::array()))
    if (text_at(flag, "kind") == kind) return true;
  return false;
}

std::size_t state_rank(const QueueEntry& entry) {
  const auto state = parse_case_state(entry.view.record.state);
  const auto& order = queue_states();
  const auto found = state ? std::find(order.begin(), order.end(), *state) : order.end();
  return static_cast<std::size_t>(found - order.begin());
}

const std::string& started_at(const QueueEntry& entry) {
  const auto& submitted = text_at(entry.view.body(), "submitted_at");
  return submitted.empty() ? entry.view.record.created_at : submitted;
}

// The store's order: highest risk first, then the oldest, then by id.
bool before_by_default(const QueueEntry& a, const QueueEntry& b) {
  if (a.view.record.risk != b.view.record.risk) return a.view.record.risk > b.view.record.risk;
  if (a.view.record.created_at != b.view.record.created_at)
    return a.view.record.created_at < b.view.record.created_at;
  return a.view.record.id < b.view.record.id;
}

// <0, 0, >0 as `a` comes before, with, or after `b` by `sort` ascending.
int compare_by(QueueSort sort, const QueueEntry& a, const QueueEntry& b) {
  const auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (sort) {
    case QueueSort::risk:
      return three_way(a.view.record.risk, b.view.record.risk);
    case QueueSort::age:
      // Older is more: a case submitted earlier has the greater age.
      return three_way(started_at(b), started_at(a));
    case QueueSort::destination:
      return three_way(text_at(application_of(a), "destination"),
                       text_at(application_of(b), "destination"));
    case QueueSort::state:
      return three_way(state_rank(a), state_rank(b));
    case QueueSort::assignee:
      return three_way(text_at(a.view.body(), "assigned_to"),
                       text_at(b.view.body(), "assigned_to"));
  }
  return 0;
}

// The states to ask the store for: the open states the tab and the state filter leave.
std::vector<std::string> states_to_read(const QueueCriteria& criteria) {
  std::vector<std::string> states;
  for (const auto state : queue_states()) {
    if (criteria.tab == QueueTab::waiting && state != CaseState::information_requested) continue;
    if (!criteria.states.empty() &&
        std::find(criteria.states.begin(), criteria.states.end(), state) == criteria.states.end())
      continue;
    states.emplace_back(to_string(state));
  }
  return states;
}

void set_clocks(QueueEntry& entry, const std::string& now) {
  const auto& body = entry.view.body();
  const auto& history = body["history"];
  if (!history.empty()) entry.days_in_state = days_between(history.back().value("at", now), now);
  entry.days_open = days_between(body.value("submitted_at", now), now);
  for (const auto& open : body["open_requests"])
    if (open.value("due", "9999-12-31") < now.substr(0, 10)) ++entry.overdue_requests;
}

}  // namespace

std::optional<QueueTab> parse_queue_tab(std::string_view text) {
  return core::value_of(kQueueTabNames, text);
}

std::optional<QueueSort> parse_queue_sort(std::string_view text) {
  return core::value_of(kQueueSortNames, text);
}

std::optional<SortOrder> parse_sort_order(std::string_view text) {
  return core::value_of(kSortOrderNames, text);
}

const std::vector<std::string_view>& queue_flag_kinds() {
  // The kinds case_assessment.cpp and inquiries.cpp write.
  static const std::vector<std::string_view> kinds{
      "screening_match", "red_flag",    "missing_information",     "peer_denial",
      "new_list_match",  "risk_raised", "civil_society_submission"};
  return kinds;
}

const std::vector<CaseState>& queue_states() {
  static const std::vector<CaseState> states{CaseState::submitted, CaseState::information_requested,
                                             CaseState::under_review, CaseState::recommended};
  return states;
}

bool QueueCriteria::is_default() const {
  return tab == QueueTab::all && states.empty() && risks.empty() && destinations.empty() &&
         control_entry.empty() && flag.empty() && !assignee && !overdue && text.empty() && !sort &&
         !order;
}

bool queue_matches(const QueueEntry& entry, const QueueCriteria& criteria,
                   std::string_view reader) {
  const auto& body = entry.view.body();
  const auto state = parse_case_state(entry.view.record.state);
  const auto& open = queue_states();
  if (!state || std::find(open.begin(), open.end(), *state) == open.end()) return false;
  if (criteria.tab == QueueTab::waiting && *state != CaseState::information_requested) return false;
  const auto& assigned = text_at(body, "assigned_to");
  if (criteria.tab == QueueTab::mine && (assigned.empty() || assigned != reader)) return false;
  if (!criteria.states.empty() &&
      std::find(criteria.states.begin(), criteria.states.end(), *state) == criteria.states.end())
    return false;
  if (!criteria.risks.empty()) {
    const auto level =
        assessment::parse_risk_level(text_at(body.value("risk", json::object()), "level"));
    if (!level ||
        std::find(criteria.risks.begin(), criteria.risks.end(), *level) == criteria.risks.end())
      return false;
  }
  if (!criteria.destinations.empty()) {
    const auto& destination = text_at(application_of(entry), "destination");
    if (std::find(criteria.destinations.begin(), criteria.destinations.end(), destination) ==
        criteria.destinations.end())
      return false;
  }
  if (!criteria.control_entry.empty() && !has_control_entry(entry, criteria.control_entry))
    return false;
  if (!criteria.flag.empty() && !has_flag(entry, criteria.flag)) return false;
  if (criteria.assignee && assigned != *criteria.assignee) return false;
  if (criteria.overdue && (entry.overdue_requests > 0) != *criteria.overdue) return false;
  if (!criteria.text.empty() && !mentions(entry, core::ascii_lower(criteria.text))) return false;
  return true;
}

void sort_queue(std::vector<QueueEntry>& entries, const QueueCriteria& criteria) {
  if (!criteria.sort) {
    std::sort(entries.begin(), entries.end(), before_by_default);
    return;
  }
  const auto sort = *criteria.sort;
  const bool descending_by_default = sort == QueueSort::risk || sort == QueueSort::age;
  const auto order =
      criteria.order.value_or(descending_by_default ? SortOrder::desc : SortOrder::asc);
  std::sort(entries.begin(), entries.end(), [&](const QueueEntry& a, const QueueEntry& b) {
    const auto compared = compare_by(sort, a, b);
    if (compared != 0) return order == SortOrder::asc ? compared < 0 : compared > 0;
    return before_by_default(a, b);
  });
}

Queue::Queue(store::Store& store, std::function<std::string()> now)
    : store_(store), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<std::vector<QueueEntry>> Queue::entries(const Principal& actor, Paging paging,
                                               std::size_t* total) {
  return entries(actor, QueueCriteria{}, paging, total);
}

Result<std::vector<QueueEntry>> Queue::entries(const Principal& actor,
                                               const QueueCriteria& criteria, Paging paging,
                                               std::size_t* total) {
  if (!criteria.is_default()) {
    auto all = all_entries(actor, criteria);
    if (!all) return all;
    if (total != nullptr) *total = all->size();
    const auto first = std::min(paging.offset, all->size());
    const auto last = std::min(all->size(), first + paging.limit);
    std::vector<QueueEntry> page;
    page.reserve(last - first);
    for (auto i = first; i < last; ++i) page.push_back(std::move((*all)[i]));
    return page;
  }
  return read_returning<std::vector<QueueEntry>>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<std::vector<QueueEntry>> {
      if (!is_authority_staff(actor)) raise(ErrorKind::forbidden, "the queue is the authority's");
      store::RecordQuery query;
      query.kind = std::string(kApplication);
      query.states = states_to_read(criteria);
      query.order = store::RecordOrder::risk_then_age;
      query.limit = paging.limit;
      query.offset = paging.offset;
      auto page = value_or_raise(tx.list(query));
      if (total != nullptr) *total = page.total;
      const auto now = now_();
      std::vector<QueueEntry> entries;
      for (auto& record : page.records) {
        QueueEntry entry;
        entry.view = view_of(actor, std::move(record));
        set_clocks(entry, now);
        entries.push_back(std::move(entry));
      }
      return entries;
    });
  });
}

Result<std::vector<QueueEntry>> Queue::all_entries(const Principal& actor,
                                                   const QueueCriteria& criteria) {
  return read_returning<std::vector<QueueEntry>>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<std::vector<QueueEntry>> {
      if (!is_authority_staff(actor)) raise(ErrorKind::forbidden, "the queue is the authority's");
      std::vector<QueueEntry> entries;
      store::RecordQuery query;
      query.kind = std::string(kApplication);
      query.states = states_to_read(criteria);
      if (query.states.empty()) return entries;  // the tab and the state filter exclude each other
      query.order = store::RecordOrder::risk_then_age;
      query.limit = kReadPage;
      const auto now = now_();
      for (std::size_t offset = 0;; offset += kReadPage) {
        query.offset = offset;
        auto page = value_or_raise(tx.list(query));
        const auto read = page.records.size();
        for (auto& record : page.records) {
          QueueEntry entry;
          entry.view = view_of(actor, std::move(record));
          set_clocks(entry, now);
          if (queue_matches(entry, criteria, actor.user)) entries.push_back(std::move(entry));
        }
        if (read < kReadPage) break;
      }
      sort_queue(entries, criteria);
      return entries;
    });
  });
}

}  // namespace echri::cases
