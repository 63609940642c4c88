// POST /api/v1/screen, POST /api/v1/assess, GET /api/v1/lists.

#include <nlohmann/json.hpp>

#include "assessment/application_json.hpp"
#include "assessment/diligence.hpp"
#include "core/calendar.hpp"
#include "core/field_limits.hpp"
#include "core/file_io.hpp"
#include "http/fields.hpp"
#include "http/routes.hpp"
#include "screening/match_json.hpp"

namespace echri::http::routes {
namespace {

using cases::Role;
using nlohmann::json;

// A batch is answered in one request thread: the bound keeps one request from holding a worker
// for long; larger jobs are screening jobs or `echri screen --batch`. Unexplained answers are
// a tenth the size and take half the time, so a bulk caller may send more at once.
constexpr std::size_t kMaxBatch = 100;
constexpr std::size_t kMaxUnexplainedBatch = 1000;
// Room for one query with a long name and its qualifiers; a batch this small is a few names.
constexpr std::size_t kInlineScreenBody = 1024;

screening::ScreeningQuery read_query(fields::Object& object) {
  screening::ScreeningQuery query;
  query.name = object.required_string("name", core::kMaxNameBytes);
  if (auto type = object.optional_string("type", 40)) {
    const auto parsed = core::parse_entity_type(*type);
    if (!parsed)
      fields::reject(object.child("type"),
                     "unknown type '" + *type + "' (person, organization, vessel, aircraft)");
    query.type = *parsed;
  }
  query.country = object.optional_string("country", 100).value_or("");
  query.date_of_birth = object.optional_string("date_of_birth", 10).value_or("");
  query.identifier = object.optional_string("identifier", 100).value_or("");
  // "field: message" from the screening module; the field becomes part of the JSON path.
  if (const auto error = screening::qualifier_error(query)) {
    const auto colon = error->find(": ");
    if (colon == std::string::npos) fields::reject(object.path(), *error);
    fields::reject(object.child(error->substr(0, colon)), error->substr(colon + 2));
  }
  return query;
}

// `matches` and `total_matches` of one query's answer.
json matches_json(const cases::LoadedLists& lists, const screening::ScreeningQuery& query,
                  const screening::ScreeningOptions& options) {
  const auto result = lists.index.screen_counted(query, options);
  auto matches = json::array();
  for (const auto& match : result.matches)
    matches.push_back(screening::to_json(match, lists.index, options.explain));
  return {{"total_matches", result.total}, {"matches", std::move(matches)}};
}

Result<ApiResponse> screen(const Services& services, const ApiRequest& request) {
  return fields::guarded([&]() -> Result<ApiResponse> {
    fields::Object top(request.body, "$");
    screening::ScreeningOptions options;
    options.threshold = top.optional_number("threshold", kMinScreeningThreshold, 1.0)
                            .value_or(screening::kDefaultThreshold);
    options.limit = top.optional_count("limit", 1, kMaxMatchesPerName).value_or(10);
    options.explain = top.optional_bool("explain").value_or(true);
    std::vector<screening::ScreeningQuery> queries;
    const bool batch = top.has("queries");
    if (batch) {
      const auto* list = top.find("queries");
      const std::size_t most = options.explain ? kMaxBatch : kMaxUnexplainedBatch;
      if (!list->is_array() || list->empty() || list->size() > most)
        fields::reject(top.child("queries"),
                       "expected an array of 1 to " + std::to_string(most) + " queries" +
                           (options.explain ? " (1 to " + std::to_string(kMaxUnexplainedBatch) +
                                                  " with \"explain\": false)"
                                            : ""));
      for (std::size_t i = 0; i < list->size(); ++i) {
        fields::Object object((*list)[i], top.child("queries") + "[" + std::to_string(i) + "]");
        queries.push_back(read_query(object));
        object.no_other_fields();
      }
    } else {
      queries.push_back(read_query(top));
    }
    top.no_other_fields();

    const auto lists = services.lists.current();
    if (!lists)
      return fail(ErrorKind::io,
                  "no restricted-party lists are loaded: import them (echri lists import) and "
                  "restart the server");
    json out = {{"threshold", options.threshold}, {"lists", lists->versions}};
    if (!batch) {
      out["query"] = screening::to_json(queries.front());
      out.update(matches_json(*lists, queries.front(), options));
    } else {
      auto results = json::array();
      for (const auto& query : queries) {
        // Bulk callers have their queries: the answers are in the same order.
        json result = options.explain ? json{{"query", screening::to_json(query)}} : json::object();
        result.update(matches_json(*lists, query, options));
        results.push_back(std::move(result));
      }
      out["results"] = std::move(results);
    }
    return ApiResponse::json(out);
  });
}

// The reference date of an undated application: `?as_of=YYYY-MM-DD`, else today (UTC).
Result<std::string> reference_date(const ApiRequest& request) {
  auto given = request.query("as_of");
  if (!given) return core::utc_date();
  if (!core::is_calendar_date(*given))
    return fail(ErrorKind::invalid_input, "expected a date YYYY-MM-DD, got '" + *given + "'",
                "query:as_of");
  return *given;
}

Result<ApiResponse> assess(const Services& services, const ApiRequest& request) {
  auto as_of = reference_date(request);
  if (!as_of) return tl::unexpected(as_of.error());
  // The strict reader names the JSON path of every format error ("$.items[0].control_entry").
  auto application =
      assessment::application_from_json(request.body, services.evaluator.catalogue(), "", "$");
  if (!application) return tl::unexpected(application.error());
  const auto evaluation = services.evaluator.evaluate(*application, *as_of);
  return ApiResponse::ordered_json(evaluation.report);
}

Result<ApiResponse> diligence(const Services& services, const ApiRequest& request) {
  auto as_of = reference_date(request);
  if (!as_of) return tl::unexpected(as_of.error());
  auto questionnaire =
      assessment::questionnaire_from_json(request.body, services.evaluator.catalogue(), "");
  if (!questionnaire) return tl::unexpected(questionnaire.error());
  const auto& evaluator = services.evaluator;
  const auto report = assessment::run_diligence(
      *questionnaire, evaluator.input_for(questionnaire->application, *as_of),
      evaluator.catalogue(), evaluator.policy());
  return ApiResponse::ordered_json(assessment::to_json(report, questionnaire->application));
}

}  // namespace

void add_screening_routes(Router& router, Services& services) {
  // Every role but peer_node (another state's node, which only talks through the exchange):
  // exporters and civil society screen for their own due diligence.
  router.route(
      Method::post, "/api/v1/screen",
      {Role::exporter, Role::officer, Role::senior_officer, Role::auditor, Role::civil_society,
       Role::admin},
      [&services](const ApiRequest& request) { return screen(services, request); },
      // One name (at most 500 bytes, screened in time linear in its length) runs where
      // the request was read; a batch goes to a worker.
      RouteOptions{.body = BodyKind::json,
                   .placement = Placement::inline_when_small,
                   .inline_body = kInlineScreenBody});

  // The assessment of `echri assess`: for officers, and for exporters as due diligence before
  // they apply. Nothing is stored.
  router.route(Method::post, "/api/v1/assess",
               {Role::exporter, Role::officer, Role::senior_officer, Role::auditor},
               [&services](const ApiRequest& request) { return assess(services, request); },
               {BodyKind::json});

  // The exporter's due-diligence report (`echri diligence`, docs/diligence.md); nothing is stored.
  router.route(Method::post, "/api/v1/diligence",
               {Role::exporter, Role::officer, Role::senior_officer, Role::auditor},
               [&services](const ApiRequest& request) { return diligence(services, request); },
               {BodyKind::json});

  router.route(Method::get, "/api/v1/lists", Access::any_role(),
               [&services](const ApiRequest&) -> Result<ApiResponse> {
                 const auto lists = services.lists.current();
                 json out = {{"loaded", lists != nullptr},
                             {"lists", lists ? json(lists->versions) : json::array()},
                             {"entities", lists ? lists->index.entity_count() : 0}};
                 return ApiResponse::json(out);
               });
}

}  // namespace echri::http::routes
