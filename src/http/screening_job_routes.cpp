// POST /api/v1/screening-jobs, GET /api/v1/screening-jobs[/{id}[/result]],
// POST /api/v1/screening-jobs/{id}/cancel: bulk screening in the background
// (screening/screening_jobs.hpp).

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/file_io.hpp"
#include "core/text_util.hpp"
#include "http/routes.hpp"
#include "screening/screening_jobs.hpp"

namespace echri::http::routes {
namespace {

using cases::Role;
using nlohmann::json;

json job_json(const screening::JobStatus& job) {
  json out = {{"id", job.id},
              {"state", screening::to_string(job.state)},
              {"owner", job.request.owner},
              {"format", job.request.format == screening::BatchFormat::csv ? "csv" : "jsonl"},
              {"threshold", job.request.threshold},
              {"limit", job.request.limit},
              {"total", job.total},
              {"done", job.done},
              {"progress", job.total == 0 ? 0.0 : double(job.done) / double(job.total)},
              {"flagged", job.flagged},
              {"matches", job.matches},
              {"created_at", job.created_at},
              {"lists", job.lists},
              {"href", "/api/v1/screening-jobs/" + job.id}};
  if (!job.started_at.empty()) out["started_at"] = job.started_at;
  if (!job.finished_at.empty()) out["finished_at"] = job.finished_at;
  if (!job.error.empty()) out["error"] = job.error;
  if (job.names_per_second > 0) out["names_per_second"] = std::round(job.names_per_second);
  if (job.eta_seconds) out["eta_seconds"] = std::ceil(*job.eta_seconds);
  if (job.state == screening::JobState::done)
    out["result"] = "/api/v1/screening-jobs/" + job.id + "/result";
  return out;
}

// The input's format: ?format=csv|jsonl, else the Content-Type.
Result<screening::BatchFormat> input_format(const ApiRequest& request) {
  if (const auto given = request.query("format")) {
    if (*given == "csv") return screening::BatchFormat::csv;
    if (*given == "jsonl") return screening::BatchFormat::jsonl;
    return fail(ErrorKind::invalid_input, "expected csv or jsonl, got '" + *given + "'",
                "query:format");
  }
  const std::string type = core::ascii_lower(request.header("Content-Type").value_or(""));
  const std::string media = std::string(core::trim(type.substr(0, type.find(';'))));
  if (media == "text/csv") return screening::BatchFormat::csv;
  if (media == "application/jsonl" || media == "application/x-ndjson" ||
      media == "application/x-jsonlines" || media == "application/jsonlines")
    return screening::BatchFormat::jsonl;
  return fail(ErrorKind::invalid_input,
              "send the names as text/csv or application/jsonl (or say ?format=csv|jsonl), not '" +
                  media + "'",
              "header:Content-Type");
}

Result<double> number_parameter(const ApiRequest& request, const char* name, double low,
                                double high, double fallback) {
  const auto given = request.query(name);
  if (!given) return fallback;
  try {
    std::size_t used = 0;
    const double value = std::stod(*given, &used);
    if (used == given->size() && value >= low && value <= high) return value;
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): reported below
  }
  std::ostringstream range;
  range << "expected a number from " << low << " to " << high << ", got '" << *given << "'";
  return fail(ErrorKind::invalid_input, range.str(), std::string("query:") + name);
}

// The job, if the caller may see it: its owner, or an administrator. Others get 404, as for a
// job that does not exist, so that ids cannot be probed.
Result<screening::JobStatus> visible_job(const screening::ScreeningJobs& jobs,
                                         const ApiRequest& request) {
  const std::string id(request.param("id"));
  auto job = jobs.status(id);
  if (!job) return tl::unexpected(job.error());
  if (job->request.owner != request.principal.user && request.principal.role != Role::admin)
    return fail(ErrorKind::not_found, "no screening job " + id);
  return job;
}

}  // namespace

