// What exporters and civil society see of a record: only the fields their view declares
// (cases/views.hpp), the same as docs/cases.md says.

#include "cases/views.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "cases/case_service.hpp"
#include "cases/inquiries.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;

const Principal kErik{"erik", Role::exporter, "northwind"};
const Principal kNils{"nils", Role::exporter, "northwind"};
const Principal kCora{"cora", Role::civil_society, "watch"};
const Principal kPeer{"pierre", Role::peer_node, "peer"};
const Principal kOlga{"olga", Role::officer, "authority"};

// An application as the workflow stores it after a refusal, an appeal upheld and a second decision,
// with a field the workflow might add tomorrow at every level.
json decided_application() {
  return json::parse(R"json({
    "reference": "APP-2026-000001",
    "application": {
      "reference": "NW-1", "exporter": {"name": "Northwind", "country": "DE", "vat": "new"},
      "destination": "RU",
      "items": [{"description": "Probes", "control_entry": "5A001.j", "quantity": 6,
                 "internal_class": "critical"}],
      "parties": [{"role": "end_user", "name": "Fictitious LLC", "country": "RU",
                   "screening": {"hits": 1}}],
      "end_use": {"description": "City monitoring", "category": "public_order"},
      "assurances": {"end_use_statement": true, "no_reexport": false},
      "answers": {"payment_in_cash": false, "end_user_linked_to_abuses": true}},
    "applicant": {"organisation": "northwind", "created_by": "erik"},
    "history": [
      {"state": "draft", "action": "create", "by": "erik", "at": "2026-03-01T09:00:00Z"},
      {"state": "submitted", "action": "submit", "by": "nils", "at": "2026-03-01T10:00:00Z"},
      {"state": "information_requested", "action": "request_information", "by": "system",
       "at": "2026-03-01T10:00:00Z"},
      {"state": "under_review", "action": "information_complete", "by": "erik",
       "at": "2026-03-02T09:00:00Z"},
      {"state": "recommended", "action": "recommend", "by": "olga", "at": "2026-03-03T09:00:00Z"},
      {"state": "under_review", "action": "return_to_review", "by": "sam",
       "at": "2026-03-04T09:00:00Z", "reason": "internal: look again"},
      {"state": "under_review", "action": "reassess", "by": "olga", "at": "2026-03-04T10:00:00Z",
       "assessment_version": 2},
      {"state": "decided", "action": "decide", "by": "sam", "at": "2026-03-05T09:00:00Z",
       "by_role": "senior_officer"}],
    "open_requests": [{"id": "IR-2026-000001", "due": "2026-03-21", "asked_by": "olga"}],
    "flags": [{"kind": "screening_match", "detail": "Fictitious LLC ~ Fictitious LLC"}],
    "assessment": {"risk": {"level": "high"}},
    "assessment_version": 2,
    "assessment_basis": {"policy": "p1"},
    "risk": {"level": "high", "score": 0.8, "recommendation": "deny"},
    "screening": {"performed": true, "hits": [{"party_index": 0}]},
    "assigned_to": "olga",
    "submitted_at": "2026-03-01T10:00:00Z",
    "previous_recommendations": [{"outcome": "refused", "by": "olga", "explanation": "internal"}],
    "returned_by_decider": {"outcome": "approved", "by": "sam"},
    "recommendation": {"outcome": "approved_with_conditions", "by": "olga"},
    "decision": {"outcome": "approved_with_conditions", "reasons": [], "conditions": ["C1"],
                 "explanation": "For you.", "decided_by": "sam", "recommended_by": "olga",
                 "four_eyes": true, "risk_level": "high", "assessment_version": 2,
                 "assessment_basis": {"policy": "p1"}, "at": "2026-03-05T09:00:00Z",
                 "licence": "LIC-2026-000001"},
    "previous_decisions": [{"outcome": "refused", "reasons": ["HR3"], "conditions": [],
                            "explanation": "Earlier.", "decided_by": "sam", "four_eyes": true,
                            "at": "2026-03-03T09:00:00Z"}],
    "licence": "LIC-2026-000001",
    "tomorrow": "a field nobody declared"})json");
}

