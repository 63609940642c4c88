// GET /healthz, GET /metrics, GET /api/v1/openapi.json, GET /api/v1/me.

#include <nlohmann/json.hpp>

#include "exchange/node.hpp"
#include "http/routes.hpp"

namespace echri::http::routes {
namespace {

// The exchange's gauges: an alert is something to page somebody about, so it is scraped too.
std::string exchange_metrics(const nlohmann::json& status) {
  // Origins are URL-like names; a quote or backslash in one would break the label.
  const auto label = [](const std::string& value) {
    std::string out;
    for (const char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c == '\n' ? ' ' : c;
    }
    return out;
  };
  const auto gauge = [](std::string_view name, std::string_view help) {
    return "# HELP " + std::string(name) + " " + std::string(help) + "\n# TYPE " +
           std::string(name) + " gauge\n";
  };
  std::string out = gauge("echri_exchange_log_entries", "Entries in this node's exchange log.");
  out += "echri_exchange_log_entries " +
         std::to_string(status["log"]["size"].get<std::uint64_t>()) + "\n";
  out += gauge("echri_exchange_alerts",
               "Alerts raised against peers' logs (rollback, fork, rewritten entries, bad "
               "signature).");
  out += "echri_exchange_alerts " + std::to_string(status["alert_count"].get<std::size_t>()) + "\n";
  out += gauge("echri_exchange_peer_verified_entries", "Entries verified of each peer's log.");
  for (const auto& peer : status["peers"])
    out += "echri_exchange_peer_verified_entries{peer=\"" + label(peer["origin"]) + "\"} " +
           std::to_string(peer["verified_size"].get<std::uint64_t>()) + "\n";
  out += gauge("echri_exchange_peer_halted", "1 when nothing more is accepted from a peer's log.");
  for (const auto& peer : status["peers"])
    out += "echri_exchange_peer_halted{peer=\"" + label(peer["origin"]) + "\"} " +
           (peer["halted"].get<bool>() ? "1" : "0") + "\n";
  return out;
}

}  // namespace

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
               [&router, &services](const ApiRequest&) -> Result<ApiResponse> {
                 auto text = router.metrics().render();
                 if (services.exchange != nullptr) {
                   ECHRI_ASSIGN_OR_RETURN(const auto status, services.exchange->status());
                   text += exchange_metrics(status);
                 }
                 return ApiResponse::text(std::move(text),
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
