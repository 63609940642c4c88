#include "exchange/directory.hpp"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/calendar.hpp"
#include "core/country.hpp"
#include "core/field_limits.hpp"
#include "core/file_io.hpp"
#include "core/text_util.hpp"
#include "exchange/internal/encoding.hpp"

namespace echri::exchange {
namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& path, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), path);
}

std::string member(const std::string& path, std::string_view key) {
  return path + "." + std::string(key);
}

// Every field of `node` must be one of `allowed`; the required ones must be there.
void check_fields(const json& node, const std::string& path,
                  std::initializer_list<std::string_view> allowed,
                  std::initializer_list<std::string_view> required) {
  if (!node.is_object()) refuse(path, "must be an object");
  for (const auto& item : node.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
      refuse(member(path, item.key()), "unknown field");
  }
  for (const auto key : required) {
    if (!node.contains(key)) refuse(member(path, key), "required field is missing");
  }
}

enum class Empty { allowed, refused };
enum class Spaces { allowed, refused };

std::string string_at(const json& node, const std::string& path, std::string_view key, Empty empty,
                      Spaces spaces = Spaces::allowed) {
  const std::string at = member(path, key);
  const json& value = node.at(key);
  if (!value.is_string()) refuse(at, "must be a string");
  const auto& s = value.get_ref<const std::string&>();
  if (empty == Empty::refused && core::trim(s).empty()) refuse(at, "must not be empty");
  if (s.size() > core::kMaxFieldBytes)
    refuse(at, "longer than " + std::to_string(core::kMaxFieldBytes) + " bytes");
  if (!core::is_valid_utf8(s)) refuse(at, "not valid UTF-8");
  if (spaces == Spaces::refused && internal::contains_unicode_space(s))
    refuse(at, "must not contain spaces");
  return s;
}

std::string code_at(const json& node, const std::string& path) {
  std::string code = string_at(node, path, "code", Empty::refused);
  const bool upper = code.size() == 2 && std::all_of(code.begin(), code.end(),
                                                     [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!upper || !core::country_by_code(code))
    refuse(member(path, "code"), "must be an upper-case ISO 3166-1 alpha-2 country code");
  return code;
}

StateRecord read_state(const json& node, const std::string& path) {
  check_fields(node, path,
               {"code", "name", "endorsed_on", "point_of_contact", "node_origin", "log_key",
                "witness_key", "encryption_key", "note"},
               {"code", "name", "endorsed_on", "point_of_contact", "node_origin", "log_key",
                "witness_key", "encryption_key"});
  StateRecord state;
  state.code = code_at(node, path);
  state.name = string_at(node, path, "name", Empty::refused);
  if (const json& endorsed = node.at("endorsed_on"); !endorsed.is_null()) {
    if (!endorsed.is_string() || !core::is_calendar_date(endorsed.get_ref<const std::string&>()))
      refuse(member(path, "endorsed_on"), "must be a date YYYY-MM-DD or null");
    state.endorsed_on = endorsed.get<std::string>();
  }
  const std::string contact_path = member(path, "point_of_contact");
  const json& contact = node.at("point_of_contact");
  check_fields(contact, contact_path, {"name", "email", "phone"}, {"name", "email", "phone"});
  state.point_of_contact.name = string_at(contact, contact_path, "name", Empty::allowed);
  state.point_of_contact.email =
      string_at(contact, contact_path, "email", Empty::allowed, Spaces::refused);
  state.point_of_contact.phone = string_at(contact, contact_path, "phone", Empty::allowed);
  // Names in signed notes: no spaces, which also keeps a stray one from breaking verification.
  state.node_origin = string_at(node, path, "node_origin", Empty::allowed, Spaces::refused);
  state.log_key = string_at(node, path, "log_key", Empty::allowed, Spaces::refused);
  state.witness_key = string_at(node, path, "witness_key", Empty::allowed, Spaces::refused);
  state.encryption_key = string_at(node, path, "encryption_key", Empty::allowed, Spaces::refused);
  if (node.contains("note")) state.note = string_at(node, path, "note", Empty::refused);
  return state;
}

json state_json(const StateRecord& state) {
  json out = json::object();
  out["code"] = state.code;
  out["name"] = state.name;
  out["endorsed_on"] = state.endorsed_on ? json(*state.endorsed_on) : json(nullptr);
  out["point_of_contact"] = {{"name", state.point_of_contact.name},
                             {"email", state.point_of_contact.email},
                             {"phone", state.point_of_contact.phone}};
  out["node_origin"] = state.node_origin;
  out["log_key"] = state.log_key;
  out["witness_key"] = state.witness_key;
  out["encryption_key"] = state.encryption_key;
  if (!state.note.empty()) out["note"] = state.note;
  return out;
}

// The fields a validated add_state or update_state body gives; the others stay as they are.
void merge(StateRecord& state, const json& fields) {
  const auto text = [&](std::string_view key, std::string& target) {
    if (const auto it = fields.find(key); it != fields.end()) target = it->get<std::string>();
  };
  text("name", state.name);
  if (const auto it = fields.find("endorsed_on"); it != fields.end())
    state.endorsed_on = it->is_null() ? std::nullopt : std::optional(it->get<std::string>());
  if (const auto it = fields.find("point_of_contact"); it != fields.end())
    state.point_of_contact = {it->value("name", ""), it->at("email").get<std::string>(),
                              it->value("phone", "")};
  text("node_origin", state.node_origin);
  text("log_key", state.log_key);
  text("witness_key", state.witness_key);
  text("encryption_key", state.encryption_key);
  text("note", state.note);
}

}  // namespace

