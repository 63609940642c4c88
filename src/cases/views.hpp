#pragma once
// What each role outside the authority may see of each kind of case record: declared allow-lists.
//
// The authority's staff (officer, senior_officer, auditor, admin) read stored bodies whole. Every
// other role reads a record's body only through its view in the table of views.cpp: the fields
// listed there, and nothing else. A field the workflow adds tomorrow is therefore absent for
// exporters and civil society until somebody declares it here, and docs/cases.md ("What
// exporters and civil society see") shows the same table (tests/cases/views_test.cpp compares
// them). A role or kind without a view sees nothing of the body (peer nodes read no case record;
// civil society reads no application; exporters read no note or submission).
//
// A field is a path into the body: `decision.outcome`, `history[].by` (the field of every element
// of the array `history`), `application.answers.*` (every key of the object). A path keeps a
// scalar or an array of scalars; objects and arrays of objects are never kept whole: their fields
// are declared one by one, so that nothing nested in them shows by accident.

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "cases/accounts.hpp"

namespace echri::cases {

// Who reads a record.
enum class Audience {
  staff,          // officer, senior_officer, auditor, admin: bodies whole
  exporter,       // its own organisation's cases
  civil_society,  // its own organisation's submissions
  peer_node,      // another Subscribing State's node: no case record
};
std::string_view to_string(Audience audience);
Audience audience_of(Role role);

// What an exporter reads in place of a person of the authority.
inline constexpr std::string_view kAuthorityLabel = "the licensing authority";

// How a declared field is shown.
enum class Show {
  stored,  // as stored
  // A person who acted on the record: as stored when they acted for the record's organisation
  // (the reader's side), kAuthorityLabel when the authority did, and absent when the record does
  // not tell. The side is read from the entry's `<field>_role` when it has one, else from a
  // history entry's `action` (create, submit, withdraw and information_complete are the
  // applicant's), else a person is the reader's side when it is the reader.
  person,
};

struct ViewField {
  std::string_view path;
  Show show = Show::stored;
};

// One record kind as one audience sees it.
struct RecordView {
  std::string_view kind;
  Audience audience = Audience::peer_node;
  std::span<const ViewField> fields;
};

// Every view there is; a (kind, audience) pair that is not listed sees no field of the body.
std::span<const RecordView> record_views();

// The body of a record of `kind` as `audience` may see it: the stored body for staff, else only the
// declared fields. `reader` is the reader's user id (Show::person keeps a person who is the
// reader).
nlohmann::json visible_body(std::string_view kind, const nlohmann::json& body, Audience audience,
                            std::string_view reader);

}  // namespace echri::cases
