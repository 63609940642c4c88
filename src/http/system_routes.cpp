// GET /healthz, GET /metrics, GET /api/v1/openapi.json, GET /api/v1/me.

#include <nlohmann/json.hpp>

#include "http/routes.hpp"

namespace echri::http::routes {

using cases::Role;

void add_system_routes(Router& router, Services& services) {
  // For load balancers and orchestrators: no token, and a real round trip to the database, so
  // that "ok" means requests can be served.
  router.route(Method::get, "/healthz", Access::public_route(),
               [&services](const ApiRequest&) -> Result<ApiResponse> {
                 auto schema = services.store.schema_version();
                 if (!schema) return tl::unexpected(schema.error());
                 const auto lists = services.lists.current();
                 return ApiResponse::json({{"status", "ok"},
                                           {"database", std::string(services.store.backend())},
                                           {"schema_version", *schema},
                                           {"lists_loaded", lists != nullptr}});
               });

  // Counts only (no ids, no names), but it reveals how the authority uses the system, so it
  // takes a token: a Prometheus scraper gets an auditor's (docs/api.md).
  router.route(Method::get, "/metrics", {Role::admin, Role::auditor},
               [&router](const ApiRequest&) -> Result<ApiResponse> {
                 return ApiResponse::text(router.metrics().render(),
                                          "text/plain; version=0.0.4; charset=utf-8");
               });

  router.route(Method::get, "/api/v1/openapi.json", Access::public_route(),
               [](const ApiRequest&) -> Result<ApiResponse> {
                 return ApiResponse::text(std::string(openapi_document()),
                                          std::string(kJsonContentType));
               });

  // Who the token stands for: what a client shows and which views it offers. An enrolment token
  // may ask too, and learns that it must be exchanged first.
  router.route(Method::get, "/api/v1/me", Access::any_role().with_enrolment(),
               [](const ApiRequest& request) -> Result<ApiResponse> {
                 return ApiResponse::json(
                     {{"user", request.principal.user},
                      {"role", std::string(cases::to_string(request.principal.role))},
                      {"organisation", request.principal.organisation},
                      {"sees_all_organisations", request.principal.sees_all_organisations()},
                      {"token_id", request.principal.token_id},
                      {"enrolment", request.principal.enrolment}});
               });
}

}  // namespace echri::http::routes
