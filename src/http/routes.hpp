#pragma once
// Internal to http/: each file registers one group of routes.

#include <cstddef>

#include "http/api.hpp"
#include "http/router.hpp"

namespace echri::http::routes {

// The bounds every screening route puts on its options (POST /api/v1/screen, screening jobs):
// below this threshold nearly every name matches something.
inline constexpr double kMinScreeningThreshold = 0.5;
inline constexpr std::size_t kMaxMatchesPerName = 100;

// GET /healthz, GET /metrics, GET /api/v1/openapi.json, GET /api/v1/me
void add_system_routes(Router& router, Services& services);
// POST /api/v1/screen, POST /api/v1/assess, GET /api/v1/lists
void add_screening_routes(Router& router, Services& services);
// POST /api/v1/screening-jobs and the job's status, result and cancellation (when the services
// have screening jobs)
void add_screening_job_routes(Router& router, Services& services);
// organisations, users, tokens
void add_account_routes(Router& router, Services& services);
// GET /api/v1/audit, GET /api/v1/audit/verify
void add_audit_routes(Router& router, Services& services);
// GET /exchange/v1/log/checkpoint, GET /exchange/v1/log/tile/... (the log in C2SP tlog-tiles)
void add_exchange_routes(Router& router, Services& services);
// GET / and the other files of the built web front end; `site` outlives the router.
void add_static_routes(Router& router, const StaticSite& site);

}  // namespace echri::http::routes
