#pragma once
// RFC 9457 problem details: every error the API answers with is one `application/problem+json`
// document, built here from an echri::Error, so that status codes and shapes are decided in one
// place.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace echri::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// One item of the `errors` extension: what is wrong where.
struct FieldProblem {
  std::string path;       // a JSON path into the request body ("$.items[0].control_entry"), or
                          // "" for a problem with a query parameter (then `parameter` is set)
  std::string parameter;  // the query parameter's name ("limit"), or ""
  std::string detail;
  std::optional<std::size_t> offset;  // JSON syntax errors: the byte offset, line and column
  std::optional<std::size_t> line;
  std::optional<std::size_t> column;
};

struct Problem {
  int status = 500;
  std::string type = "about:blank";  // "urn:echri:problem:<slug>" for the API's own problems
  std::string title;                 // the same for every problem of a type
  std::string detail;                // this occurrence, for a person
  std::string instance;              // the request path
  std::vector<FieldProblem> errors;
  std::vector<std::pair<std::string, std::string>> headers;  // WWW-Authenticate, Allow, ...

  [[nodiscard]] std::string to_json() const;
};

// How a handler's Error becomes a problem. `body_is_json` tells invalid_input in a well-formed
// body (a JSON body, or an uploaded file's rows: 422) from a malformed request (400); errors at
// "query:NAME" and "header:NAME" are the request's (400). Locations that are JSON paths ("$...")
// become `errors[].path`; "query:NAME" becomes `errors[].parameter`. Internal errors keep their
// message out of the answer (it goes to the server log).
Problem problem_from(const Error& error, bool body_is_json, std::string_view instance);

// The status of each error kind (invalid_input: 422 when `body_is_json`, else 400).
int status_for(ErrorKind kind, bool body_is_json);

// Problems the router produces itself. `detail` replaces the default explanation of a refused
// token (a token of an older version says so).
Problem unauthorized(std::string_view instance, bool token_given, std::string_view detail = {});
// 429 with Retry-After: too many failed authentications from the client's address or for the
// token id.
Problem throttled(std::string_view instance, std::int64_t retry_after_seconds);
// 403 for an enrolment token on a route that only a token of the user's own may call.
Problem enrolment_token(std::string_view instance);
Problem forbidden(std::string_view instance, std::string_view detail);
Problem not_found(std::string_view instance);
Problem method_not_allowed(std::string_view instance, std::string_view allow);
Problem payload_too_large(std::string_view instance, std::size_t limit);
Problem unsupported_media_type(std::string_view instance, std::string_view expected);
// A body that is not JSON: 400 with the offset, line and column of the syntax error.
Problem malformed_json(std::string_view instance, std::string_view body, std::size_t offset,
                       std::string_view what);
Problem internal_error(std::string_view instance);
// For statuses the transport answers before the router runs (400 malformed framing, 417, 431...).
Problem for_status(int status, std::string_view instance);

std::string_view reason_phrase(int status);

}  // namespace echri::http
