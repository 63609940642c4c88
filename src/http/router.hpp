#pragma once
// A small typed layer over the transport-neutral messages of http/message.hpp. Routes are declared
// with a method, a path template
// ("/api/v1/users/{id}"; a last segment "{name...}" takes the rest of the path), the roles that may
// call them and a handler. The router does everything a handler should not have to: it finds the
// route (404, or 405 with Allow), authenticates the bearer token (401; 429 when the client address
// or the token id failed too often), refuses enrolment tokens on every route but their exchange,
// and checks the role (403) before the handler runs, limits, checks and parses the body (413, 415,
// 400 with the position of a JSON syntax error), parses If-Match, turns the handler's Error into
// problem+json, catches every exception (500 without internals), and counts requests for /metrics.

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cases/accounts.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/problem.hpp"
#include "http/throttle.hpp"

namespace echri::http {

enum class Method { get, post, put, patch, del };
std::string_view to_string(Method method);  // "GET", "DELETE", ...

inline constexpr std::string_view kJsonContentType = "application/json";

// Who may call a route.
class Access {
 public:
  // No token needed (health, the OpenAPI document).
  static Access public_route() { return Access(false, 0); }
  // Any authenticated user whatever the role.
  static Access any_role();
  static Access roles(std::initializer_list<cases::Role> roles);

  // The same, and enrolment tokens may call the route too (their exchange, GET /api/v1/me);
  // every other route refuses them with 403.
  [[nodiscard]] Access with_enrolment() const {
    Access access = *this;
    access.enrolment_ = true;
    return access;
  }

  [[nodiscard]] bool needs_token() const { return needs_token_; }
  [[nodiscard]] bool allows(cases::Role role) const;
  [[nodiscard]] std::vector<cases::Role> allowed() const;
  [[nodiscard]] bool allows_enrolment() const { return enrolment_; }

 private:
  Access(bool needs_token, std::uint32_t mask) : needs_token_(needs_token), mask_(mask) {}
  bool needs_token_;
  std::uint32_t mask_;  // bit per cases::Role
  bool enrolment_ = false;
};

enum class BodyKind {
  none,   // any body is ignored
  json,   // application/json (or +json), at most Limits::json_body bytes, parsed before the handler
  bytes,  // raw bytes of any type (documents), at most Limits::document_body bytes
  upload,  // raw bytes of any type (bulk screening files), at most Limits::upload_body bytes
};

struct Limits {
  std::size_t json_body = std::size_t{1} << 20;       // 1 MiB
  std::size_t document_body = std::size_t{16} << 20;  // 16 MiB
  std::size_t json_depth = 64;                        // nesting of arrays and objects
  // Failed authentications per client address and per token id before 429 (http/throttle.hpp).
  ThrottleOptions authentication{};
  // Bulk screening files: a million names with their dates of birth and countries.
  std::size_t upload_body = std::size_t{128} << 20;  // 128 MiB
};

// Where the transport runs a route's handler. On the connection's I/O thread a request costs no
// hand-off between threads (two wake-ups fewer), but the thread's other connections wait while it
// runs: only handlers whose work is short and bounded belong there. The rest run on a worker.
enum class Placement {
  by_method,          // GET (and HEAD) inline: a bounded read; other methods on a worker, as
                      // they wait for the disk to flush
  worker,             // always on a worker (a walk over the whole audit chain, a large document)
  inline_when_small,  // inline when the body is at most RouteOptions::inline_body bytes; the
                      // handler's work must grow with its body (one screened name, not a batch)
};

struct RouteOptions {
  BodyKind body = BodyKind::none;
  Placement placement = Placement::by_method;
  std::size_t inline_body = 0;  // for Placement::inline_when_small
};

// What a handler sees of a request. Valid only during the handler call.
struct ApiRequest {
  const Request& http;
  Method method = Method::get;
  cases::Principal principal;  // empty user on public routes
  std::vector<std::pair<std::string_view, std::string>> path_params;
  nlohmann::json body;                   // the parsed body of BodyKind::json routes, else null
  std::optional<std::int64_t> if_match;  // If-Match: "v<N>"; nullopt when absent or "*"

  // "" when the template has no such parameter.
  [[nodiscard]] std::string_view param(std::string_view name) const;
  // nullopt when absent; the first value when repeated.
  [[nodiscard]] std::optional<std::string> query(std::string_view name) const;
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
  [[nodiscard]] std::string_view raw_body() const { return http.body; }
  [[nodiscard]] std::string_view path() const { return http.path; }
  [[nodiscard]] std::string_view remote_address() const { return http.remote_address; }
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = std::string(kJsonContentType);
  std::optional<std::int64_t> version;  // sent as ETag: "v<N>"
  std::string location;                 // sent as Location when not empty
  std::vector<std::pair<std::string, std::string>> headers;

  static ApiResponse json(const nlohmann::json& body, int status = 200);
  static ApiResponse ordered_json(const nlohmann::ordered_json& body, int status = 200);
  static ApiResponse bytes(std::string content, std::string content_type);
  static ApiResponse text(std::string content, std::string content_type);
  static ApiResponse no_content();
  ApiResponse& with_version(std::int64_t record_version);
  ApiResponse& with_location(std::string url);
};

using Handler = std::function<Result<ApiResponse>(const ApiRequest&)>;

// "v7" quoted, as sent in ETag; and back (nullopt for anything else, including weak tags).
std::string etag_for(std::int64_t version);
std::optional<std::int64_t> version_from_etag(std::string_view etag);

class Router {
  struct Route;

