#pragma once
// Internal to assessment/: strict reading of JSON documents (applications, questionnaires,
// denials) that names the JSON path of every problem. Raises echri::Failure (invalid_input, `where`
// the JSON path) inside the module; the public readers turn it into an Error.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/field_limits.hpp"
#include "core/result.hpp"

namespace echri::assessment::detail {

// Raises invalid_input at `path` ("$.items[0].control_entry").
[[noreturn]] void field_error(std::string path, std::string message);

// One JSON object being read: every key must be one of `allowed`.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& json, std::string path,
               const std::vector<std::string_view>& allowed);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string child(std::string_view key) const { return path_ + "." += key; }
  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] const nlohmann::json* find(std::string_view key) const;
  [[nodiscard]] const nlohmann::json& required(std::string_view key) const;

  // At most `max_bytes` bytes of valid UTF-8.
  std::string required_string(std::string_view key,
                              std::size_t max_bytes = core::kMaxFieldBytes) const;
  // "" when absent or null.
  std::string optional_string(std::string_view key,
                              std::size_t max_bytes = core::kMaxFieldBytes) const;
  std::optional<bool> optional_bool(std::string_view key) const;
  std::optional<double> optional_number(std::string_view key) const;

 private:
  const nlohmann::json& json_;
  std::string path_;
};

std::string string_at(const nlohmann::json& json, const std::string& path,
                      std::size_t max_bytes = core::kMaxFieldBytes);
// An array of at most `max_entries` entries.
const nlohmann::json& array_at(const nlohmann::json& json, const std::string& path,
                               std::size_t max_entries = core::kMaxListEntries);
// "YYYY-MM-DD" with a real month and day; "" passes (absent).
void check_date(const std::string& value, const std::string& path);
// An ISO 3166-1 alpha-2 code that exists; returns it upper-cased.
std::string country_at(const std::string& value, const std::string& path);
std::string join(const std::vector<std::string_view>& words);

}  // namespace echri::assessment::detail
