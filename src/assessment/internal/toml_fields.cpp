#include "assessment/internal/toml_fields.hpp"

#include <algorithm>

namespace echri::assessment::detail {

void toml_error(std::size_t line, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), line > 0 ? std::to_string(line) : "");
}

std::string toml_where(const std::string& file, const Error& error) {
  return error.where.empty() ? file : file + ":" + error.where;
}

std::size_t line_of(const toml::node& node) {
  return node.source().begin.line;
}

TomlTable::TomlTable(const toml::node& node, std::string name)
    : table_(node.as_table()), name_(std::move(name)) {
  if (table_ == nullptr) toml_error(line_of(node), name_ + ": expected a table");
}

void TomlTable::only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : *table_) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string expected;
    for (const auto word : allowed) expected += (expected.empty() ? "" : ", ") + std::string(word);
    toml_error(line_of(value),
               field(key.str()) + ": unknown field (expected one of: " + expected + ")");
  }
}

std::string TomlTable::field(std::string_view key) const {
  return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
}

const toml::node* TomlTable::find(std::string_view key) const {
  return table_->get(key);
}

const toml::node& TomlTable::required(std::string_view key) const {
  const auto* node = find(key);
  if (node == nullptr) fail_at(key, "required field is missing");
  return *node;
}

TomlTable TomlTable::subtable(std::string_view key) const {
  return TomlTable(required(key), field(key));
}

std::string TomlTable::string(std::string_view key) const {
  auto value = optional_string(key);
  if (value.empty()) fail_at(key, "required text is missing or empty");
  return value;
}

std::string TomlTable::optional_string(std::string_view key) const {
  const auto* node = find(key);
  if (node == nullptr) return {};
  const auto* text = node->as_string();
  if (text == nullptr) toml_error(line_of(*node), field(key) + ": expected a string");
  return text->get();
}

double TomlTable::number(std::string_view key) const {
  const auto& node = required(key);
  if (const auto* integer = node.as_integer()) return static_cast<double>(integer->get());
  if (const auto* floating = node.as_floating_point()) return floating->get();
  toml_error(line_of(node), field(key) + ": expected a number");
}

bool TomlTable::optional_bool(std::string_view key, bool fallback) const {
  const auto* node = find(key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_boolean();
  if (value == nullptr) toml_error(line_of(*node), field(key) + ": expected true or false");
  return value->get();
}

std::vector<std::string> TomlTable::strings(std::string_view key) const {
  std::vector<std::string> out;
  const auto* node = find(key);
  if (node == nullptr) return out;
  const auto* array = node->as_array();
  if (array == nullptr) toml_error(line_of(*node), field(key) + ": expected an array of strings");
  for (const auto& element : *array) {
    const auto* text = element.as_string();
    if (text == nullptr)
      toml_error(line_of(element), field(key) + ": expected an array of strings");
    out.push_back(text->get());
  }
  return out;
}

void TomlTable::fail_at(std::string_view key, const std::string& message) const {
  const auto* node = find(key);
  toml_error(node != nullptr ? line_of(*node) : line(), field(key) + ": " + message);
}

toml::table parse_toml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    toml_error(error.source().begin.line, std::string(error.description()));
  }
}

}  // namespace echri::assessment::detail