const StateRecord* Directory::find(std::string_view code) const {
  const auto it = states_.find(code);
  return it == states_.end() ? nullptr : &it->second;
}

Result<void> Directory::apply(const Entry& entry) {
  if (entry.kind != NotificationKind::directory_change || entry.is_sealed())
    return fail(ErrorKind::invalid_input, "not a public directory_change entry", "$.kind");
  if (entry.issuer != central_contact_) {
    return fail(ErrorKind::forbidden,
                "only the central contact's state (" + central_contact_ +
                    ") changes the directory; this entry is issued by " + entry.issuer,
                "$.issuer");
  }
  ECHRI_TRY(validate_body(NotificationKind::directory_change, entry.body, "$.body"));
  const std::string action = entry.body.at("action").get<std::string>();
  const json& fields = entry.body.at("state");
  const std::string code = fields.at("code").get<std::string>();
  const std::string where = "$.body.state.code";
  const auto it = states_.find(code);
  if (action == "add_state") {
    if (it != states_.end())
      return fail(ErrorKind::conflict, code + " is already in the directory", where);
    StateRecord state;
    state.code = code;
    merge(state, fields);
    states_.emplace(code, std::move(state));
    return {};
  }
  if (it == states_.end())
    return fail(ErrorKind::not_found, code + " is not in the directory", where);
  if (action == "update_state") {
    merge(it->second, fields);
  } else if (action == "remove_state") {
    // Without a central contact, no entry could ever change the directory again.
    if (code == central_contact_) {
      return fail(ErrorKind::conflict,
                  code + " is the central contact: designate another state before removing it",
                  where);
    }
    states_.erase(it);
  } else {
    central_contact_ = code;
  }
  return {};
}

json Directory::to_json() const {
  json states = json::array();
  for (const auto& [code, state] : states_) states.push_back(state_json(state));
  return {{"central_contact", central_contact_}, {"states", std::move(states)}};
}

Result<Directory> directory_from_json(const json& document, const std::string& where) {
  const auto located = [&](const std::string& path) {
    return where.empty() ? path : where + ": " + path;
  };
  try {
    check_fields(document, "$", {"note", "source", "as_of", "central_contact", "states"},
                 {"central_contact", "states"});
    const auto& states = document.at("states");
    if (!states.is_array() || states.empty())
      refuse("$.states", "must be a list of at least one state");
    Directory directory;
    for (std::size_t i = 0; i < states.size(); ++i) {
      const std::string path = "$.states[" + std::to_string(i) + "]";
      StateRecord state = read_state(states[i], path);
      const std::string code = state.code;
      if (!directory.states_.emplace(code, std::move(state)).second)
        refuse(path + ".code", code + " is listed twice");
    }
    directory.central_contact_ = string_at(document, "$", "central_contact", Empty::refused);
    if (!directory.states_.contains(directory.central_contact_))
      refuse("$.central_contact", "must be the code of a listed state");
    return directory;
  } catch (Failure& failure) {
    failure.error.where = located(failure.error.where);
    return tl::unexpected(std::move(failure.error));
  }
}

Result<Directory> load_directory_seed(const std::filesystem::path& path) {
  ECHRI_ASSIGN_OR_RETURN(const std::string text, core::read_text_file(path));
  json document;
  try {
    document = json::parse(text);
  } catch (const json::exception& error) {
    return fail(ErrorKind::invalid_input, std::string("not valid JSON: ") + error.what(),
                path.string());
  }
  return directory_from_json(document, path.string());
}

const Directory& builtin_directory_seed() {
  static const Directory seed = [] {
    constexpr std::string_view kSeed =
#include "states_json.inc"
        ;
    // The file is checked by the tests; a broken one must not start a node.
    auto directory = directory_from_json(json::parse(kSeed), "states.json (built in)");
    if (!directory) throw std::logic_error(directory.error().describe());
    return std::move(*directory);
  }();
  return seed;
}

}  // namespace echri::exchange