json exporter_view_of_decided_application() {
  return json::parse(R"json({
    "reference": "APP-2026-000001",
    "application": {
      "reference": "NW-1", "exporter": {"name": "Northwind", "country": "DE"},
      "destination": "RU",
      "items": [{"description": "Probes", "control_entry": "5A001.j", "quantity": 6}],
      "parties": [{"role": "end_user", "name": "Fictitious LLC", "country": "RU"}],
      "end_use": {"description": "City monitoring", "category": "public_order"},
      "assurances": {"end_use_statement": true, "no_reexport": false},
      "answers": {"payment_in_cash": false, "end_user_linked_to_abuses": true}},
    "applicant": {"organisation": "northwind", "created_by": "erik"},
    "history": [
      {"state": "draft", "action": "create", "by": "erik", "at": "2026-03-01T09:00:00Z"},
      {"state": "submitted", "action": "submit", "by": "nils", "at": "2026-03-01T10:00:00Z"},
      {"state": "information_requested", "action": "request_information",
       "by": "the licensing authority", "at": "2026-03-01T10:00:00Z"},
      {"state": "under_review", "action": "information_complete", "by": "erik",
       "at": "2026-03-02T09:00:00Z"},
      {"state": "recommended", "action": "recommend", "by": "the licensing authority",
       "at": "2026-03-03T09:00:00Z"},
      {"state": "under_review", "action": "return_to_review", "by": "the licensing authority",
       "at": "2026-03-04T09:00:00Z"},
      {"state": "under_review", "action": "reassess", "by": "the licensing authority",
       "at": "2026-03-04T10:00:00Z"},
      {"state": "decided", "action": "decide", "by": "the licensing authority",
       "at": "2026-03-05T09:00:00Z"}],
    "open_requests": [{"id": "IR-2026-000001", "due": "2026-03-21"}],
    "submitted_at": "2026-03-01T10:00:00Z",
    "decision": {"outcome": "approved_with_conditions", "reasons": [], "conditions": ["C1"],
                 "explanation": "For you.", "at": "2026-03-05T09:00:00Z",
                 "licence": "LIC-2026-000001"},
    "previous_decisions": [{"outcome": "refused", "reasons": ["HR3"], "conditions": [],
                            "explanation": "Earlier.", "at": "2026-03-03T09:00:00Z"}],
    "licence": "LIC-2026-000001"})json");
}

store::Record record_of(std::string_view kind, const json& body) {
  store::Record record;
  record.kind = std::string(kind);
  record.id = "X-1";
  record.organisation = "northwind";
  record.body = body.dump();
  return record;
}

TEST(Views, AnExporterSeesOnlyTheDeclaredFieldsOfItsApplication) {
  const auto body = decided_application();
  EXPECT_EQ(visible_body(kApplication, body, Audience::exporter, "erik"),
            exporter_view_of_decided_application());
  // The same through a CaseView, as the services hand records out.
  const CaseView view(record_of(kApplication, body), kErik);
  EXPECT_EQ(view.body(), exporter_view_of_decided_application());
  EXPECT_EQ(json::parse(view.body_text()), exporter_view_of_decided_application());
}

TEST(Views, StaffReadTheStoredTextItself) {
  const auto record = record_of(kApplication, decided_application());
  const CaseView view(record, kOlga);
  EXPECT_EQ(view.audience(), Audience::staff);
  EXPECT_EQ(view.body_text(), record.body);  // spliced, not re-serialised
  EXPECT_EQ(view.body(), decided_application());
  EXPECT_EQ(visible_body(kApplication, decided_application(), Audience::staff, "olga"),
            decided_application());
}

TEST(Views, OtherKindsAndRolesSeeNothing) {
  const json note{{"application", "APP-1"}, {"type", "note"}, {"text", "internal"}, {"by", "olga"}};
  EXPECT_EQ(visible_body(kNote, note, Audience::exporter, "erik"), json::object());
  EXPECT_EQ(CaseView(record_of(kNote, note), kErik).body_text(), "{}");
  for (const auto kind : {kApplication, kInformationRequest, kNote, kDocument, kLicence, kAppeal,
                          kAdvisoryQuery, kSubmission}) {
    SCOPED_TRACE(kind);
    const json body{{"application", "APP-1"}, {"name", "x"}, {"summary", "y"}};
    EXPECT_EQ(visible_body(kind, body, Audience::peer_node, "pierre"), json::object());
    if (kind != kSubmission)
      EXPECT_EQ(visible_body(kind, body, Audience::civil_society, "cora"), json::object());
    else
      EXPECT_EQ(visible_body(kind, body, Audience::exporter, "erik"), json::object());
  }
  EXPECT_EQ(visible_body("a_kind_added_tomorrow", json{{"a", 1}}, Audience::exporter, "erik"),
            json::object());
  // A default view has no reader and shows nothing.
  CaseView nobody;
  nobody.record = record_of(kApplication, decided_application());
  EXPECT_EQ(nobody.body(), json::object());
}

