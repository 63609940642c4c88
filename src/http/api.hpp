#pragma once
// The echri HTTP API: what it serves from (Services) and the router with every route. The case
// workflow's routes are added by the slot `extra_routes` (http/case_routes.hpp), so that this
// module does not have to know the workflow's resources.

#include <functional>
#include <memory>
#include <string>

#include "cases/accounts.hpp"
#include "cases/evaluator.hpp"
#include "cases/party_screening.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace echri::exchange {
class ExchangeNode;
}  // namespace echri::exchange

namespace echri::screening {
class ScreeningJobs;
}  // namespace echri::screening

namespace echri::cases {
struct CaseServices;
class Inquiries;
}  // namespace echri::cases

namespace echri::http {

class StaticSite;

// Everything the routes use; owned by the caller (the serve command, a test), which keeps it
// alive as long as the router.
struct Services {
  store::Store& store;
  cases::Accounts& accounts;
  cases::ListHolder& lists;
  // The catalogue, the policy, the country data and the screening threshold for assessments.
  const cases::Evaluator& evaluator;
  // The workflow, for the case routes; null when the caller serves only the routes of this
  // module.
  cases::CaseServices* cases = nullptr;
  cases::Inquiries* inquiries = nullptr;
  // Adds further routes (the case workflow: add_case_routes(router, services)) after the
  // built-in ones.
  std::function<void(Router&, Services&)> extra_routes;
  // Loads the lists imported since the server started into `lists` (POST /api/v1/rescreen calls
  // it before re-screening); empty when the caller has no data directory to reload from.
  std::function<Result<void>()> reload_lists;
  // The built web front end served at / (http/static_site.hpp); null serves the API alone.
  const StaticSite* site = nullptr;
  // This node's part in the exchange between Subscribing States: with it the node publishes its
  // log under /exchange/v1/, witnesses its peers' and offers /api/v1/exchange/
  // (exchange_routes.cpp); null serves no exchange routes.
  exchange::ExchangeNode* exchange = nullptr;
  // Bulk screening jobs (POST /api/v1/screening-jobs); null serves no job routes.
  screening::ScreeningJobs* screening_jobs = nullptr;
};

// The router with every route of docs/api.md, authenticating through services.accounts.
std::unique_ptr<Router> make_router(Services& services, Limits limits = {},
                                    Router::Logger log = {});

// The OpenAPI 3.1 document (data/openapi/openapi.json, compiled in).
std::string_view openapi_document();

}  // namespace echri::http
