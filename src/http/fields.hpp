#pragma once
// Strict reading of request bodies for the routes of this module: a field of the wrong type, a
// value out of range and a field nobody asked for are errors that name their JSON path, which
// the router answers with 422 and `errors[].path`.

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/router.hpp"

namespace echri::http::fields {

// Raises invalid_input at `path` (echri::Failure) inside a handler; `guarded` turns it into the
// handler's error result.
[[noreturn]] void reject(std::string path, std::string message);

// One JSON object of a request body, at `path` ("$", "$.queries[2]").
class Object {
 public:
  Object(const nlohmann::json& value, std::string path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string child(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const;
  // The member, or null when absent; marks it as read.
  const nlohmann::json* find(std::string_view key);

  std::string required_string(std::string_view key, std::size_t max_bytes = 1000);
  std::optional<std::string> optional_string(std::string_view key, std::size_t max_bytes = 1000);
  std::optional<bool> optional_bool(std::string_view key);
  std::optional<double> optional_number(std::string_view key, double min, double max);
  std::optional<std::size_t> optional_count(std::string_view key, std::size_t min, std::size_t max);
  // Every member not read so far is an error.
  void no_other_fields() const;

 private:
  const nlohmann::json& value_;
  std::string path_;
  std::set<std::string, std::less<>> read_;
};

// Runs a handler body, turning a Failure raised by these readers into its error.
template <class Work>
Result<ApiResponse> guarded(Work&& work) {
  return catch_failure([&]() -> Result<ApiResponse> { return work(); });
}

// An error of a module that names a field ("id") as a JSON path of the body ("$.id").
Error in_body(Error error);

}  // namespace echri::http::fields