void add_screening_job_routes(Router& router, Services& services) {
  if (services.screening_jobs == nullptr) return;
  auto& jobs = *services.screening_jobs;
  // Those who may screen (POST /api/v1/screen) may screen in bulk.
  const Access screeners = Access::roles({Role::exporter, Role::officer, Role::senior_officer,
                                          Role::auditor, Role::civil_society, Role::admin});

  router.route(
      Method::post, "/api/v1/screening-jobs", screeners,
      [&jobs](const ApiRequest& request) -> Result<ApiResponse> {
        ECHRI_ASSIGN_OR_RETURN(const auto format, input_format(request));
        ECHRI_ASSIGN_OR_RETURN(const double threshold,
                               number_parameter(request, "threshold", kMinScreeningThreshold, 1.0,
                                                screening::kDefaultThreshold));
        ECHRI_ASSIGN_OR_RETURN(const double limit,
                               number_parameter(request, "limit", 1, kMaxMatchesPerName, 10));
        if (limit != std::floor(limit))
          return fail(ErrorKind::invalid_input, "expected a whole number", "query:limit");
        screening::JobRequest job_request;
        job_request.owner = request.principal.user;
        job_request.format = format;
        job_request.threshold = threshold;
        job_request.limit = static_cast<std::size_t>(limit);
        auto job = jobs.submit(job_request, std::string(request.raw_body()));
        if (!job) return tl::unexpected(job.error());
        return ApiResponse::json(job_json(*job), 202)
            .with_location("/api/v1/screening-jobs/" + job->id);
      },
      // Every row is read before the job is accepted, and the input is written and synced.
      RouteOptions{.body = BodyKind::upload, .placement = Placement::worker});

  router.route(Method::get, "/api/v1/screening-jobs", screeners,
               [&jobs](const ApiRequest& request) -> Result<ApiResponse> {
                 const bool all = request.principal.role == Role::admin;
                 json items = json::array();
                 for (const auto& job : jobs.list(all ? "" : request.principal.user))
                   items.push_back(job_json(job));
                 return ApiResponse::json({{"items", std::move(items)}});
               });

  router.route(Method::get, "/api/v1/screening-jobs/{id}", screeners,
               [&jobs](const ApiRequest& request) -> Result<ApiResponse> {
                 ECHRI_ASSIGN_OR_RETURN(const auto job, visible_job(jobs, request));
                 return ApiResponse::json(job_json(job));
               });

  router.route(
      Method::get, "/api/v1/screening-jobs/{id}/result", screeners,
      [&jobs](const ApiRequest& request) -> Result<ApiResponse> {
        ECHRI_ASSIGN_OR_RETURN(const auto job, visible_job(jobs, request));
        ECHRI_ASSIGN_OR_RETURN(const auto path, jobs.result_file(job.id));
        ECHRI_ASSIGN_OR_RETURN(auto content, core::read_text_file(path));
        const bool csv = job.request.format == screening::BatchFormat::csv;
        auto response = ApiResponse::text(std::move(content),
                                          csv ? "text/csv; charset=utf-8" : "application/jsonl");
        response.headers.emplace_back(
            "Content-Disposition",
            "attachment; filename=\"" + job.id + "-result." + (csv ? "csv" : "jsonl") + "\"");
        return response;
      },
      // A result may be tens of megabytes read from disk: not on an I/O thread.
      RouteOptions{.placement = Placement::worker});

  router.route(
      Method::post, "/api/v1/screening-jobs/{id}/cancel", screeners,
      [&jobs](const ApiRequest& request) -> Result<ApiResponse> {
        ECHRI_ASSIGN_OR_RETURN(const auto job, visible_job(jobs, request));
        ECHRI_ASSIGN_OR_RETURN(const auto cancelled, jobs.cancel(job.id));
        return ApiResponse::json(job_json(cancelled));
      },
      // Waits for the chunk in progress to end.
      RouteOptions{.placement = Placement::worker});
}

}  // namespace echri::http::routes
