#pragma once
// The entries a node appends to its exchange log: denials and what follows them, threat reports,
// views, meeting records, changes to the directory of Subscribing States and audit heads.
// docs/schema/exchange-entry.schema.json describes the same format for other implementations.
//
// An entry is canonical JSON of at most 65,535 bytes (the largest entry a tile bundle holds):
// nlohmann::json's compact dump with object keys sorted, valid UTF-8, integers but no
// floating-point numbers. Every entry therefore has exactly one byte form, which is what the
// Merkle log hashes and what every peer re-checks. The envelope:
//
//   {"audience":"all","body":{...},"issued_at":"2026-11-22T10:00:00Z","issuer":"DE",
//    "kind":"denial","v":1}                                                 (public entry)
//   {"audience":["FR","NL"],"issued_at":"...","issuer":"DE","sealed":{...},"v":1}
//                                                                           (sealed entry)
//
// A sealed entry is addressed to named states only: its kind and body are inside the encrypted
// plaintext, itself the canonical JSON {"body":{...},"kind":"..."} (encode_sealed_plaintext). The
// "sealed" object is opaque here; exchange/sealed.hpp reads it. Directory changes and audit heads
// concern every peer and are public only.
//
// Validation is strict: unknown fields, missing fields, empty or over-long strings, bad dates,
// country codes and hashes are invalid_input, and Error::where is the JSON path of the offending
// value ("$.body.end_user.country"). Limits follow core/field_limits.hpp, as for every other
// reader of outside data; lists that are sets (control entries, reasons, participants...) refuse
// duplicates, and optional lists, when present, are not empty, so that absence has one spelling.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace echri::exchange {

// The largest entry, in bytes: entry bundles prefix each entry with a uint16 length.
inline constexpr std::size_t kMaxEntryBytes = 65535;

enum class NotificationKind {
  denial,             // a licence refused (the Code's sharing of denials)
  denial_amendment,   // corrects fields of an earlier denial
  denial_renewal,     // extends an earlier denial's expiry
  denial_revocation,  // withdraws an earlier denial
  threat_report,      // a technology, end user or destination of concern
  technology_view,    // a view on an emerging technology
  best_practice,
  meeting_record,
  policy_question,
  directory_change,  // the directory of Subscribing States (central contact only; public)
  audit_head,        // a node's audit-chain head, published so that rewriting it shows (public)
};

std::string_view to_string(NotificationKind kind);
std::optional<NotificationKind> parse_notification_kind(std::string_view text);
// Every kind's name, in the enum's order.
std::vector<std::string_view> all_notification_kinds();
// Directory changes and audit heads: kinds that may not be sealed.
bool is_public_only(NotificationKind kind);

struct Entry {
  int version = 1;
  std::string issuer;     // ISO 3166-1 alpha-2 code of the issuing node's state ("XK": Kosovo)
  std::string issued_at;  // UTC, "2026-11-22T10:00:00Z"
  // The states the entry is for, sorted and unique (the issuer may be one); empty: all states.
  std::vector<std::string> audience;
  // Public entries (audience all): the kind and its body, an object.
  std::optional<NotificationKind> kind;
  nlohmann::json body;
  // Sealed entries (named audience): the encrypted content, an object; null for public entries.
  nlohmann::json sealed;

  [[nodiscard]] bool is_sealed() const { return !sealed.is_null(); }
  friend bool operator==(const Entry&, const Entry&) = default;
};

// Refuses anything larger than kMaxEntryBytes, not valid UTF-8, not JSON, holding a float, or not
// byte for byte its own canonical serialisation ("entry is not canonical JSON", where "$"), then
// validates the envelope and, for public entries, the body.
Result<Entry> parse_entry(std::string_view bytes);
// Validates as parse_entry does and writes the canonical bytes; invalid_input when the entry is
// invalid or its bytes would exceed kMaxEntryBytes.
Result<std::string> encode_entry(const Entry& entry);

// Checks `body` against the rules of `kind`; `where` is the body's own JSON path ("$.body") and
// prefixes the paths of errors.
Result<void> validate_body(NotificationKind kind, const nlohmann::json& body,
                           std::string_view where);

// The plaintext of a sealed entry: canonical JSON {"body":{...},"kind":"..."}, checked like an
// entry (canonical, no floats, at most kMaxEntryBytes, body valid for its kind, kind not public
// only).
Result<std::pair<NotificationKind, nlohmann::json>> parse_sealed_plaintext(std::string_view bytes);
Result<std::string> encode_sealed_plaintext(NotificationKind kind, const nlohmann::json& body);

// What the encryption of a sealed entry binds to (its associated data), so that a ciphertext
// cannot be moved to another entry or re-addressed: canonical JSON of the envelope's audience,
// issued_at, issuer and v. Not validated here; encode_entry checks the entry as a whole.
std::string entry_header_for_sealing(const Entry& entry);

// Three years after `decision_date` ("YYYY-MM-DD"), the expiry a denial gets unless the authority
// sets another; 29 February becomes 28 February. invalid_input when the date names no day.
Result<std::string> default_denial_expiry(std::string_view decision_date);

}  // namespace echri::exchange
