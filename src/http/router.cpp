#include "http/router.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <mutex>
#include <stdexcept>

#include "core/text_util.hpp"
#include "http/internal/strict_json.hpp"

namespace echri::http {
namespace {

struct Segment {
  std::string text;  // the literal, or the parameter's name
  bool parameter = false;
  bool rest = false;  // "{name...}": the path's remaining segments, one or more, joined by '/'
};

std::vector<Segment> parse_template(std::string_view path_template) {
  if (!path_template.starts_with('/'))
    throw std::logic_error("route template must start with '/': " + std::string(path_template));
  std::vector<Segment> segments;
  for (const auto& piece : core::split_trimmed(path_template.substr(1), "/")) {
    if (!segments.empty() && segments.back().rest)
      throw std::logic_error("a {name...} segment must end the route template: " +
                             std::string(path_template));
    if (piece.size() > 5 && piece.front() == '{' && piece.ends_with("...}"))
      segments.push_back({piece.substr(1, piece.size() - 5), true, true});
    else if (piece.size() > 2 && piece.front() == '{' && piece.back() == '}')
      segments.push_back({piece.substr(1, piece.size() - 2), true});
    else
      segments.push_back({piece, false});
  }
  return segments;
}

// The path's segments without allocating; an empty segment ("//", a trailing "/") matches
// nothing, so those paths are 404.
void split_path(std::string_view path, std::vector<std::string_view>& out) {
  out.clear();
  if (!path.starts_with('/')) return;
  path.remove_prefix(1);
  if (path.empty()) return;
  for (;;) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

std::uint32_t bit(cases::Role role) {
  return std::uint32_t{1} << static_cast<unsigned>(role);
}

bool is_json_media_type(std::string_view content_type) {
  const auto media = core::ascii_lower(core::trim(content_type.substr(0, content_type.find(';'))));
  return media == kJsonContentType ||
         (media.starts_with("application/") && media.ends_with("+json"));
}

void default_log(std::string_view message) {
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::cerr << "echri serve: " << message << std::endl;
}

}  // namespace

std::string_view to_string(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
  }
  return "?";
}

std::optional<Method> method_of(std::string_view http_method) {
  if (http_method == "GET" || http_method == "HEAD") return Method::get;
  if (http_method == "POST") return Method::post;
  if (http_method == "PUT") return Method::put;
  if (http_method == "PATCH") return Method::patch;
  if (http_method == "DELETE") return Method::del;
  return std::nullopt;
}

Access Access::any_role() {
  std::uint32_t mask = 0;
  for (const auto name : cases::all_roles()) mask |= bit(*cases::parse_role(name));
  return Access(true, mask);
}

Access Access::roles(std::initializer_list<cases::Role> roles) {
  std::uint32_t mask = 0;
  for (const auto role : roles) mask |= bit(role);
  return Access(true, mask);
}

bool Access::allows(cases::Role role) const {
  return !needs_token_ || (mask_ & bit(role)) != 0;
}

std::vector<cases::Role> Access::allowed() const {
  std::vector<cases::Role> out;
  for (const auto name : cases::all_roles()) {
    const auto role = *cases::parse_role(name);
    if ((mask_ & bit(role)) != 0) out.push_back(role);
  }
  return out;
}

std::string_view ApiRequest::param(std::string_view name) const {
  for (const auto& [key, value] : path_params)
    if (key == name) return value;
  return {};
}

std::optional<std::string> ApiRequest::query(std::string_view name) const {
  return http.query_value(name);
}

std::optional<std::string> ApiRequest::header(std::string_view name) const {
  const auto value = http.headers.find(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

ApiResponse ApiResponse::json(const nlohmann::json& body, int status) {
  ApiResponse response;
  response.status = status;
  // Names from lists and applications are UTF-8 already; replacing stray bytes keeps a bad one
  // from turning a whole answer into an error.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

ApiResponse ApiResponse::ordered_json(const nlohmann::ordered_json& body, int status) {
  ApiResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

ApiResponse ApiResponse::bytes(std::string content, std::string content_type) {
  ApiResponse response;
  response.body = std::move(content);
  response.content_type = std::move(content_type);
  return response;
}

ApiResponse ApiResponse::text(std::string content, std::string content_type) {
  return bytes(std::move(content), std::move(content_type));
}

ApiResponse ApiResponse::no_content() {
  ApiResponse response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

ApiResponse& ApiResponse::with_version(std::int64_t record_version) {
  version = record_version;
  return *this;
}

ApiResponse& ApiResponse::with_location(std::string url) {
  location = std::move(url);
  return *this;
}

std::string etag_for(std::int64_t version) {
  return "\"v" + std::to_string(version) + "\"";
}

std::optional<std::int64_t> version_from_etag(std::string_view etag) {
  etag = core::trim(etag);
  if (etag.size() < 4 || etag.front() != '"' || etag.back() != '"' || etag[1] != 'v')
    return std::nullopt;
  const auto digits = etag.substr(2, etag.size() - 3);
  std::int64_t version = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size() || version < 1)
    return std::nullopt;
  return version;
}

struct Router::Route {
  Method method = Method::get;
  std::string path_template;
  std::vector<Segment> segments;
  Access access = Access::public_route();
  RouteOptions options;
  Handler handler;
  Metrics::SeriesId series = Metrics::kUnmatched;

  [[nodiscard]] bool matches(const std::vector<std::string_view>& path) const;
};

struct Router::Match {
  const Route* route = nullptr;
  std::vector<std::pair<std::string_view, std::string>> params;
};

Router::Router(Authenticator authenticate, Limits limits, Logger log)
    : authenticate_(std::move(authenticate)),
      limits_(limits),
      log_(log ? std::move(log) : Logger(default_log)),
      metrics_(std::make_unique<Metrics>()),
      throttle_(std::make_unique<AuthThrottle>(limits_.authentication)) {}

Router::~Router() = default;

void Router::route(Method method, std::string_view path_template, Access access, Handler handler,
                   RouteOptions options) {
  auto route = std::make_unique<Route>();
  route->method = method;
  route->path_template = std::string(path_template);
  route->segments = parse_template(path_template);
  for (const auto& existing : routes_) {
    if (existing->method == method && existing->path_template == path_template)
      throw std::logic_error("route registered twice: " + std::string(to_string(method)) + " " +
                             std::string(path_template));
  }
  route->access = access;
  route->options = options;
  route->handler = std::move(handler);
  route->series = metrics_->add_series(std::string(to_string(method)), route->path_template);
  routes_.push_back(std::move(route));
}

void Router::route(Method method, std::string_view path_template,
                   std::initializer_list<cases::Role> roles, Handler handler,
                   RouteOptions options) {
  route(method, path_template, Access::roles(roles), std::move(handler), options);
}

void Router::fallback(FallbackFilter wants, Handler handler) {
  auto route = std::make_unique<Route>();
  route->method = Method::get;
  route->path_template = "/*";
  route->access = Access::public_route();
  route->handler = std::move(handler);
  route->series = metrics_->add_series(std::string(to_string(Method::get)), route->path_template);
  fallback_ = std::move(route);
  fallback_wants_ = std::move(wants);
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& route : routes_)
    out.push_back({route->method, route->path_template, route->access, route->options.body});
  return out;
}

bool Router::Admission::runs_inline(std::size_t body_bytes) const {
  if (route_ == nullptr) return false;
  switch (route_->options.placement) {
    case Placement::by_method:
      return route_->method == Method::get;
    case Placement::worker:
      return false;
    case Placement::inline_when_small:
      return body_bytes <= route_->options.inline_body;
  }
  return false;
}

bool Router::Route::matches(const std::vector<std::string_view>& path) const {
  const bool rest = !segments.empty() && segments.back().rest;
  if (rest ? path.size() < segments.size() : segments.size() != path.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i)
    if (!segments[i].parameter && segments[i].text != path[i]) return false;
  return true;
}

std::optional<Router::Match> Router::find(std::string_view path, std::optional<Method> method,
                                          std::string& allowed) const {
  thread_local std::vector<std::string_view> segments;
  split_path(path, segments);
  if (std::any_of(segments.begin(), segments.end(), [](auto s) { return s.empty(); }))
    return std::nullopt;
  for (const auto& route : routes_) {
    if (!route->matches(segments)) continue;
    if (method && route->method == *method) {
      Match match{route.get(), {}};
      for (std::size_t i = 0; i < route->segments.size(); ++i) {
        const auto& segment = route->segments[i];
        if (!segment.parameter) continue;
        std::string value(segments[i]);
        if (segment.rest)
          for (std::size_t j = i + 1; j < segments.size(); ++j)
            value.append("/").append(segments[j]);
        match.params.emplace_back(segment.text, std::move(value));
      }
      return match;
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += to_string(route->method);
  }
  return std::nullopt;
}

template <typename Answer>
void Router::answer_counted(const Request& request, Response& response,
                            const Answer& answer) const {
  const auto started = std::chrono::steady_clock::now();
  const auto in_flight = metrics_->in_flight();
  Metrics::SeriesId series = Metrics::kUnmatched;
  try {
    answer(series);
  } catch (const std::exception& error) {
    log_(std::string("internal error on ") + request.method + " " + request.path + ": " +
         error.what());
    write_problem(internal_error(request.path), response);
  } catch (...) {
    log_(std::string("internal error on ") + request.method + " " + request.path);
    write_problem(internal_error(request.path), response);
  }
  metrics_->record(series, response.status, std::chrono::steady_clock::now() - started);
}

void Router::handle(const Request& request, Response& response) const {
  answer_counted(request, response, [&](Metrics::SeriesId& series) {
    Admission admission;
    const bool admitted = admit_request(request, admission, response);
    if (admission.route_ != nullptr) series = admission.route_->series;
    if (admitted) respond(request, admission, response);
  });
}

void Router::handle(const Request& request, Response& response, Admission admission) const {
  answer_counted(request, response, [&](Metrics::SeriesId& series) {
    if (admission.route_ == nullptr)
      throw std::logic_error("handle() was given an admission that check_head did not grant");
    const Route& route = *admission.route_;
    series = route.series;
    const bool stale =
        std::chrono::steady_clock::now() - admission.admitted_at_ > kAdmissionLifetime;
    if (stale && route.access.needs_token() &&
        !admit(request, route, admission.principal_, response))
      return;
    respond(request, admission, response);
  });
}

bool Router::admit_request(const Request& request, Admission& admission, Response& response) const {
  std::string allowed;
  // An unknown method (OPTIONS, TRACE...) finds no route; `allowed` then lists what the path
  // accepts, so it is a 405 like a known method the path does not take.
  const auto method = method_of(request.method);
  auto match = find(request.path, method, allowed);
  if (!match && allowed.empty() && fallback_ && method == Method::get && fallback_wants_(request))
    match = Match{fallback_.get(), {}};
  if (!match) {
    write_problem(
        allowed.empty() ? not_found(request.path) : method_not_allowed(request.path, allowed),
        response);
    return false;
  }
  admission.route_ = match->route;
  admission.params_ = std::move(match->params);
  admission.admitted_at_ = std::chrono::steady_clock::now();
  if (admission.route_->access.needs_token() &&
      !admit(request, *admission.route_, admission.principal_, response))
    return false;
  // Handlers take query values as text: a value that is not UTF-8 is the client's error, said
  // here once, from the head, rather than as a 500 wherever it reaches a library that needs UTF-8.
  for (const auto& [name, value] : request.query) {
    if (!core::is_valid_utf8(name) || !core::is_valid_utf8(value)) {
      write_problem(problem_from(Error{ErrorKind::invalid_input,
                                       "the query parameter is not valid UTF-8 once decoded",
                                       "query:" + name},
                                 false, request.path),
                    response);
      return false;
    }
  }
  return true;
}

bool Router::admit(const Request& request, const Route& route, cases::Principal& principal,
                   Response& response) const {
  const auto& path = request.path;
  const auto header = request.headers.value("Authorization");
  if (header.empty() || !core::starts_with_icase(header, "Bearer ")) {
    write_problem(unauthorized(path, false), response);
    return false;
  }
  const auto token = core::trim(header.substr(7));
  // Failed authentications are counted per client address and per token id; a client over
  // the limit is answered 429 without the token being looked up in the database (only a token
  // the authenticator holds in memory, with the right secret, still passes: a storm of wrong
  // secrets for someone's token id must not lock its owner out).
  const auto client = client_key(request.remote_address);
  const auto token_id = cases::token_id_of(token).value_or(std::string_view());
  const auto wait = throttle_->wait(client, token_id);
  auto found =
      authenticate_(token, wait ? cases::TokenLookup::memory_only : cases::TokenLookup::store);
  if (!found) {
    if (found.error().kind != ErrorKind::not_found) {
      write_problem(problem_from(found.error(), false, path), response);
    } else if (wait) {
      metrics_->count_throttled();
      write_problem(throttled(path, wait->count()), response);
    } else {
      metrics_->count_failed_authentication();
      throttle_->failed(client, token_id);
      write_problem(unauthorized(path, true, found.error().message), response);
    }
    return false;
  }
  if (found->enrolment && !route.access.allows_enrolment()) {
    write_problem(enrolment_token(path), response);
    return false;
  }
  if (!route.access.allows(found->role)) {
    std::string roles;
    for (const auto role : route.access.allowed()) {
      if (!roles.empty()) roles += ", ";
      roles += cases::to_string(role);
    }
    write_problem(forbidden(path, "a " + std::string(cases::to_string(found->role)) + " may not " +
                                      std::string(to_string(route.method)) + " " +
                                      route.path_template + " (allowed: " + roles + ")"),
                  response);
    return false;
  }
  principal = std::move(*found);
  return true;
}

std::size_t Router::limit_of(const Route& route) const {
  switch (route.options.body) {
    case BodyKind::none:
      return 0;
    case BodyKind::json:
      return limits_.json_body;
    case BodyKind::bytes:
      return limits_.document_body;
    case BodyKind::upload:
      return limits_.upload_body;
  }
  return 0;
}

Router::HeadVerdict Router::check_head(const Request& request,
                                       std::optional<std::uint64_t> body_length) const {
  const auto started = std::chrono::steady_clock::now();
  HeadVerdict verdict;
  Response response;
  Metrics::SeriesId series = Metrics::kUnmatched;
  bool refused = true;
  try {
    Admission admission;
    const bool admitted = admit_request(request, admission, response);
    if (admission.route_ != nullptr) {
      series = admission.route_->series;
      verdict.body_limit = limit_of(*admission.route_);
    }
    const auto limit = verdict.body_limit;
    // A body the route ignores is drained by the transport, not refused.
    if (admitted && limit > 0 && body_length && *body_length > limit) {
      write_problem(payload_too_large(request.path, limit), response);
    } else if (admitted) {
      refused = false;
      verdict.admission = std::move(admission);
    }
  } catch (const std::exception& error) {
    log_(std::string("internal error on ") + request.method + " " + request.path + ": " +
         error.what());
    write_problem(internal_error(request.path), response);
  }
  if (!refused) return verdict;
  metrics_->record(series, response.status, std::chrono::steady_clock::now() - started);
  verdict.refusal = std::move(response);
  return verdict;
}

void Router::respond(const Request& request, Admission& admission, Response& response) const {
  const auto& path = request.path;
  const Route& route = *admission.route_;
  ApiRequest api{
      request, route.method, std::move(admission.principal_), std::move(admission.params_),
      nullptr, std::nullopt};

  const bool json_body = route.options.body == BodyKind::json;
  if (json_body) {
    const std::string_view body = request.body;
    if (body.size() > limits_.json_body) {
      write_problem(payload_too_large(path, limits_.json_body), response);
      return;
    }
    if (core::trim(body).empty()) {
      write_problem(
          problem_from(Error{ErrorKind::invalid_input, "this request needs a JSON body", ""}, false,
                       path),
          response);
      return;
    }
    if (!is_json_media_type(request.headers.value("Content-Type"))) {
      write_problem(unsupported_media_type(path, kJsonContentType), response);
      return;
    }
    auto parsed = internal::parse_strict_json(body, limits_.json_depth);
    if (!parsed) {
      const auto& refusal = parsed.error();
      if (refusal.offset)
        write_problem(malformed_json(path, body, *refusal.offset, refusal.message), response);
      else
        write_problem(problem_from(Error{ErrorKind::invalid_input, refusal.message, refusal.path},
                                   !refusal.path.empty(), path),
                      response);
      return;
    }
    api.body = std::move(*parsed);
  } else if (const auto limit = limit_of(route);
             route.options.body != BodyKind::none && request.body.size() > limit) {
    write_problem(payload_too_large(path, limit), response);
    return;
  }

  if (const auto value = request.headers.find("If-Match")) {
    if (core::trim(*value) != "*") {
      api.if_match = version_from_etag(*value);
      if (!api.if_match) {
        write_problem(problem_from(Error{ErrorKind::invalid_input,
                                         "If-Match must be one ETag as this API sends it, like "
                                         "\"v3\", or *",
                                         ""},
                                   false, path),
                      response);
        return;
      }
    }
  }

  auto result = route.handler(api);
  if (!result) {
    if (result.error().kind == ErrorKind::internal)
      log_("internal error on " + request.method + " " + path + ": " + result.error().describe());
    // An uploaded file's rows are the body's content, as a JSON body's fields are.
    write_problem(
        problem_from(result.error(), json_body || route.options.body == BodyKind::upload, path),
        response);
    return;
  }
  auto& answer = *result;
  response.status = answer.status;
  if (!answer.content_type.empty()) response.headers.set("Content-Type", answer.content_type);
  response.body = std::move(answer.body);
  if (answer.version) response.headers.set("ETag", etag_for(*answer.version));
  if (!answer.location.empty()) response.headers.set("Location", answer.location);
  bool cache_control = false;
  for (const auto& [name, value] : answer.headers) {
    cache_control = cache_control || core::ascii_lower(name) == "cache-control";
    response.headers.set(name, value);
  }
  // Answers carry one user's view of the data: no shared cache may keep them.
  if (!cache_control && route.access.needs_token())
    response.headers.set("Cache-Control", "no-store");
}

void write_problem(const Problem& problem, Response& response) {
  response.status = problem.status;
  response.body = problem.to_json();
  response.headers.set("Content-Type", kProblemContentType);
  response.headers.set("Cache-Control", "no-store");
  for (const auto& [name, value] : problem.headers) response.headers.set(name, value);
}

}  // namespace echri::http
