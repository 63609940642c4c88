#include "cases/views.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cases/case_service.hpp"
#include "cases/inquiries.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// The contract. docs/cases.md ("What exporters and civil society see") shows the same table;
// tests/cases/views_test.cpp fails when the two differ.
// ---------------------------------------------------------------------------------------------

// clang-format off

// An exporter's own application: its document as filed, where the case stands, and the decision
// addressed to it. Not the assessment, risk, screening, flags, recommendations, the officer it is
// assigned to, the reasons given inside the authority (history reasons), nor who decided.
// Fields that can only name someone at the authority (who decided, asked, issued, amended,
// revoked, answered) are absent throughout: those are the authority's acts, whoever took them.
constexpr ViewField kExporterApplication[] = {
    {"reference"},
    {"submitted_at"},
    {"licence"},
    {"applicant.organisation"},
    {"applicant.created_by"},
    {"application.reference"},
    {"application.submitted_on"},
    {"application.exporter.name"},
    {"application.exporter.country"},
    {"application.destination"},
    {"application.items[].description"},
    {"application.items[].control_entry"},
    {"application.items[].capabilities"},
    {"application.items[].quantity"},
    {"application.items[].value"},
    {"application.items[].currency"},
    {"application.parties[].role"},
    {"application.parties[].name"},
    {"application.parties[].country"},
    {"application.parties[].type"},
    {"application.parties[].address"},
    {"application.parties[].identifier"},
    {"application.parties[].date_of_birth"},
    {"application.end_use.description"},
    {"application.end_use.category"},
    {"application.assurances.*"},
    {"application.answers.*"},
    {"history[].state"},
    {"history[].action"},
    {"history[].at"},
    {"history[].by", Show::person},
    {"open_requests[].id"},
    {"open_requests[].due"},
    {"decision.outcome"},
    {"decision.reasons"},
    {"decision.conditions"},
    {"decision.explanation"},
    {"decision.licence"},
    {"decision.at"},
    {"previous_decisions[].outcome"},
    {"previous_decisions[].reasons"},
    {"previous_decisions[].conditions"},
    {"previous_decisions[].explanation"},
    {"previous_decisions[].licence"},
    {"previous_decisions[].at"},
};

// The authority's questions to the exporter and the exporter's answers.
constexpr ViewField kExporterInformationRequest[] = {
    {"application"},
    {"question"},
    {"due"},
    {"asked_at"},
    {"answer"},
    {"answered_at"},
    {"answered_by"},  // only the applicant answers
};

// Documents of the case, whoever uploaded them.
constexpr ViewField kExporterDocument[] = {
    {"application"},
    {"filename"},
    {"content_type"},
    {"size"},
    {"sha256"},
    {"uploaded_at"},
    {"uploaded_by", Show::person},
};

// The licence and what happened to it; the reasons for amending or revoking it are addressed to
// the licensee.
constexpr ViewField kExporterLicence[] = {
    {"application"},
    {"destination"},
    {"conditions"},
    {"issued_at"},
    {"valid_until"},
    {"items[].description"},
    {"items[].control_entry"},
    {"items[].capabilities"},
    {"items[].quantity"},
    {"items[].value"},
    {"items[].currency"},
    {"parties[].role"},
    {"parties[].name"},
    {"parties[].country"},
    {"parties[].type"},
    {"parties[].address"},
    {"parties[].identifier"},
    {"parties[].date_of_birth"},
    {"amendments[].at"},
    {"amendments[].reason"},
    {"amendments[].conditions_before"},
    {"revoked.at"},
    {"revoked.reason"},
};

// The exporter's appeal and the decision on it; not who refused or decided.
constexpr ViewField kExporterAppeal[] = {
    {"application"},
    {"grounds"},
    {"lodged_at"},
    {"lodged_by"},  // only the applicant lodges
    {"decided_at"},
    {"explanation"},
};

// The exporter's question and the authority's advice; not the screening of the end user.
constexpr ViewField kExporterAdvisoryQuery[] = {
    {"question"},
    {"end_user.name"},
    {"end_user.country"},
    {"end_user.type"},
    {"items[].description"},
    {"items[].control_entry"},
    {"asked_at"},
    {"asked_by"},  // only the exporter asks
    {"answer.advice"},
    {"answer.text"},
    {"answer.at"},
};

// A civil-society body's own submission, and when it was triaged; not the triage's priority or
// note, nor the cases it was (or might be) linked to.
constexpr ViewField kCivilSocietySubmission[] = {
    {"subject"},
    {"name"},
    {"country"},
    {"control_entry"},
    {"summary"},
    {"evidence"},
    {"sources"},
    {"submitted_at"},
    {"submitted_by"},  // only the civil-society body submits
    {"triage.at"},
};

// clang-format on

// Kinds an audience does not appear with below show nothing: notes and submissions to exporters,
// every case record to civil society, everything to peer nodes.
constexpr std::array kViews{
    RecordView{kApplication, Audience::exporter, kExporterApplication},
    RecordView{kInformationRequest, Audience::exporter, kExporterInformationRequest},
    RecordView{kDocument, Audience::exporter, kExporterDocument},
    RecordView{kLicence, Audience::exporter, kExporterLicence},
    RecordView{kAppeal, Audience::exporter, kExporterAppeal},
    RecordView{kAdvisoryQuery, Audience::exporter, kExporterAdvisoryQuery},
    RecordView{kSubmission, Audience::civil_society, kCivilSocietySubmission},
};

// History actions the applicant takes (workflow.hpp; "create" is written by Applications::create).
constexpr std::array<std::string_view, 4> kApplicantActions{"create", "submit", "withdraw",
                                                            "information_complete"};

// ---------------------------------------------------------------------------------------------
// Applying a view.
// ---------------------------------------------------------------------------------------------