TEST(Views, CivilSocietySeesItsSubmissionAndWhenItWasTriaged) {
  const auto body = json::parse(R"json({
    "subject": "end_user", "name": "Fictitious LLC", "country": "RU", "control_entry": "",
    "summary": "S", "evidence": "E", "sources": ["https://example.org/r"],
    "submitted_by": "cora", "submitted_at": "2026-03-01T09:00:00Z",
    "triage": {"priority": "high", "note": "internal", "by": "olga", "at": "2026-03-02T09:00:00Z"},
    "suggested_links": [{"application": "APP-2026-000009", "party": "Fictitious LLC"}],
    "links": [{"application": "APP-2026-000009", "by": "olga", "at": "2026-03-02T10:00:00Z"}]})json");
  auto expected = body;
  expected.erase("suggested_links");
  expected.erase("links");
  expected["triage"] = {{"at", "2026-03-02T09:00:00Z"}};
  EXPECT_EQ(CaseView(record_of(kSubmission, body), kCora).body(), expected);
}

TEST(Views, AnAdvisoryQueryWithoutItsScreeningOrWhoAnswered) {
  const auto body = json::parse(R"json({
    "question": "Q", "end_user": {"name": "N", "country": "RU"},
    "items": [{"description": "D", "control_entry": ""}],
    "screening": {"performed": true, "hits": [{"score": 0.97}]},
    "asked_by": "erik", "asked_at": "2026-03-01T09:00:00Z",
    "answer": {"advice": "likely_refusal", "text": "T", "by": "olga", "at": "2026-03-02T09:00:00Z"}})json");
  auto expected = body;
  expected.erase("screening");
  expected["answer"].erase("by");
  EXPECT_EQ(visible_body(kAdvisoryQuery, body, Audience::exporter, "erik"), expected);
}

TEST(Views, ADocumentShowsItsUploaderOnlyWhenTheRecordTellsWhichSide) {
  json body{{"application", "APP-1"},
            {"filename", "a.pdf"},
            {"content_type", "application/pdf"},
            {"size", 5},
            {"sha256", "ab"},
            {"uploaded_by", "erik"},
            {"uploaded_at", "t"},
            {"internal_note", "x"}};
  auto seen = visible_body(kDocument, body, Audience::exporter, "erik");
  EXPECT_EQ(seen["uploaded_by"], "erik");  // the reader themselves
  EXPECT_FALSE(seen.contains("internal_note"));
  // Someone else, and nothing says whether a colleague or the authority: absent.
  body["uploaded_by"] = "olga";
  seen = visible_body(kDocument, body, Audience::exporter, "erik");
  EXPECT_FALSE(seen.contains("uploaded_by"));
  EXPECT_EQ(seen["filename"], "a.pdf");
  // The role stored with it tells.
  body["uploaded_by_role"] = "officer";
  EXPECT_EQ(visible_body(kDocument, body, Audience::exporter, "erik")["uploaded_by"],
            kAuthorityLabel);
  body["uploaded_by"] = "nils";
  body["uploaded_by_role"] = "exporter";
  EXPECT_EQ(visible_body(kDocument, body, Audience::exporter, "erik")["uploaded_by"], "nils");
  EXPECT_EQ(CaseView(record_of(kDocument, body), kNils).body()["uploaded_by"], "nils");
}

TEST(Views, ObjectsAreNeverShownWhole) {
  // A declared field whose stored value is an object or holds objects shows nothing of it.
  const json body{{"question", {{"text", "Q"}, {"asked_by", "olga"}}},
                  {"answer", json::array({json{{"by", "olga"}}})},
                  {"due", json::array({"2026-03-21"})}};
  const auto seen = visible_body(kInformationRequest, body, Audience::exporter, "erik");
  EXPECT_EQ(seen, (json{{"due", json::array({"2026-03-21"})}}));
  // An object whose every field is hidden is absent; an empty one stays empty.
  auto application = decided_application();
  application["decision"] = {{"decided_by", "sam"}, {"four_eyes", true}};
  application["application"]["end_use"] = json::object();
  const auto view = visible_body(kApplication, application, Audience::exporter, "erik");
  EXPECT_FALSE(view.contains("decision"));
  EXPECT_EQ(view["application"]["end_use"], json::object());
}

TEST(Views, EveryRoleHasItsAudience) {
  for (const auto name : all_roles()) {
    const Principal reader{"someone", *parse_role(name), "org"};
    EXPECT_EQ(audience_of(reader.role) == Audience::staff, reader.sees_all_organisations()) << name;
  }
  EXPECT_EQ(audience_of(Role::exporter), Audience::exporter);
  EXPECT_EQ(audience_of(Role::civil_society), Audience::civil_society);
  EXPECT_EQ(audience_of(Role::peer_node), Audience::peer_node);
}

