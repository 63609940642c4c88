#pragma once
// The directory of Subscribing States: who takes part in the exchange, whom to contact there, and
// the keys that verify each state's log and witness and that entries for it are encrypted to.
//
// It starts from a seed (data/exchange/states.json: the states that endorsed the Code, with
// contacts, origins and keys still empty) and changes only through public directory_change
// entries issued by the central contact's state. Every node applies the same entries in log
// order and so holds the same directory. A deployment whose central contact is not the seed's
// moves it with a designate_central_contact entry issued by the current one.
//
// File and to_json() shape:
//   {"central_contact": "US",
//    "states": [{"code": "AL", "name": "Albania", "endorsed_on": "2023-03-30",
//                "point_of_contact": {"name": "", "email": "", "phone": ""},
//                "node_origin": "", "log_key": "", "witness_key": "", "encryption_key": "",
//                "note": "..." (optional)}, ...]}
// The seed may also carry "note", "source" and "as_of" at the top level, for people; they are
// not kept.

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "exchange/notification.hpp"

namespace echri::exchange {

struct PointOfContact {
  std::string name;   // may be empty
  std::string email;  // empty until the state's node announces it
  std::string phone;  // may be empty
  friend bool operator==(const PointOfContact&, const PointOfContact&) = default;
};

struct StateRecord {
  std::string code;  // ISO 3166-1 alpha-2, upper case ("XK": Kosovo); the directory's key
  std::string name;
  std::optional<std::string> endorsed_on;  // the day it endorsed the Code; nullopt: not recorded
  PointOfContact point_of_contact;
  // Empty until the state's node joins (then set by directory_change entries):
  std::string node_origin;     // the origin of the state's log, also the name of its log key
  std::string log_key;         // C2SP verifier key text of the log's key
  std::string witness_key;     // verifier key text of the state's witness
  std::string encryption_key;  // the key sealed entries for the state are encrypted to
  std::string note;            // for people ("joined after publication"); may be empty
  friend bool operator==(const StateRecord&, const StateRecord&) = default;
};

// Invariants: codes are unique upper-case country codes, and the central contact is a state of
// the directory.
class Directory {
 public:
  using States = std::map<std::string, StateRecord, std::less<>>;

  [[nodiscard]] const std::string& central_contact() const { return central_contact_; }
  [[nodiscard]] const States& states() const { return states_; }
  // nullptr when no state has that code.
  [[nodiscard]] const StateRecord* find(std::string_view code) const;

  // Applies a directory_change entry; the directory is unchanged when it fails. invalid_input
  // when the entry is not a public directory_change or its body is invalid (the path names the
  // field, "$.body.state.code"); forbidden when its issuer is not the central contact's state;
  // conflict when add_state names a listed state or remove_state the central contact (designate
  // another one first); not_found when update_state, remove_state or designate_central_contact
  // names a state that is not listed. update_state replaces the fields it gives (the point of
  // contact as a whole) and keeps the others.
  Result<void> apply(const Entry& entry);

  // The file shape above, states sorted by code; directory_from_json reads it back.
  [[nodiscard]] nlohmann::json to_json() const;

  friend bool operator==(const Directory&, const Directory&) = default;

 private:
  friend Result<Directory> directory_from_json(const nlohmann::json& json,
                                               const std::string& where);
  Directory() = default;
  States states_;
  std::string central_contact_;
};

// Strict (unknown fields, duplicate codes, a central contact that is not listed are errors).
// Contacts, origins and keys may be empty. `where` prefixes error locations
// ("states.json: $.states[3].code").
Result<Directory> directory_from_json(const nlohmann::json& json, const std::string& where);
// Reads the seed file; errors name the file and the JSON path.
Result<Directory> load_directory_seed(const std::filesystem::path& path);
// The seed compiled into the binary (data/exchange/states.json).
const Directory& builtin_directory_seed();

}  // namespace echri::exchange