 public:
  // The principal of a bearer token; not_found when the token is refused. `lookup` is
  // memory_only when the client is throttled: then only a token the authenticator holds in memory
  // may pass (cases::Accounts::authenticate).
  using Authenticator = std::function<Result<cases::Principal>(std::string_view bearer_token,
                                                               cases::TokenLookup lookup)>;
  // Where internal errors are reported (the server log); stderr when empty.
  using Logger = std::function<void(std::string_view message)>;

  explicit Router(Authenticator authenticate, Limits limits = {}, Logger log = {});
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers a route; not thread-safe: the router is built before the server starts and not
  // changed while it serves. A duplicate method and template is a bug (std::logic_error). When
  // two templates match a path, the one registered first takes it.
  void route(Method method, std::string_view path_template, Access access, Handler handler,
             RouteOptions options = {});
  void route(Method method, std::string_view path_template,
             std::initializer_list<cases::Role> roles, Handler handler, RouteOptions options = {});

  // Answers the GET (and HEAD) requests that no route's path takes and that `wants` accepts, as a
  // public route: the single-page front end's deep links (static_routes.cpp). Not listed by
  // routes(); counted in /metrics under the template "/*".
  using FallbackFilter = std::function<bool(const Request& request)>;
  void fallback(FallbackFilter wants, Handler handler);

  struct RouteInfo {
    Method method = Method::get;
    std::string path_template;
    Access access = Access::public_route();
    BodyKind body = BodyKind::none;
  };
  [[nodiscard]] std::vector<RouteInfo> routes() const;

  // What check_head found for a request it let through: the route, the path's parameters and the
  // caller. The transport hands it back to handle() so the route is found and the token checked
  // once per request.
  class Admission {
   public:
    Admission() = default;

    // Whether the handler, given a body of `body_bytes`, runs on the I/O thread that read the
    // request (RouteOptions::placement); false for an empty admission.
    [[nodiscard]] bool runs_inline(std::size_t body_bytes) const;

   private:
    friend class Router;
    const Route* route_ = nullptr;
    std::vector<std::pair<std::string_view, std::string>> params_;
    cases::Principal principal_;
    std::chrono::steady_clock::time_point admitted_at_{};
  };

  // A caller is authenticated again when its body took longer than this to arrive: a token
  // revoked while a slow upload is still arriving does not act.
  static constexpr std::chrono::seconds kAdmissionLifetime{1};

  // Answers one request completely (route, authentication, body, handler).
  void handle(const Request& request, Response& response) const;
  // Answers a request whose head check_head let through; `admission` is what it returned.
  void handle(const Request& request, Response& response, Admission admission) const;

  // What the transport learns from the request head alone, before it reads a byte of the body.
  struct HeadVerdict {
    // The answer when the request cannot go on: no route (404, 405), a missing or refused token
    // (401, 429), an enrolment token or a role that may not call the route (403), or a declared
    // body larger than the route takes (413). Counted in /metrics like any answer.
    std::optional<Response> refusal;
    // The most body bytes the route takes (0 when it takes none): the transport stops reading
    // beyond it.
    std::size_t body_limit = 0;
    // For handle(), when there is no refusal.
    Admission admission;
  };
  // `request` has no body yet; `body_length` is the declared Content-Length, nullopt when
  // chunked.
  [[nodiscard]] HeadVerdict check_head(const Request& request,
                                       std::optional<std::uint64_t> body_length) const;

  [[nodiscard]] const Limits& limits() const { return limits_; }
  [[nodiscard]] Metrics& metrics() const { return *metrics_; }
  [[nodiscard]] AuthThrottle& throttle() const { return *throttle_; }

 private:
  struct Match;
  // Finds the route, admits the caller and checks the query is text; false when `response` holds
  // the answer.
  bool admit_request(const Request& request, Admission& admission, Response& response) const;
  // The body, If-Match and the handler, for an admitted request.
  void respond(const Request& request, Admission& admission, Response& response) const;
  // Counts the answer in /metrics and turns an exception into a 500.
  template <typename Answer>
  void answer_counted(const Request& request, Response& response, const Answer& answer) const;
  // Authentication and roles; false when `response` holds the refusal.
  bool admit(const Request& request, const Route& route, cases::Principal& principal,
             Response& response) const;
  [[nodiscard]] std::size_t limit_of(const Route& route) const;
  // The route for the path and method; on a miss, `allowed` lists the methods the path takes.
  [[nodiscard]] std::optional<Match> find(std::string_view path, std::optional<Method> method,
                                          std::string& allowed) const;

  Authenticator authenticate_;
  Limits limits_;
  Logger log_;
  std::vector<std::unique_ptr<Route>> routes_;
  std::unique_ptr<Route> fallback_;
  FallbackFilter fallback_wants_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<AuthThrottle> throttle_;
};

// Writes a problem as the response (status, headers, application/problem+json body).
void write_problem(const Problem& problem, Response& response);

// The request's method, nullopt for methods the API does not use. HEAD is GET.
std::optional<Method> method_of(std::string_view http_method);

}  // namespace echri::http
