#pragma once
// GoogleTest matchers for Result<T>: EXPECT_THAT(r, IsOk()), EXPECT_THAT(r, FailsWith(kind)),
// EXPECT_THAT(r, FailsWith(kind, "$.parties[0].name")) — the second argument is the error's
// `where` (a JSON path, file:line or parameter) and must be contained in it.

#include <gmock/gmock.h>

#include <ostream>
#include <string>

#include "core/result.hpp"

namespace echri {

inline std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return "invalid_input";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::stale:
      return "stale";
    case ErrorKind::forbidden:
      return "forbidden";
    case ErrorKind::throttled:
      return "throttled";
    case ErrorKind::io:
      return "io";
    case ErrorKind::internal:
      break;
  }
  return "internal";
}

// So that failed expectations print the error, not bytes.
inline void PrintTo(const Error& error, std::ostream* out) {
  *out << kind_name(error.kind) << ": " << error.describe();
}

}  // namespace echri

namespace echri::testing {

MATCHER(IsOk, negation ? "is an error" : "is ok") {
  if (arg.has_value()) return true;
  *result_listener << "failed with " << kind_name(arg.error().kind) << ": "
                   << arg.error().describe();
  return false;
}

MATCHER_P(FailsWith, kind,
          std::string(negation ? "does not fail with " : "fails with ") +
              std::string(kind_name(kind))) {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "failed with " << kind_name(arg.error().kind) << ": "
                   << arg.error().describe();
  return arg.error().kind == kind;
}

MATCHER_P2(FailsWith, kind, where,
           std::string(negation ? "does not fail with " : "fails with ") +
               std::string(kind_name(kind)) + " at " + std::string(where)) {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "failed with " << kind_name(arg.error().kind) << ": "
                   << arg.error().describe();
  return arg.error().kind == kind &&
         arg.error().where.find(std::string(where)) != std::string::npos;
}

}  // namespace echri::testing
