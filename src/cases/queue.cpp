#include "cases/queue.hpp"

#include "cases/internal/case_records.hpp"
#include "cases/workflow.hpp"
#include "core/file_io.hpp"

namespace echri::cases {

using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

Queue::Queue(store::Store& store, std::function<std::string()> now)
    : store_(store), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<std::vector<QueueEntry>> Queue::entries(const Principal& actor, Paging paging,
                                               std::size_t* total) {
  return read_returning<std::vector<QueueEntry>>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<std::vector<QueueEntry>> {
      if (!is_authority_staff(actor)) raise(ErrorKind::forbidden, "the queue is the authority's");
      store::RecordQuery query;
      query.kind = std::string(kApplication);
      for (const auto state : {CaseState::submitted, CaseState::information_requested,
                               CaseState::under_review, CaseState::recommended})
        query.states.emplace_back(to_string(state));
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
        const auto& body = entry.view.body();
        const auto& history = body["history"];
        if (!history.empty())
          entry.days_in_state = days_between(history.back().value("at", now), now);
        entry.days_open = days_between(body.value("submitted_at", now), now);
        for (const auto& open : body["open_requests"])
          if (open.value("due", "9999-12-31") < now.substr(0, 10)) ++entry.overdue_requests;
        entries.push_back(std::move(entry));
      }
      return entries;
    });
  });
}

}  // namespace echri::cases
