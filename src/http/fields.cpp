#include "http/fields.hpp"

#include <cmath>

#include "core/text_util.hpp"

namespace echri::http::fields {
namespace {

const char* type_name(const nlohmann::json& value) {
  return value.is_null() ? "null" : value.type_name();
}

}  // namespace

void reject(std::string path, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), std::move(path));
}

Object::Object(const nlohmann::json& value, std::string path)
    : value_(value), path_(std::move(path)) {
  if (!value_.is_object())
    reject(path_, std::string("expected an object, found ") + type_name(value_));
}

std::string Object::child(std::string_view key) const {
  return path_ + "." + std::string(key);
}

bool Object::has(std::string_view key) const {
  return value_.contains(key);
}

const nlohmann::json* Object::find(std::string_view key) {
  const auto found = value_.find(key);
  if (found == value_.end()) return nullptr;
  read_.emplace(key);
  return &*found;
}

std::string Object::required_string(std::string_view key, std::size_t max_bytes) {
  auto value = optional_string(key, max_bytes);
  if (!value || core::trim(*value).empty()) reject(child(key), "is required");
  return *value;
}

std::optional<std::string> Object::optional_string(std::string_view key, std::size_t max_bytes) {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string())
    reject(child(key), std::string("expected a string, found ") + type_name(*value));
  auto text = value->get<std::string>();
  if (text.size() > max_bytes)
    reject(child(key), "longer than " + std::to_string(max_bytes) + " bytes");
  return text;
}

std::optional<bool> Object::optional_bool(std::string_view key) {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean())
    reject(child(key), std::string("expected true or false, found ") + type_name(*value));
  return value->get<bool>();
}

std::optional<double> Object::optional_number(std::string_view key, double min, double max) {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number())
    reject(child(key), std::string("expected a number, found ") + type_name(*value));
  const auto number = value->get<double>();
  if (!std::isfinite(number) || number < min || number > max) {
    auto text = nlohmann::json(min).dump() + " to " + nlohmann::json(max).dump();
    reject(child(key), "expected a number from " + text + ", found " + value->dump());
  }
  return number;
}

std::optional<std::size_t> Object::optional_count(std::string_view key, std::size_t min,
                                                  std::size_t max) {
  const auto* value = find(key);
  if (value == nullptr) return std::nullopt;
  const auto bad = [&] {
    reject(child(key), "expected a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max) + ", found " + value->dump());
  };
  if (!value->is_number_integer()) bad();
  if (value->is_number_unsigned()) {
    const auto number = value->get<std::uint64_t>();
    if (number < min || number > max) bad();
    return static_cast<std::size_t>(number);
  }
  const auto number = value->get<std::int64_t>();
  if (number < 0 || static_cast<std::size_t>(number) < min ||
      static_cast<std::size_t>(number) > max)
    bad();
  return static_cast<std::size_t>(number);
}

void Object::no_other_fields() const {
  for (const auto& [key, value] : value_.items()) {
    if (read_.find(key) == read_.end()) reject(child(key), "unknown field");
  }
}

Error in_body(Error error) {
  if (!error.where.empty() && !error.where.starts_with("$") && !error.where.starts_with("query:"))
    error.where = "$." + error.where;
  return error;
}

}  // namespace echri::http::fields
