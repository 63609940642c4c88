#include "exchange/notification.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <span>

#include "core/application.hpp"
#include "core/calendar.hpp"
#include "core/country.hpp"
#include "core/digest.hpp"
#include "core/enum_names.hpp"
#include "core/field_limits.hpp"
#include "core/text_util.hpp"
#include "exchange/internal/encoding.hpp"

namespace echri::exchange {
namespace {

using nlohmann::json;

constexpr core::EnumNames<NotificationKind, 11> kKinds{{
    {NotificationKind::denial, "denial"},
    {NotificationKind::denial_amendment, "denial_amendment"},
    {NotificationKind::denial_renewal, "denial_renewal"},
    {NotificationKind::denial_revocation, "denial_revocation"},
    {NotificationKind::threat_report, "threat_report"},
    {NotificationKind::technology_view, "technology_view"},
    {NotificationKind::best_practice, "best_practice"},
    {NotificationKind::meeting_record, "meeting_record"},
    {NotificationKind::policy_question, "policy_question"},
    {NotificationKind::directory_change, "directory_change"},
    {NotificationKind::audit_head, "audit_head"},
}};

constexpr std::array<std::string_view, 3> kSubjectTypes{"technology", "end_user", "destination"};
constexpr std::array<std::string_view, 4> kRisks{"low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 4> kDirectoryActions{
    "add_state", "update_state", "remove_state", "designate_central_contact"};

// Deeper than anything the format defines (a party in an amendment's changes sits at depth 5),
// with room for the opaque sealed object, and shallow enough that the recursive walks below and
// nlohmann's dump() never run deep.
constexpr int kMaxDepth = 32;
// RFC 5321's limit on a forward path.
constexpr std::size_t kMaxEmailBytes = 254;

[[noreturn]] void refuse(const std::string& path, std::string message) {
  raise(ErrorKind::invalid_input, std::move(message), path);
}

std::string member(const std::string& path, std::string_view key) {
  return path + "." + std::string(key);
}
std::string element(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string quoted_list(std::span<const std::string_view> names) {
  std::string out;
  for (const auto name : names) out += (out.empty() ? "\"" : ", \"") + std::string(name) + "\"";
  return out;
}

// Counted on the bytes before parsing, so that a deeply nested document never reaches a
// recursive walk. Brackets inside strings do not count.
bool nested_too_deeply(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

// What canonical form needs beyond nlohmann's dump(): no floats (their text form is not stable
// across implementations) and strings dump() can write (valid UTF-8).
void check_values(const json& node, const std::string& path, int depth) {
  if (depth > kMaxDepth)
    refuse(path, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
  switch (node.type()) {
    case json::value_t::number_float:
      refuse(path, "floating-point numbers are not allowed: write an integer or a string");
    case json::value_t::binary:
      refuse(path, "binary values have no JSON text");
    case json::value_t::string:
      if (!core::is_valid_utf8(node.get_ref<const std::string&>())) refuse(path, "not valid UTF-8");
      break;
    case json::value_t::object:
      for (const auto& item : node.items()) {
        if (!core::is_valid_utf8(item.key())) refuse(path, "a field name is not valid UTF-8");
        check_values(item.value(), member(path, item.key()), depth + 1);
      }
      break;
    case json::value_t::array:
      for (std::size_t i = 0; i < node.size(); ++i)
        check_values(node[i], element(path, i), depth + 1);
      break;
    default:
      break;
  }
}

// The one byte form: the text must be what dump() writes for the document it parses to. What
// names the text ("entry", "sealed plaintext") starts the messages.
json parse_canonical(std::string_view bytes, const std::string& what) {
  if (bytes.size() > kMaxEntryBytes) {
    refuse("$", what + " is " + std::to_string(bytes.size()) + " bytes; at most " +
                    std::to_string(kMaxEntryBytes) + " fit a tile bundle");
  }
  if (const auto bad = core::first_invalid_utf8(bytes); bad != std::string_view::npos)
    refuse("$", what + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  if (nested_too_deeply(bytes))
    refuse("$", what + " is nested deeper than " + std::to_string(kMaxDepth) + " levels");
  json document;
  try {
    document = json::parse(bytes.begin(), bytes.end());
  } catch (const json::exception& error) {
    refuse("$", what + " is not JSON: " + error.what());
  }
  check_values(document, "$", 0);
  if (document.dump() != bytes) {
    refuse("$", what +
                    " is not canonical JSON: keys sorted, no whitespace between tokens, strings "
                    "escaped as nlohmann::json's dump() writes them");
  }
  return document;
}

// The members of an object, checked against the names the format allows.
class Object {
 public:
  Object(const json& node, std::string path, std::initializer_list<std::string_view> allowed)
      : node_(node), path_(std::move(path)) {
    if (!node.is_object()) refuse(path_, "must be an object");
    for (const auto& item : node.items()) {
      if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
        refuse(at(item.key()), "unknown field");
    }
  }

  [[nodiscard]] const json* find(std::string_view key) const {
    const auto it = node_.find(key);
    return it == node_.end() ? nullptr : &*it;
  }
  [[nodiscard]] const json& required(std::string_view key) const {
    const json* value = find(key);
    if (value == nullptr) refuse(at(key), "required field is missing");
    return *value;
  }
  // The field, or nullptr when it is absent and may be.
  [[nodiscard]] const json* field(std::string_view key, bool is_required) const {
    return is_required ? &required(key) : find(key);
  }
  [[nodiscard]] bool empty() const { return node_.empty(); }
  [[nodiscard]] std::string at(std::string_view key) const { return member(path_, key); }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  const json& node_;
  std::string path_;
};

enum class Text {
  line,   // one line: no control character
  lines,  // prose: line feeds and tabs too
};

const std::string& string_at(const json& value, const std::string& path) {
  if (!value.is_string()) refuse(path, "must be a string");
  return value.get_ref<const std::string&>();
}

const std::string& text_at(const json& value, const std::string& path, std::size_t max_bytes,
                           Text text = Text::line) {
  const std::string& s = string_at(value, path);
  if (core::trim(s).empty()) refuse(path, "must not be empty");
  if (s.size() > max_bytes) refuse(path, "longer than " + std::to_string(max_bytes) + " bytes");
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) continue;
    if (text == Text::lines && (c == '\n' || c == '\t')) continue;
    refuse(path, text == Text::line ? "must be one line without control characters"
                                    : "control character other than line feed or tab");
  }
  return s;
}

// Origins and keys are names in signed notes: no spaces of any kind (C2SP signed-note).
const std::string& token_at(const json& value, const std::string& path) {
  const std::string& s = text_at(value, path, core::kMaxFieldBytes);
  if (internal::contains_unicode_space(s)) refuse(path, "must not contain spaces");
  return s;
}

// A log origin is the name of the log's key, so it may not hold the '+' key texts separate on.
const std::string& origin_at(const json& value, const std::string& path) {
  const std::string& s = token_at(value, path);
  if (s.find('+') != std::string::npos) refuse(path, "a log origin has no '+'");
  return s;
}

const std::string& date_at(const json& value, const std::string& path) {
  const std::string& s = string_at(value, path);
  if (!core::is_calendar_date(s)) refuse(path, "must be a date YYYY-MM-DD naming a real day");
  return s;
}

bool two_digits_at_most(std::string_view text, int max) {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
    return false;
  return (text[0] - '0') * 10 + (text[1] - '0') <= max;
}

bool is_utc_timestamp(std::string_view text) {
  return text.size() == 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' &&
         text[19] == 'Z' && core::is_calendar_date(text.substr(0, 10)) &&
         two_digits_at_most(text.substr(11, 2), 23) && two_digits_at_most(text.substr(14, 2), 59) &&
         two_digits_at_most(text.substr(17, 2), 59);
}

// Upper-case ISO 3166-1 alpha-2, and XK for Kosovo (core's table knows it).
const std::string& country_at(const json& value, const std::string& path) {
  const std::string& s = string_at(value, path);
  const bool upper =
      s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!upper || !core::country_by_code(s))
    refuse(path, "must be an upper-case ISO 3166-1 alpha-2 country code");
  return s;
}

std::uint64_t count_at(const json& value, const std::string& path) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(value.get<std::int64_t>());
  refuse(path, "must be an integer of at least 0");
}

const std::string& sha256_at(const json& value, const std::string& path) {
  const std::string& s = string_at(value, path);
  if (s.size() != 64 || !core::is_lower_hex(s))
    refuse(path, "must be a SHA-256 digest: 64 lower-case hex digits");
  return s;
}

const std::string& one_of(const json& value, const std::string& path,
                          std::span<const std::string_view> names) {
  const std::string& s = string_at(value, path);
  if (std::find(names.begin(), names.end(), s) == names.end())
    refuse(path, "must be one of " + quoted_list(names));
  return s;
}

enum class Order { any, sorted };

// A list that is a set: each element read by `read` (which returns its identity), no element
// twice, and with Order::sorted in strictly increasing order, so that the set has one spelling.
template <class Read>
std::vector<std::string> set_at(const json& value, const std::string& path, std::size_t min_items,
                                Read read, Order order = Order::any) {
  if (!value.is_array()) refuse(path, "must be a list");
  if (value.size() < min_items) {
    refuse(path, min_items == 1 ? "must not be empty"
                                : "needs at least " + std::to_string(min_items) + " entries");
  }
  if (value.size() > core::kMaxListEntries)
    refuse(path, "more than " + std::to_string(core::kMaxListEntries) + " entries");
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = element(path, i);
    std::string identity = read(value[i], at);
    if (order == Order::sorted && !out.empty() && identity <= out.back())
      refuse(at, "must be sorted, without duplicates");
    if (!seen.insert(identity).second) refuse(at, "listed twice");
    out.push_back(std::move(identity));
  }
  return out;
}

auto text_reader(std::size_t max_bytes) {
  return [max_bytes](const json& value, const std::string& path) {
    return text_at(value, path, max_bytes);
  };
}

std::string read_country(const json& value, const std::string& path) {
  return country_at(value, path);
}

// A reason code as coded refusals write them: "HR1", "EU2", a state's own codes alike.
std::string read_reason(const json& value, const std::string& path) {
  const std::string& s = string_at(value, path);
  const bool coded = s.size() >= 2 && s.size() <= 16 && s[0] >= 'A' && s[0] <= 'Z' &&
                     std::all_of(s.begin(), s.end(), [](char c) {
                       return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                     });
  if (!coded) refuse(path, "must be a reason code: upper-case letters and digits, like \"HR1\"");
  return s;
}

std::string read_attachment(const json& value, const std::string& path) {
  const Object object(value, path, {"sha256", "name"});
  text_at(object.required("name"), object.at("name"), core::kMaxNameBytes);
  return sha256_at(object.required("sha256"), object.at("sha256"));
}

void optional_attachments(const Object& object) {
  if (const json* value = object.find("attachments"))
    set_at(*value, object.at("attachments"), 1, read_attachment);
}

void party(const json& value, const std::string& path, bool with_role) {
  const Object object = with_role ? Object(value, path, {"role", "name", "address", "country"})
                                  : Object(value, path, {"name", "address", "country"});
  if (with_role) {
    const std::string& role = string_at(object.required("role"), object.at("role"));
    if (!core::parse_party_role(role)) {
      const auto roles = core::all_party_roles();
      refuse(object.at("role"), "must be one of " + quoted_list(roles));
    }
  }
  text_at(object.required("name"), object.at("name"), core::kMaxNameBytes);
  if (const json* address = object.find("address"))
    text_at(*address, object.at("address"), core::kMaxFieldBytes, Text::lines);
  country_at(object.required("country"), object.at("country"));
}

enum class DenialFields {
  all,      // a denial: every required field
  changes,  // an amendment's changes: any of them, at least one
};

void denial_fields(const json& body, const std::string& path, DenialFields which) {
  const Object object(
      body, path,
      {"authority_reference", "decision_date", "expires_on", "control_entries", "capabilities",
       "item_description", "end_user", "consignee", "other_parties", "end_use", "reasons"});
  const bool all = which == DenialFields::all;
  if (!all && object.empty()) refuse(path, "names no field to change");
  if (const json* value = object.field("authority_reference", all))
    text_at(*value, object.at("authority_reference"), core::kMaxFieldBytes);
  const json* decided = object.field("decision_date", all);
  if (decided != nullptr) date_at(*decided, object.at("decision_date"));
  if (const json* expires = object.field("expires_on", all)) {
    date_at(*expires, object.at("expires_on"));
    // Dates of one form compare as text.
    if (decided != nullptr && *expires <= *decided)
      refuse(object.at("expires_on"), "must be after decision_date");
  }
  if (const json* value = object.field("control_entries", all))
    set_at(*value, object.at("control_entries"), 1, text_reader(core::kMaxFieldBytes));
  if (const json* value = object.field("capabilities", all))
    set_at(*value, object.at("capabilities"), 0, text_reader(core::kMaxFieldBytes));
  if (const json* value = object.field("item_description", all))
    text_at(*value, object.at("item_description"), core::kMaxDescriptionBytes, Text::lines);
  if (const json* value = object.field("end_user", all))
    party(*value, object.at("end_user"), false);
  if (const json* value = object.find("consignee")) party(*value, object.at("consignee"), false);
  if (const json* value = object.find("other_parties")) {
    const std::string at = object.at("other_parties");
    if (!value->is_array() || value->empty()) refuse(at, "must be a list that is not empty");
    if (value->size() > core::kMaxListEntries)
      refuse(at, "more than " + std::to_string(core::kMaxListEntries) + " entries");
    for (std::size_t i = 0; i < value->size(); ++i) party((*value)[i], element(at, i), true);
  }
  if (const json* value = object.field("end_use", all))
    text_at(*value, object.at("end_use"), core::kMaxDescriptionBytes, Text::lines);
  if (const json* value = object.field("reasons", all))
    set_at(*value, object.at("reasons"), 1, read_reason);
}

void refers_to(const Object& body) {
  const Object object(body.required("refers_to"), body.at("refers_to"), {"origin", "index"});
  origin_at(object.required("origin"), object.at("origin"));
  count_at(object.required("index"), object.at("index"));
}

void threat_report(const json& body, const std::string& path) {
  const Object object(body, path,
                      {"subject_type", "subject", "summary", "risk", "references", "attachments"});
  const std::string& type =
      one_of(object.required("subject_type"), object.at("subject_type"), kSubjectTypes);
  // A destination is a country, so that reports about it can be found by its code.
  if (type == "destination") {
    country_at(object.required("subject"), object.at("subject"));
  } else {
    text_at(object.required("subject"), object.at("subject"), core::kMaxNameBytes);
  }
  text_at(object.required("summary"), object.at("summary"), core::kMaxDescriptionBytes,
          Text::lines);
  one_of(object.required("risk"), object.at("risk"), kRisks);
  if (const json* value = object.find("references"))
    set_at(*value, object.at("references"), 1, text_reader(core::kMaxFieldBytes));
  optional_attachments(object);
}

void view(const json& body, const std::string& path, bool technology) {
  const Object object =
      technology ? Object(body, path, {"title", "text", "attachments", "control_entries"})
                 : Object(body, path, {"title", "text", "attachments"});
  text_at(object.required("title"), object.at("title"), core::kMaxNameBytes);
  text_at(object.required("text"), object.at("text"), core::kMaxFreeTextBytes, Text::lines);
  optional_attachments(object);
  if (const json* value = object.find("control_entries"))
    set_at(*value, object.at("control_entries"), 1, text_reader(core::kMaxFieldBytes));
}

void meeting_record(const json& body, const std::string& path) {
  const Object object(body, path, {"title", "held_on", "text", "participants", "attachments"});
  text_at(object.required("title"), object.at("title"), core::kMaxNameBytes);
  date_at(object.required("held_on"), object.at("held_on"));
  text_at(object.required("text"), object.at("text"), core::kMaxFreeTextBytes, Text::lines);
  set_at(object.required("participants"), object.at("participants"), 1, read_country);
  optional_attachments(object);
}

void email_at(const json& value, const std::string& path) {
  const std::string& s = text_at(value, path, kMaxEmailBytes);
  // Only the shape: whether the mailbox exists is for people to find out.
  const auto at = s.find('@');
  const std::string_view domain =
      at == std::string::npos ? std::string_view() : std::string_view(s).substr(at + 1);
  const bool shaped = at > 0 && !domain.empty() && domain.find('@') == std::string_view::npos &&
                      domain.front() != '.' && domain.back() != '.' &&
                      domain.find('.') != std::string_view::npos &&
                      !internal::contains_unicode_space(s);
  if (!shaped) refuse(path, "must be an e-mail address");
}

void point_of_contact(const json& value, const std::string& path) {
  const Object object(value, path, {"name", "email", "phone"});
  if (const json* name = object.find("name"))
    text_at(*name, object.at("name"), core::kMaxNameBytes);
  email_at(object.required("email"), object.at("email"));
  if (const json* phone = object.find("phone")) text_at(*phone, object.at("phone"), 64);
}

// add_state gives the whole record; update_state the code and the fields it changes.
void state_record(const json& value, const std::string& path, bool complete) {
  const Object object(value, path,
                      {"code", "name", "endorsed_on", "point_of_contact", "node_origin", "log_key",
                       "witness_key", "encryption_key", "note"});
  country_at(object.required("code"), object.at("code"));
  if (!complete && value.size() == 1) refuse(path, "names no field to change");
  if (const json* name = object.field("name", complete))
    text_at(*name, object.at("name"), core::kMaxNameBytes);
  if (const json* endorsed = object.find("endorsed_on");
      endorsed != nullptr && !endorsed->is_null())
    date_at(*endorsed, object.at("endorsed_on"));
  if (const json* contact = object.field("point_of_contact", complete))
    point_of_contact(*contact, object.at("point_of_contact"));
  if (const json* origin = object.field("node_origin", complete))
    origin_at(*origin, object.at("node_origin"));
  for (const std::string_view key : {"log_key", "witness_key", "encryption_key"}) {
    if (const json* text = object.field(key, complete)) token_at(*text, object.at(key));
  }
  if (const json* note = object.find("note"))
    text_at(*note, object.at("note"), core::kMaxFieldBytes, Text::lines);
}

void directory_change(const json& body, const std::string& path) {
  const Object object(body, path, {"action", "state"});
  const std::string& action =
      one_of(object.required("action"), object.at("action"), kDirectoryActions);
  const json& state = object.required("state");
  if (action == "add_state" || action == "update_state") {
    state_record(state, object.at("state"), action == "add_state");
  } else {
    const Object code_only(state, object.at("state"), {"code"});
    country_at(code_only.required("code"), code_only.at("code"));
  }
}

void audit_head(const json& body, const std::string& path) {
  const Object object(body, path, {"sequence", "hash"});
  count_at(object.required("sequence"), object.at("sequence"));
  sha256_at(object.required("hash"), object.at("hash"));
}

void check_body(NotificationKind kind, const json& body, const std::string& path) {
  switch (kind) {
    case NotificationKind::denial:
      denial_fields(body, path, DenialFields::all);
      return;
    case NotificationKind::denial_amendment: {
      const Object object(body, path, {"refers_to", "changes"});
      refers_to(object);
      denial_fields(object.required("changes"), object.at("changes"), DenialFields::changes);
      return;
    }
    case NotificationKind::denial_renewal: {
      const Object object(body, path, {"refers_to", "expires_on"});
      refers_to(object);
      date_at(object.required("expires_on"), object.at("expires_on"));
      return;
    }
    case NotificationKind::denial_revocation: {
      const Object object(body, path, {"refers_to", "reason", "revoked_on"});
      refers_to(object);
      text_at(object.required("reason"), object.at("reason"), core::kMaxDescriptionBytes,
              Text::lines);
      date_at(object.required("revoked_on"), object.at("revoked_on"));
      return;
    }
    case NotificationKind::threat_report:
      threat_report(body, path);
      return;
    case NotificationKind::technology_view:
      view(body, path, true);
      return;
    case NotificationKind::best_practice:
    case NotificationKind::policy_question:
      view(body, path, false);
      return;
    case NotificationKind::meeting_record:
      meeting_record(body, path);
      return;
    case NotificationKind::directory_change:
      directory_change(body, path);
      return;
    case NotificationKind::audit_head:
      audit_head(body, path);
      return;
  }
  raise(ErrorKind::internal, "notification kind without rules", path);
}

NotificationKind kind_at(const json& value, const std::string& path) {
  const auto kind = parse_notification_kind(string_at(value, path));
  if (!kind) {
    const auto names = all_notification_kinds();
    refuse(path, "unknown kind; one of " + quoted_list(names));
  }
  return *kind;
}

std::string timestamp_at(const json& value, const std::string& path) {
  const std::string& s = string_at(value, path);
  if (!is_utc_timestamp(s)) refuse(path, "must be a UTC time YYYY-MM-DDTHH:MM:SSZ");
  return s;
}

json header_json(const Entry& entry) {
  json header = json::object();
  header["v"] = entry.version;
  header["issuer"] = entry.issuer;
  header["issued_at"] = entry.issued_at;
  header["audience"] = entry.audience.empty() ? json("all") : json(entry.audience);
  return header;
}

json entry_json(const Entry& entry) {
  json document = header_json(entry);
  if (entry.kind) document["kind"] = to_string(*entry.kind);
  // A body without a kind is written too, so that validation refuses it instead of dropping it.
  if (entry.kind || !entry.body.is_null()) document["body"] = entry.body;
  if (entry.is_sealed()) document["sealed"] = entry.sealed;
  return document;
}

Entry read_entry(const json& document) {
  const Object object(document, "$",
                      {"v", "issuer", "issued_at", "audience", "kind", "body", "sealed"});
  Entry entry;
  const json& version = object.required("v");
  if (!version.is_number_integer() || version.get<std::int64_t>() != 1)
    refuse(object.at("v"), "unsupported version: this node reads version 1");
  entry.issuer = country_at(object.required("issuer"), object.at("issuer"));
  entry.issued_at = timestamp_at(object.required("issued_at"), object.at("issued_at"));
  const json& audience = object.required("audience");
  if (audience.is_array()) {
    entry.audience = set_at(audience, object.at("audience"), 1, read_country, Order::sorted);
  } else if (audience != "all") {
    refuse(object.at("audience"), "must be \"all\" or a sorted list of state codes");
  }
  if (entry.audience.empty()) {
    if (object.find("sealed") != nullptr)
      refuse(object.at("sealed"), "an entry for all states is public: kind and body, not sealed");
    entry.kind = kind_at(object.required("kind"), object.at("kind"));
    entry.body = object.required("body");
    check_body(*entry.kind, entry.body, object.at("body"));
  } else {
    for (const std::string_view key : {"kind", "body"}) {
      if (object.find(key) != nullptr)
        refuse(object.at(key), "an entry for named states carries its kind and body sealed");
    }
    entry.sealed = object.required("sealed");
    if (!entry.sealed.is_object()) refuse(object.at("sealed"), "must be an object");
  }
  return entry;
}

NotificationKind read_plaintext(const json& document) {
  const Object object(document, "$", {"kind", "body"});
  const NotificationKind kind = kind_at(object.required("kind"), object.at("kind"));
  if (is_public_only(kind))
    refuse(object.at("kind"), "a " + std::string(to_string(kind)) + " entry is public only");
  check_body(kind, object.required("body"), object.at("body"));
  return kind;
}

// After check_values: dump() throws on text that is not UTF-8.
std::string canonical_bytes(const json& document, const std::string& what) {
  std::string bytes = document.dump();
  if (bytes.size() > kMaxEntryBytes) {
    refuse("$", what + " would be " + std::to_string(bytes.size()) + " bytes; at most " +
                    std::to_string(kMaxEntryBytes) + " fit a tile bundle");
  }
  return bytes;
}

std::string four_digits(int value) {
  std::string text = std::to_string(value);
  return std::string(4 - std::min<std::size_t>(4, text.size()), '0') + text;
}

}  // namespace

