// Organisations, users and tokens (docs/api.md, "Accounts").

#include <nlohmann/json.hpp>

#include "http/fields.hpp"
#include "http/pagination.hpp"
#include "http/routes.hpp"

namespace echri::http::routes {
namespace {

using cases::Role;
using nlohmann::json;

json to_json(const cases::Organisation& organisation) {
  return {{"id", organisation.id},
          {"name", organisation.name},
          {"kind", std::string(cases::to_string(organisation.kind))},
          {"country", organisation.country}};
}

json to_json(const cases::User& user) {
  return {{"id", user.id},
          {"name", user.name},
          {"role", std::string(cases::to_string(user.role))},
          {"organisation", user.organisation},
          {"active", user.active}};
}

// One user, with the ETag that PATCH's If-Match compares.
ApiResponse user_response(const cases::User& user, int status = 200) {
  auto response = ApiResponse::json(to_json(user), status);
  response.with_version(user.version);
  return response;
}

// Errors of cases::Accounts name a field ("id"); in a request body that field is "$.id".
template <class T>
Result<T> body_errors(Result<T> result) {
  if (!result) return tl::unexpected(fields::in_body(result.error()));
  return result;
}

Result<ApiResponse> add_organisation(Services& services, const ApiRequest& request) {
  return fields::guarded([&]() -> Result<ApiResponse> {
    fields::Object body(request.body, "$");
    cases::Organisation organisation;
    organisation.id = body.required_string("id", 100);
    organisation.name = body.required_string("name", 400);
    const auto kind = body.required_string("kind", 40);
    const auto parsed = cases::parse_organisation_kind(kind);
    if (!parsed)
      fields::reject(body.child("kind"), "unknown kind '" + kind +
                                             "' (authority, exporter, civil_society, peer_state)");
    organisation.kind = *parsed;
    organisation.country = body.required_string("country", 10);
    body.no_other_fields();
    auto added = body_errors(services.accounts.add_organisation(request.principal, organisation));
    if (!added) return tl::unexpected(added.error());
    return std::move(ApiResponse::json(to_json(*added), 201)
                         .with_location("/api/v1/organisations/" + added->id));
  });
}

Result<ApiResponse> add_user(Services& services, const ApiRequest& request) {
  return fields::guarded([&]() -> Result<ApiResponse> {
    fields::Object body(request.body, "$");
    cases::User user;
    user.id = body.required_string("id", 100);
    user.name = body.required_string("name", 400);
    const auto role = body.required_string("role", 40);
    const auto parsed = cases::parse_role(role);
    if (!parsed) {
      std::string roles;
      for (const auto name : cases::all_roles())
        roles += (roles.empty() ? "" : ", ") + std::string(name);
      fields::reject(body.child("role"), "unknown role '" + role + "' (" + roles + ")");
    }
    user.role = *parsed;
    user.organisation = body.required_string("organisation", 100);
    user.active = body.optional_bool("active").value_or(true);
    body.no_other_fields();
    auto added = body_errors(services.accounts.add_user(request.principal, user));
    if (!added) return tl::unexpected(added.error());
    return std::move(user_response(*added, 201).with_location("/api/v1/users/" + added->id));
  });
}

Result<ApiResponse> change_user(Services& services, const ApiRequest& request) {
  return fields::guarded([&]() -> Result<ApiResponse> {
    fields::Object body(request.body, "$");
    const auto active = body.optional_bool("active");
    body.no_other_fields();
    if (!active) fields::reject("$.active", "is required (the only field that can be changed)");
    auto changed = services.accounts.set_active(request.principal, request.param("id"), *active,
                                                request.if_match);
    if (!changed) return tl::unexpected(changed.error());
    return user_response(*changed);
  });
}

}  // namespace

void add_account_routes(Router& router, Services& services) {
  // Auditors read everything, accounts included; only admins change them (cases::Accounts
  // checks that again).
  router.route(Method::get, "/api/v1/organisations", {Role::admin, Role::auditor},
               [&services](const ApiRequest& request) -> Result<ApiResponse> {
                 auto page = page_request(request);
                 if (!page) return tl::unexpected(page.error());
                 auto all = services.accounts.organisations();
                 if (!all) return tl::unexpected(all.error());
                 return ApiResponse::json(page_of(
                     *all, *page, [](const auto& organisation) { return to_json(organisation); }));
               });
  router.route(
      Method::post, "/api/v1/organisations", {Role::admin},
      [&services](const ApiRequest& request) { return add_organisation(services, request); },
      {BodyKind::json});
  router.route(Method::get, "/api/v1/organisations/{id}", {Role::admin, Role::auditor},
               [&services](const ApiRequest& request) -> Result<ApiResponse> {
                 auto found = services.accounts.find_organisation(request.param("id"));
                 if (!found) return tl::unexpected(found.error());
                 if (!*found)
                   return fail(ErrorKind::not_found,
                               "no organisation '" + std::string(request.param("id")) + "'");
                 return ApiResponse::json(to_json(**found));
               });

  router.route(Method::get, "/api/v1/users", {Role::admin, Role::auditor},
               [&services](const ApiRequest& request) -> Result<ApiResponse> {
                 auto page = page_request(request);
                 if (!page) return tl::unexpected(page.error());
                 auto all = services.accounts.users();
                 if (!all) return tl::unexpected(all.error());
                 if (const auto organisation = request.query("organisation")) {
                   std::erase_if(*all, [&](const cases::User& user) {
                     return user.organisation != *organisation;
                   });
                 }
                 return ApiResponse::json(
                     page_of(*all, *page, [](const auto& user) { return to_json(user); }));
               });
  router.route(Method::post, "/api/v1/users", {Role::admin},
               [&services](const ApiRequest& request) { return add_user(services, request); },
               {BodyKind::json});
  router.route(Method::get, "/api/v1/users/{id}", {Role::admin, Role::auditor},
               [&services](const ApiRequest& request) -> Result<ApiResponse> {
                 auto found = services.accounts.find_user(request.param("id"));
                 if (!found) return tl::unexpected(found.error());
                 if (!*found)
                   return fail(ErrorKind::not_found,
                               "no user '" + std::string(request.param("id")) + "'");
                 return user_response(**found);
               });
  router.route(Method::patch, "/api/v1/users/{id}", {Role::admin},
               [&services](const ApiRequest& request) { return change_user(services, request); },
               {BodyKind::json});

  // The secret is in this answer and nowhere else, ever.
  router.route(Method::post, "/api/v1/users/{id}/tokens", {Role::admin},
               [&services](const ApiRequest& request) -> Result<ApiResponse> {
                 auto issued =
                     services.accounts.issue_token(request.principal, request.param("id"));
                 if (!issued) return tl::unexpected(issued.error());
                 return ApiResponse::json({{"token_id", issued->token_id},
                                           {"token", issued->secret},
                                           {"user", std::string(request.param("id"))},
                                           {"enrolment", issued->enrolment}},
                                          201);
               });
  // The owner of an enrolment token (issued for them by someone else) exchanges it, once, for a
  // token of their own; the only route besides GET /api/v1/me that an enrolment token may call.
  router.route(Method::post, "/api/v1/tokens/exchange", Access::any_role().with_enrolment(),
               [&services](const ApiRequest& request) -> Result<ApiResponse> {
                 auto issued =
                     services.accounts.exchange_token(request.principal, request.remote_address());
                 if (!issued) return tl::unexpected(issued.error());
                 return ApiResponse::json({{"token_id", issued->token_id},
                                           {"token", issued->secret},
                                           {"user", request.principal.user},
                                           {"enrolment", false},
                                           {"replaces", request.principal.token_id}},
                                          201);
               });
  // Any user may revoke their own tokens; admins any token (cases::Accounts decides, and answers
  // not found for other users' tokens so that ids are not confirmed).
  router.route(Method::del, "/api/v1/tokens/{id}", Access::any_role(),
               [&services](const ApiRequest& request) -> Result<ApiResponse> {
                 auto revoked =
                     services.accounts.revoke_token(request.principal, request.param("id"));
                 if (!revoked) return tl::unexpected(revoked.error());
                 return ApiResponse::no_content();
               });
}

}  // namespace echri::http::routes