// ---------------------------------------------------------------------------------------------
// docs/cases.md and views.cpp say the same.

using Declared = std::set<std::tuple<std::string, std::string, std::string, Show>>;

// `a.{b, c}` -> a.b, a.c
std::vector<std::string> expand(const std::string& span) {
  const auto open = span.find('{');
  if (open == std::string::npos) return {span};
  const auto close = span.find('}', open);
  std::vector<std::string> out;
  std::stringstream names(span.substr(open + 1, close - open - 1));
  for (std::string name; std::getline(names, name, ',');) {
    name.erase(0, name.find_first_not_of(' '));
    out.push_back(span.substr(0, open) + name + span.substr(close + 1));
  }
  return out;
}

std::vector<std::string> code_spans(const std::string& cell) {
  std::vector<std::string> out;
  static const std::regex code("`([^`]+)`");
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), code); it != std::sregex_iterator();
       ++it)
    for (auto& path : expand((*it)[1].str())) out.push_back(path);
  return out;
}

std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::size_t start = 1;
  for (auto bar = row.find('|', start); bar != std::string::npos; bar = row.find('|', start)) {
    cells.push_back(row.substr(start, bar - start));
    start = bar + 1;
  }
  return cells;
}

Declared declared_in_docs(std::set<std::pair<std::string, std::string>>& shown_nothing) {
  std::ifstream in(std::string(ECHRI_SOURCE_DIR) + "/docs/cases.md");
  EXPECT_TRUE(in) << "docs/cases.md";
  Declared declared;
  bool in_section = false;
  std::string audience;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## What exporters and civil society see";
    if (!in_section) continue;
    if (line.rfind("### ", 0) == 0) audience = line.substr(4);
    if (line.rfind("| `", 0) != 0) continue;
    const auto cells = cells_of(line);
    EXPECT_EQ(cells.size(), 3U) << line;
    if (cells.size() != 3) continue;
    const auto kinds = code_spans(cells[0]);
    EXPECT_EQ(kinds.size(), 1U) << line;
    const auto stored = code_spans(cells[1]);
    const auto person = code_spans(cells[2]);
    if (stored.empty() && person.empty()) shown_nothing.emplace(audience, kinds.at(0));
    for (const auto& path : stored) declared.emplace(audience, kinds.at(0), path, Show::stored);
    for (const auto& path : person) declared.emplace(audience, kinds.at(0), path, Show::person);
  }
  return declared;
}

TEST(Views, DocsListTheFieldsTheCodeShows) {
  std::set<std::pair<std::string, std::string>> shown_nothing;
  const auto in_docs = declared_in_docs(shown_nothing);
  Declared in_code;
  for (const auto& view : record_views())
    for (const auto& field : view.fields)
      in_code.emplace(std::string(to_string(view.audience)), std::string(view.kind),
                      std::string(field.path), field.show);
  EXPECT_FALSE(in_code.empty());
  for (const auto& entry : in_code)
    EXPECT_TRUE(in_docs.count(entry))
        << std::get<0>(entry) << " " << std::get<1>(entry) << " " << std::get<2>(entry)
        << ": in views.cpp, not in docs/cases.md";
  for (const auto& entry : in_docs)
    EXPECT_TRUE(in_code.count(entry))
        << std::get<0>(entry) << " " << std::get<1>(entry) << " " << std::get<2>(entry)
        << ": in docs/cases.md, not in views.cpp";
  // What the docs say an audience does not see of a kind has no view.
  for (const auto& [audience, kind] : shown_nothing)
    for (const auto& view : record_views())
      EXPECT_FALSE(to_string(view.audience) == audience && view.kind == kind)
          << audience << " " << kind << ": docs/cases.md says nothing shows";
  // Every exporter kind is in the docs, shown or not.
  for (const auto kind : {kApplication, kInformationRequest, kNote, kDocument, kLicence, kAppeal,
                          kAdvisoryQuery, kSubmission}) {
    bool listed = shown_nothing.count({"exporter", std::string(kind)}) > 0;
    for (const auto& entry : in_docs)
      listed = listed || (std::get<0>(entry) == "exporter" && std::get<1>(entry) == kind);
    EXPECT_TRUE(listed) << kind << " has no row in docs/cases.md's exporter table";
  }
}

}  // namespace
}  // namespace echri::cases
