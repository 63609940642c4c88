#include "http/api.hpp"

#include "http/routes.hpp"

namespace echri::http {
namespace {

// The document is one literal longer than the 65,536 characters the standard promises; g++ and
// clang both take it, and splitting it would cost a copy at start-up.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
constexpr std::string_view kOpenApi =
#include "openapi_json.inc"
    ;
#pragma GCC diagnostic pop

}  // namespace

std::string_view openapi_document() {
  return kOpenApi;
}

std::unique_ptr<Router> make_router(Services& services, Limits limits, Router::Logger log) {
  auto router = std::make_unique<Router>(
      [&accounts = services.accounts](std::string_view token, cases::TokenLookup lookup) {
        return accounts.authenticate(token, lookup);
      },
      limits, std::move(log));
  routes::add_system_routes(*router, services);
  routes::add_screening_routes(*router, services);
  routes::add_screening_job_routes(*router, services);
  routes::add_account_routes(*router, services);
  routes::add_audit_routes(*router, services);
  if (services.exchange != nullptr) routes::add_exchange_routes(*router, services);
  if (services.extra_routes) services.extra_routes(*router, services);
  // Last: a file of the site never takes an API route's path.
  if (services.site != nullptr) routes::add_static_routes(*router, *services.site);
  return router;
}

}  // namespace echri::http
