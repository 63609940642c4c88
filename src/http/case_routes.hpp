#pragma once
// The licensing workflow's resources under /api/v1: applications and what hangs off them
// (information requests, notes and advice, documents, recommendations, decisions, appeals),
// licences, the officers' queue, re-screening, the refusal reason codes, advisory queries and
// civil-society submissions. docs/api.md lists them; the workflow is cases::CaseServices.

#include "http/api.hpp"
#include "http/router.hpp"

namespace echri::http {

// Needs services.cases and services.inquiries; a no-op without them.
void add_case_routes(Router& router, Services& services);

}  // namespace echri::http
