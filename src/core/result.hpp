#pragma once
// The error type every module returns across its boundary, the two helpers that pass errors on
// (ECHRI_TRY, ECHRI_ASSIGN_OR_RETURN), and the one exception type a module may throw inside
// itself (Failure), turned back into a Result at the module's edge with catch_failure().

#include <string>
#include <tl/expected.hpp>
#include <type_traits>
#include <utility>

namespace echri {

enum class ErrorKind {
  invalid_input,  // the caller's data is malformed (bad file, bad field, bad argument)
  not_found,      // a named thing does not exist
  conflict,       // the operation contradicts the current state
  stale,          // the caller's copy is out of date (optimistic concurrency: If-Match)
  forbidden,      // the actor may not do this
  throttled,      // too many attempts; try again later (HTTP 429)
  io,             // the file system, network or database failed
  internal,       // a bug: an invariant did not hold
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;  // what is wrong, for a person
  std::string where;    // where: "file:line", "file:line: field X", a JSON path "$.items[0]"

  // "where: message", or just the message when there is no location.
  [[nodiscard]] std::string describe() const {
    return where.empty() ? message : where + ": " + message;
  }
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorKind kind, std::string message, std::string where = {}) {
  return tl::unexpected<Error>(Error{kind, std::move(message), std::move(where)});
}

// The one exception type modules use internally, where deep parsing or workflow code is clearer
// without a Result at every step. It never crosses a module boundary: catch_failure() turns it
// into an error result there.
struct Failure {
  Error error;
};

[[noreturn]] inline void raise(ErrorKind kind, std::string message, std::string where = {}) {
  throw Failure{Error{kind, std::move(message), std::move(where)}};
}

// The value of `result`, or throws its error as a Failure.
template <class T>
T value_or_raise(Result<T> result) {
  if (!result) throw Failure{std::move(result).error()};
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

// Runs `work` (which returns a Result) and turns a Failure thrown inside it into an error result.
template <class Work>
auto catch_failure(Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (Failure& failure) {
    return tl::unexpected<Error>(std::move(failure.error));
  }
}

}  // namespace echri

// Passes the error of a Result<...> expression on to the caller; the caller returns a Result.
#define ECHRI_TRY(expr)                                                              \
  do {                                                                               \
    auto echri_try_result_ = (expr);                                                 \
    if (!echri_try_result_)                                                          \
      return ::tl::unexpected<::echri::Error>(std::move(echri_try_result_).error()); \
  } while (false)

#define ECHRI_RESULT_CONCAT_INNER_(a, b) a##b
#define ECHRI_RESULT_CONCAT_(a, b) ECHRI_RESULT_CONCAT_INNER_(a, b)

// `lhs` (a declaration such as `auto x` or an existing variable) takes the value of a Result
// expression; its error is passed on to the caller instead.
#define ECHRI_ASSIGN_OR_RETURN(lhs, expr) \
  ECHRI_ASSIGN_OR_RETURN_IMPL_(ECHRI_RESULT_CONCAT_(echri_result_, __LINE__), lhs, expr)
// `lhs` may be a declaration, which parentheses would break.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ECHRI_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)                         \
  auto tmp = (expr);                                                         \
  if (!tmp) return ::tl::unexpected<::echri::Error>(std::move(tmp).error()); \
  lhs = std::move(*tmp)
// NOLINTEND(bugprone-macro-parentheses)
