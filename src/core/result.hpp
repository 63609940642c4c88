#pragma once
// The error type every module returns across its boundary. Exceptions stay inside modules.

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace echri {

enum class ErrorKind {
  invalid_input,  // the caller's data is malformed (bad file, bad field, bad argument)
  not_found,      // a named thing does not exist
  conflict,       // the operation contradicts the current state
  stale,          // the caller's copy is out of date (optimistic concurrency: If-Match)
  forbidden,      // the actor may not do this
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

}  // namespace echri
