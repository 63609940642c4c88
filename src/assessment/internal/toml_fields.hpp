#pragma once
// Internal to assessment/: strict reading of the project's TOML files (policy, catalogue) with
// errors that name file:line and the field. Raises echri::Failure (invalid_input, `where` the line
// number, "" when unknown) inside the module; the readers prefix the file.

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace echri::assessment::detail {

// Raises invalid_input at `line` (0 when unknown).
[[noreturn]] void toml_error(std::size_t line, std::string message);
// "file:line" (or "file") for an error raised by toml_error.
std::string toml_where(const std::string& file, const Error& error);

std::size_t line_of(const toml::node& node);

// A table being read; `name` is its dotted path for messages ("factors.end_user_type").
class TomlTable {
 public:
  TomlTable(const toml::node& node, std::string name);

  // Every key must be one of `allowed`.
  void only(std::initializer_list<std::string_view> allowed) const;

  [[nodiscard]] const toml::table& table() const { return *table_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::size_t line() const { return line_of(*table_); }
  [[nodiscard]] std::string field(std::string_view key) const;  // "name.key"
  [[nodiscard]] const toml::node* find(std::string_view key) const;
  [[nodiscard]] const toml::node& required(std::string_view key) const;
  [[nodiscard]] TomlTable subtable(std::string_view key) const;

  std::string string(std::string_view key) const;  // required, non-empty
  std::string optional_string(std::string_view key) const;
  double number(std::string_view key) const;  // integer or float
  bool optional_bool(std::string_view key, bool fallback) const;
  std::vector<std::string> strings(std::string_view key) const;  // optional array of strings

  [[noreturn]] void fail_at(std::string_view key, const std::string& message) const;

 private:
  const toml::table* table_;
  std::string name_;
};

// Parses TOML text, turning a syntax error into a toml_error with its line.
toml::table parse_toml(std::string_view text, const std::string& file);

}  // namespace echri::assessment::detail
