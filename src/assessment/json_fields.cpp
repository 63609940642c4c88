#include "assessment/json_fields.hpp"

#include <algorithm>

#include "core/country.hpp"
#include "core/text_util.hpp"

namespace echri::assessment::detail {
namespace {

std::string type_name(const nlohmann::json& json) {
  return json.is_null() ? "null" : json.type_name();
}

}  // namespace

ObjectReader::ObjectReader(const nlohmann::json& json, std::string path,
                           const std::vector<std::string_view>& allowed)
    : json_(json), path_(std::move(path)) {
  if (!json_.is_object()) throw FieldError(path_, "expected an object, found " + type_name(json_));
  for (const auto& [key, value] : json_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw FieldError(child(key), "unknown field (expected one of: " + join(allowed) + ")");
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
  if (value == nullptr) throw FieldError(child(key), "required field is missing");
  return *value;
}

std::string ObjectReader::required_string(std::string_view key) const {
  std::string value = string_at(required(key), child(key));
  if (core::trim(value).empty()) throw FieldError(child(key), "must not be empty");
  return value;
}

std::string ObjectReader::optional_string(std::string_view key) const {
  const auto* value = find(key);
  return value == nullptr ? std::string() : string_at(*value, child(key));
}

std::optional<bool> ObjectReader::optional_bool(std::string_view key) const {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean())
    throw FieldError(child(key), "expected true or false, found " + type_name(*value));
  return value->get<bool>();
}

std::optional<double> ObjectReader::optional_number(std::string_view key) const {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number())
    throw FieldError(child(key), "expected a number, found " + type_name(*value));
  const double number = value->get<double>();
  if (number < 0) throw FieldError(child(key), "must not be negative");
  return number;
}

std::string string_at(const nlohmann::json& json, const std::string& path) {
  if (!json.is_string()) throw FieldError(path, "expected a string, found " + type_name(json));
  auto value = json.get<std::string>();
  if (!core::is_valid_utf8(value)) throw FieldError(path, "not valid UTF-8");
  return value;
}

const nlohmann::json& array_at(const nlohmann::json& json, const std::string& path) {
  if (!json.is_array()) throw FieldError(path, "expected an array, found " + type_name(json));
  return json;
}

void check_date(const std::string& value, const std::string& path) {
  if (value.empty()) return;
  const auto digits = [&](std::size_t from, std::size_t count) {
    return std::all_of(value.begin() + static_cast<std::ptrdiff_t>(from),
                       value.begin() + static_cast<std::ptrdiff_t>(from + count),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool shaped = value.size() == 10 && value[4] == '-' && value[7] == '-' && digits(0, 4) &&
                      digits(5, 2) && digits(8, 2);
  if (!shaped) throw FieldError(path, "expected a date YYYY-MM-DD, found \"" + value + "\"");
  const int month = std::stoi(value.substr(5, 2));
  const int day = std::stoi(value.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31)
    throw FieldError(path, "not a calendar date: \"" + value + "\"");
}

std::string country_at(const std::string& value, const std::string& path) {
  if (value.size() != 2)
    throw FieldError(path, "expected an ISO 3166-1 alpha-2 code, found \"" + value + "\"");
  const auto country = core::country_by_code(value);
  if (!country) throw FieldError(path, "unknown ISO 3166-1 country code \"" + value + "\"");
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
