// GET /api/v1/audit and GET /api/v1/audit/verify.

#include <nlohmann/json.hpp>

#include "http/pagination.hpp"
#include "http/routes.hpp"
#include "store/audit_chain.hpp"

namespace echri::http::routes {
namespace {

using cases::Role;
using nlohmann::json;

json to_json(const store::AuditRecord& record) {
  json detail;
  // Written by the modules as JSON; kept as text if a foreign writer put something else there.
  try {
    detail = json::parse(record.draft.detail.empty() ? "{}" : record.draft.detail);
  } catch (const json::parse_error&) {
    detail = record.draft.detail;
  }
  return {{"sequence", record.sequence},
          {"at", record.at},
          {"actor", record.draft.actor},
          {"role", record.draft.role},
          {"token_id", record.draft.token_id},
          {"action", record.draft.action},
          {"subject_kind", record.draft.subject_kind},
          {"subject_id", record.draft.subject_id},
          {"before_digest", record.draft.before_digest},
          {"after_digest", record.draft.after_digest},
          {"detail", std::move(detail)},
          {"previous_hash", record.previous_hash},
          {"hash", record.hash},
          {"format", record.format}};
}

Result<ApiResponse> audit_page(Services& services, const ApiRequest& request) {
  auto from = query_number(request, "from", 1, 1, std::size_t{1} << 50);
  if (!from) return tl::unexpected(from.error());
  auto limit = query_number(request, "limit", kDefaultPageLimit, 1, kMaxPageLimit);
  if (!limit) return tl::unexpected(limit.error());
  ECHRI_ASSIGN_OR_RETURN(auto page,
                         services.store.audit_page(static_cast<std::int64_t>(*from), *limit));
  const auto& head = page.head;
  const auto& records = page.records;
  auto items = json::array();
  for (const auto& record : records) items.push_back(to_json(record));
  const auto next = *from + records.size();
  json out = {{"items", std::move(items)},
              {"total", head.sequence},
              {"limit", *limit},
              {"from", *from},
              {"head_hash", head.hash}};
  out["next"] = !records.empty() && static_cast<std::int64_t>(next) <= head.sequence
                    ? json(next)
                    : json(nullptr);
  return ApiResponse::json(out);
}

// `?expect_head=SEQUENCE:HASH`: a head kept elsewhere, which the chain must contain.
Result<ApiResponse> verify(Services& services, const ApiRequest& request) {
  store::VerifyOptions options;
  if (const auto expected = request.query("expect_head")) {
    auto head = store::parse_audit_head(*expected, "query:expect_head");
    if (!head) return tl::unexpected(head.error());
    options.expect_head = std::move(*head);
  }
  auto verdict = store::verify_audit(services.store, options);
  if (!verdict) return tl::unexpected(verdict.error());
  auto problems = json::array();
  for (const auto& problem : verdict->problems)
    problems.push_back({{"sequence", problem.sequence > 0 ? json(problem.sequence) : json(nullptr)},
                        {"kind", problem.kind},
                        {"id", problem.id},
                        {"problem", problem.text}});
  json out = {{"intact", verdict->intact},
              {"checked", verdict->checked},
              {"records_checked", verdict->records_checked},
              {"documents_checked", verdict->documents_checked},
              {"head", {{"sequence", verdict->head.sequence}, {"hash", verdict->head.hash}}},
              {"problem", verdict->problem},
              {"problem_count", verdict->problem_count},
              {"problems", std::move(problems)}};
  out["first_bad_sequence"] =
      verdict->first_bad_sequence ? json(*verdict->first_bad_sequence) : json(nullptr);
  return ApiResponse::json(out);
}

}  // namespace

void add_audit_routes(Router& router, Services& services) {
  // The chain in sequence order; `from` is a sequence number, so pages stay stable while the
  // chain grows (an offset from the newest end would shift).
  router.route(Method::get, "/api/v1/audit", {Role::auditor, Role::admin},
               [&services](const ApiRequest& request) { return audit_page(services, request); });
  // The verdict is the resource: 200 whether or not the chain is intact.
  router.route(
      Method::get, "/api/v1/audit/verify", {Role::auditor, Role::admin},
      [&services](const ApiRequest& request) { return verify(services, request); },
      // Reads the whole chain: a worker's job, never an I/O thread's.
      RouteOptions{.placement = Placement::worker});
}

}  // namespace echri::http::routes