std::string_view to_string(NotificationKind kind) {
  return core::name_of(kKinds, kind);
}
std::optional<NotificationKind> parse_notification_kind(std::string_view text) {
  return core::value_of(kKinds, text);
}
std::vector<std::string_view> all_notification_kinds() {
  return core::names_of(kKinds);
}
bool is_public_only(NotificationKind kind) {
  return kind == NotificationKind::directory_change || kind == NotificationKind::audit_head;
}

Result<Entry> parse_entry(std::string_view bytes) {
  return catch_failure(
      [&]() -> Result<Entry> { return read_entry(parse_canonical(bytes, "entry")); });
}

Result<std::string> encode_entry(const Entry& entry) {
  return catch_failure([&]() -> Result<std::string> {
    const json document = entry_json(entry);
    // Values first: the checks of read_entry assume strings that are UTF-8.
    check_values(document, "$", 0);
    read_entry(document);
    return canonical_bytes(document, "entry");
  });
}

Result<void> validate_body(NotificationKind kind, const json& body, std::string_view where) {
  return catch_failure([&]() -> Result<void> {
    const std::string path(where);
    check_values(body, path, 0);
    check_body(kind, body, path);
    return {};
  });
}

Result<std::pair<NotificationKind, json>> parse_sealed_plaintext(std::string_view bytes) {
  return catch_failure([&]() -> Result<std::pair<NotificationKind, json>> {
    json document = parse_canonical(bytes, "sealed plaintext");
    const NotificationKind kind = read_plaintext(document);
    return std::pair<NotificationKind, json>(kind, std::move(document["body"]));
  });
}

Result<std::string> encode_sealed_plaintext(NotificationKind kind, const json& body) {
  return catch_failure([&]() -> Result<std::string> {
    json document = json::object();
    document["kind"] = to_string(kind);
    document["body"] = body;
    check_values(document, "$", 0);
    read_plaintext(document);
    return canonical_bytes(document, "sealed plaintext");
  });
}

std::string entry_header_for_sealing(const Entry& entry) {
  // Replacing bad UTF-8 instead of throwing: such an entry fails encode_entry anyway, and the
  // header of an invalid entry must still be some fixed text rather than an exception.
  return header_json(entry).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::string> default_denial_expiry(std::string_view decision_date) {
  if (!core::is_calendar_date(decision_date)) {
    return fail(ErrorKind::invalid_input, "must be a date YYYY-MM-DD naming a real day",
                "decision_date");
  }
  const int year = std::stoi(std::string(decision_date.substr(0, 4))) + 3;
  if (year > 9999)
    return fail(ErrorKind::invalid_input, "expiry after the year 9999", "decision_date");
  std::string expiry = four_digits(year) + std::string(decision_date.substr(4));
  if (!core::is_calendar_date(expiry)) expiry = four_digits(year) + "-02-28";
  return expiry;
}

}  // namespace echri::exchange
