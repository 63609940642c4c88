#include "http/problem.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace echri::http {
namespace {

constexpr std::string_view kQueryPrefix = "query:";

struct Kind {
  const char* slug;
  const char* title;
};

Kind kind_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return {"invalid-input", "The request is not valid"};
    case ErrorKind::not_found:
      return {"not-found", "Not found"};
    case ErrorKind::conflict:
      return {"conflict", "The request conflicts with the current state"};
    case ErrorKind::stale:
      return {"stale", "The resource has changed since it was read"};
    case ErrorKind::forbidden:
      return {"forbidden", "Not allowed"};
    case ErrorKind::throttled:
      return {"throttled", "Too many requests"};
    case ErrorKind::io:
      return {"unavailable", "A backing service is unavailable"};
    case ErrorKind::internal:
      break;
  }
  return {"internal", "Internal server error"};
}

std::string urn(std::string_view slug) {
  return "urn:echri:problem:" + std::string(slug);
}

Problem make(int status, std::string_view slug, std::string title, std::string detail,
             std::string_view instance) {
  Problem problem;
  problem.status = status;
  problem.type = urn(slug);
  problem.title = std::move(title);
  problem.detail = std::move(detail);
  problem.instance = std::string(instance);
  return problem;
}

}  // namespace

std::string Problem::to_json() const {
  // Ordered: the members read in the order RFC 9457 lists them.
  nlohmann::ordered_json out;
  out["type"] = type;
  out["title"] = title.empty() ? std::string(reason_phrase(status)) : title;
  out["status"] = status;
  if (!detail.empty()) out["detail"] = detail;
  if (!instance.empty()) out["instance"] = instance;
  if (!errors.empty()) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& error : errors) {
      nlohmann::ordered_json item;
      if (!error.parameter.empty())
        item["parameter"] = error.parameter;
      else
        item["path"] = error.path.empty() ? std::string("$") : error.path;
      item["detail"] = error.detail;
      if (error.offset) item["offset"] = *error.offset;
      if (error.line) item["line"] = *error.line;
      if (error.column) item["column"] = *error.column;
      list.push_back(std::move(item));
    }
    out["errors"] = std::move(list);
  }
  // Request text can hold any bytes; replacing invalid UTF-8 keeps the answer valid JSON.
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

int status_for(ErrorKind kind, bool body_is_json) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return body_is_json ? 422 : 400;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::stale:
      return 412;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::throttled:
      return 429;
    case ErrorKind::io:
      return 503;
    case ErrorKind::internal:
      break;
  }
  return 500;
}

Problem problem_from(const Error& error, bool body_is_json, std::string_view instance) {
  const bool in_body = error.where.starts_with("$");
  const bool in_query = error.where.starts_with(kQueryPrefix);
  const bool in_header = error.where.starts_with("header:");
  // A JSON path names a field of a well-formed body: 422 even when the caller did not say the
  // body was JSON; a query parameter or a header is part of the request: 400.
  const bool semantic = error.kind == ErrorKind::invalid_input && !in_query && !in_header &&
                        (in_body || body_is_json);
  const auto [slug, title] = kind_of(error.kind);
  Problem problem = make(status_for(error.kind, semantic), slug, title, error.message, instance);
  if (error.kind == ErrorKind::invalid_input && semantic) problem.type = urn("invalid-field");
  if (error.kind == ErrorKind::internal) {
    problem.detail = "the server could not complete the request; the error is logged";
    return problem;
  }
  if (in_body) {
    problem.errors.push_back(FieldProblem{error.where, "", error.message, {}, {}, {}});
  } else if (in_query) {
    problem.errors.push_back(
        FieldProblem{"", error.where.substr(kQueryPrefix.size()), error.message, {}, {}, {}});
  } else if (!error.where.empty()) {
    problem.detail = error.describe();
  }
  return problem;
}

Problem unauthorized(std::string_view instance, bool token_given, std::string_view detail) {
  auto problem = make(401, "unauthorized", "Authentication required",
                      !detail.empty() ? std::string(detail)
                      : token_given   ? "the bearer token is unknown, revoked or its user inactive"
                                      : "send 'Authorization: Bearer <token>'",
                      instance);
  // RFC 6750: error="invalid_token" only when a token was presented.
  problem.headers.emplace_back(
      "WWW-Authenticate",
      token_given ? R"(Bearer realm="echri", error="invalid_token")" : R"(Bearer realm="echri")");
  return problem;
}

Problem throttled(std::string_view instance, std::int64_t retry_after_seconds) {
  auto problem = make(429, "throttled", "Too many requests",
                      "too many failed authentications from this address or with this token id: "
                      "try again in " +
                          std::to_string(retry_after_seconds) + " s",
                      instance);
  problem.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return problem;
}

Problem enrolment_token(std::string_view instance) {
  return make(403, "enrolment-token", "Exchange the enrolment token first",
              "this is an enrolment token, issued for you by someone else: exchange it once for "
              "a token of your own (POST /api/v1/tokens/exchange with it) and use that; until "
              "then it can do nothing else",
              instance);
}

Problem forbidden(std::string_view instance, std::string_view detail) {
  return make(403, "forbidden", "Not allowed", std::string(detail), instance);
}

Problem not_found(std::string_view instance) {
  return make(404, "not-found", "Not found", "no such resource", instance);
}

Problem method_not_allowed(std::string_view instance, std::string_view allow) {
  auto problem = make(405, "method-not-allowed", "Method not allowed",
                      "this resource accepts " + std::string(allow), instance);
  problem.headers.emplace_back("Allow", std::string(allow));
  return problem;
}

Problem payload_too_large(std::string_view instance, std::size_t limit) {
  return make(413, "payload-too-large", "Request body too large",
              "the body of this request may have at most " + std::to_string(limit) + " bytes",
              instance);
}

Problem unsupported_media_type(std::string_view instance, std::string_view expected) {
  return make(415, "unsupported-media-type", "Unsupported media type",
              "send the body as " + std::string(expected), instance);
}

Problem malformed_json(std::string_view instance, std::string_view body, std::size_t offset,
                       std::string_view what) {
  offset = std::min(offset, body.size());
  const auto before = body.substr(0, offset);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const auto line_start = before.rfind('\n');
  const std::size_t column =
      line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  auto problem = make(400, "malformed-json", "The body is not valid JSON",
                      "JSON syntax error at line " + std::to_string(line) + ", column " +
                          std::to_string(column) + " (byte " + std::to_string(offset) + ")",
                      instance);
  problem.errors.push_back(FieldProblem{"$", "", std::string(what), offset, line, column});
  return problem;
}

Problem internal_error(std::string_view instance) {
  return make(500, "internal", "Internal server error",
              "the server could not complete the request; the error is logged", instance);
}

Problem for_status(int status, std::string_view instance) {
  Problem problem;
  problem.status = status;
  problem.title = std::string(reason_phrase(status));
  problem.instance = std::string(instance);
  return problem;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Server Error" : "Client Error";
  }
}

}  // namespace echri::http
