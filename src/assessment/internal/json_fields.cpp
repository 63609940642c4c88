#include "assessment/internal/json_fields.hpp"

#include <algorithm>

#include "assessment/country_data.hpp"
#include "core/calendar.hpp"
#include "core/country.hpp"
#include "core/text_util.hpp"

namespace echri::assessment::detail {

void field_error(std::string path, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), std::move(path));
}

namespace {

std::string type_name(const nlohmann::json& json) {
  return json.is_null() ? "null" : json.type_name();
}

}  // namespace

ObjectReader::ObjectReader(const nlohmann::json& json, std::string path,
                           const std::vector<std::string_view>& allowed)
    : json_(json), path_(std::move(path)) {
  if (!json_.is_object()) field_error(path_, "expected an object, found " + type_name(json_));
  for (const auto& [key, value] : json_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      field_error(child(key), "unknown field (expected one of: " + join(allowed) + ")");
  }
}

bool ObjectReader::has(std::string_view key) const {
  return find(key) != nullptr;
}

const nlohmann::json* ObjectReader::find(std::string_view key) const {
  const auto it = json_.find(key);
  return it == json_.end() || it->is_null() ? nullptr : &*it;
}

const nlohmann::json& ObjectReader::required(std::string_view key) const {
  const auto* value = find(key);
  if (value == nullptr) field_error(child(key), "required field is missing");
  return *value;
}

std::string ObjectReader::required_string(std::string_view key, std::size_t max_bytes) const {
  std::string value = string_at(required(key), child(key), max_bytes);
  if (core::trim(value).empty()) field_error(child(key), "must not be empty");
  return value;
}

std::string ObjectReader::optional_string(std::string_view key, std::size_t max_bytes) const {
  const auto* value = find(key);
  return value == nullptr ? std::string() : string_at(*value, child(key), max_bytes);
}

std::optional<bool> ObjectReader::optional_bool(std::string_view key) const {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean())
    field_error(child(key), "expected true or false, found " + type_name(*value));
  return value->get<bool>();
}

std::optional<double> ObjectReader::optional_number(std::string_view key) const {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) field_error(child(key), "expected a number, found " + type_name(*value));
  const double number = value->get<double>();
  if (number < 0) field_error(child(key), "must not be negative");
  return number;
}

std::string string_at(const nlohmann::json& json, const std::string& path, std::size_t max_bytes) {
  if (!json.is_string()) field_error(path, "expected a string, found " + type_name(json));
  auto value = json.get<std::string>();
  if (value.size() > max_bytes)
    field_error(path, "longer than " + std::to_string(max_bytes) + " bytes");
  if (!core::is_valid_utf8(value)) field_error(path, "not valid UTF-8");
  return value;
}

const nlohmann::json& array_at(const nlohmann::json& json, const std::string& path,
                               std::size_t max_entries) {
  if (!json.is_array()) field_error(path, "expected an array, found " + type_name(json));
  if (json.size() > max_entries)
    field_error(path, "more than " + std::to_string(max_entries) + " entries");
  return json;
}

void check_date(const std::string& value, const std::string& path) {
  if (!value.empty() && !core::is_calendar_date(value))
    field_error(path, "not a calendar date YYYY-MM-DD: \"" + value + "\"");
}

std::string country_at(const std::string& value, const std::string& path) {
  if (value.size() != 2)
    field_error(path, "expected an ISO 3166-1 alpha-2 code, found \"" + value + "\"");
  const auto country = core::country_by_code(value);
  if (!country) field_error(path, "unknown ISO 3166-1 country code \"" + value + "\"");
  return country->alpha2;
}

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (const auto word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

}  // namespace echri::assessment::detail