// A view as a tree of keys; built once per view from its paths.
struct Node {
  std::string name;   // the key; "*" for every key
  bool keep = false;  // a declared path ends here
  Show show = Show::stored;
  bool each = false;  // the value is an array whose elements the children describe
  std::vector<Node> children;
};

Node& child_named(Node& node, std::string_view name) {
  for (auto& child : node.children)
    if (child.name == name) return child;
  auto& added = node.children.emplace_back();
  added.name = std::string(name);
  return added;
}

Node compile(const RecordView& view) {
  Node root;
  for (const auto& field : view.fields) {
    Node* node = &root;
    std::string_view rest = field.path;
    while (!rest.empty()) {
      const auto dot = rest.find('.');
      auto segment = rest.substr(0, dot);
      rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
      const bool each = segment.ends_with("[]");
      if (each) segment.remove_suffix(2);
      if (node->keep || segment.empty() || (each && rest.empty()))
        throw std::logic_error("views.cpp: bad path '" + std::string(field.path) + "' in the " +
                               std::string(to_string(view.audience)) + " view of " +
                               std::string(view.kind));
      node = &child_named(*node, segment);
      if (each) node->each = true;
    }
    if (node->keep || !node->children.empty())
      throw std::logic_error("views.cpp: path '" + std::string(field.path) +
                             "' declared twice or inside another in the " +
                             std::string(to_string(view.audience)) + " view of " +
                             std::string(view.kind));
    node->keep = true;
    node->show = field.show;
  }
  return root;
}

const Node* view_tree(std::string_view kind, Audience audience) {
  static const auto trees = [] {
    std::vector<std::pair<const RecordView*, Node>> built;
    built.reserve(std::size(kViews));
    for (const auto& view : kViews) built.emplace_back(&view, compile(view));
    return built;
  }();
  for (const auto& [view, tree] : trees)
    if (view->kind == kind && view->audience == audience) return &tree;
  return nullptr;
}

bool is_scalar_or_scalars(const json& value) {
  if (!value.is_structured()) return true;
  if (!value.is_array()) return false;
  return std::none_of(value.begin(), value.end(),
                      [](const json& element) { return element.is_structured(); });
}

bool is_applicant_role(std::string_view role) {
  const auto parsed = parse_role(role);
  return parsed && audience_of(*parsed) != Audience::staff;
}

// Show::person: whether the person at `key` of `holder` acted for the reader's side (true), for
// the authority (false), or the record does not tell (nullopt).
std::optional<bool> applicant_side(const json& holder, const std::string& key, const json& person,
                                   std::string_view reader) {
  const auto role = holder.find(key + "_role");
  if (role != holder.end() && role->is_string())
    return is_applicant_role(role->get_ref<const std::string&>());
  const auto action = holder.find("action");
  if (action != holder.end() && action->is_string())
    return std::find(kApplicantActions.begin(), kApplicantActions.end(),
                     action->get_ref<const std::string&>()) != kApplicantActions.end();
  if (person.is_string() && !reader.empty() && person.get_ref<const std::string&>() == reader)
    return true;
  return std::nullopt;
}

void shown(const Node& node, const json& holder, const std::string& key, const json& value,
           json& out, std::string_view reader) {
  switch (node.show) {
    case Show::stored:
      if (is_scalar_or_scalars(value)) out[key] = value;
      return;
    case Show::person:
      if (value.is_null()) return;
      if (const auto side = applicant_side(holder, key, value, reader))
        out[key] = *side ? value : json(kAuthorityLabel);
      return;
  }
}

void project(const Node& node, const json& from, json& out, std::string_view reader);

void project_key(const Node& child, const json& from, const std::string& key, const json& value,
                 json& out, std::string_view reader) {
  if (child.keep) {
    shown(child, from, key, value, out, reader);
    return;
  }
  if (child.each) {
    if (!value.is_array()) return;
    json elements = json::array();
    for (const auto& element : value) {
      json visible = json::object();
      project(child, element, visible, reader);
      elements.push_back(std::move(visible));
    }
    out[key] = std::move(elements);
    return;
  }
  if (!value.is_object()) return;
  json visible = json::object();
  project(child, value, visible, reader);
  // An object whose every field is hidden is absent, so that its existence does not show either.
  if (!visible.empty() || value.empty()) out[key] = std::move(visible);
}

void project(const Node& node, const json& from, json& out, std::string_view reader) {
  if (!from.is_object()) return;
  for (const auto& child : node.children) {
    if (child.name == "*") {
      for (const auto& [key, value] : from.items())
        project_key(child, from, key, value, out, reader);
      continue;
    }
    const auto found = from.find(child.name);
    if (found != from.end()) project_key(child, from, child.name, *found, out, reader);
  }
}

}  // namespace

std::string_view to_string(Audience audience) {
  switch (audience) {
    case Audience::staff:
      return "staff";
    case Audience::exporter:
      return "exporter";
    case Audience::civil_society:
      return "civil_society";
    case Audience::peer_node:
      break;
  }
  return "peer_node";
}

Audience audience_of(Role role) {
  switch (role) {
    case Role::officer:
    case Role::senior_officer:
    case Role::auditor:
    case Role::admin:
      return Audience::staff;
    case Role::exporter:
      return Audience::exporter;
    case Role::civil_society:
      return Audience::civil_society;
    case Role::peer_node:
      break;
  }
  return Audience::peer_node;
}

std::span<const RecordView> record_views() {
  return kViews;
}

json visible_body(std::string_view kind, const json& body, Audience audience,
                  std::string_view reader) {
  if (audience == Audience::staff) return body;
  json out = json::object();
  if (const auto* tree = view_tree(kind, audience)) project(*tree, body, out, reader);
  return out;
}

}  // namespace echri::cases
