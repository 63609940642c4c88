#pragma once
// What the licensing workflow's services (case_services.hpp) share: the record kinds, the view of
// a record its caller may see, pages, decision drafts, uploads, queue entries.
//
// Every service call takes the acting Principal and checks it (an exporter reaches only its own
// organisation's cases, and never the authority's internal notes or assessment); every change is
// one store transaction that also appends to the audit chain. Records' bodies are JSON; their
// fields are documented in docs/cases.md.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/evaluator.hpp"
#include "cases/views.hpp"
#include "cases/workflow.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

// Record kinds of this module.
inline constexpr std::string_view kApplication = "application";
inline constexpr std::string_view kInformationRequest = "information_request";
inline constexpr std::string_view kNote = "note";
inline constexpr std::string_view kDocument = "document";
inline constexpr std::string_view kLicence = "licence";
inline constexpr std::string_view kAppeal = "appeal";

// A refusal's or condition's coded reason, from the vocabulary in reasons.cpp.
struct ReasonCode {
  std::string_view code;
  std::string_view title;
};
const std::vector<ReasonCode>& refusal_reasons();
bool is_refusal_reason(std::string_view code);

// A record as its reader may see it: the stored record, and its body through the reader's view
// (views.hpp: the authority's staff see it whole, every other role only the fields its view
// declares). The body is parsed on first use, so that staff can list and read cases without the
// stored JSON being parsed and written out again.
class CaseView {
 public:
  CaseView() = default;  // shows no body
  CaseView(store::Record stored, const Principal& reader);

  store::Record record;

  // The body as the reader may see it.
  const nlohmann::json& body() const;
  // The same as JSON text: an object; for staff, the stored text itself.
  std::string body_text() const;
  [[nodiscard]] Audience audience() const { return audience_; }

 private:
  Audience audience_ = Audience::peer_node;
  std::string reader_;  // the reader's user id
  mutable std::optional<nlohmann::json> parsed_;
};

struct CasePage {
  std::vector<CaseView> items;
  std::size_t total = 0;
};

struct Paging {
  std::size_t limit = 50;
  std::size_t offset = 0;
};

struct DecisionDraft {
  Outcome outcome = Outcome::approved;
  std::vector<std::string> reasons;     // refusal reason codes (required for a refusal)
  std::vector<std::string> conditions;  // condition ids or free text (required "with conditions")
  std::string explanation;              // for the exporter
};

struct DocumentUpload {
  std::string filename;
  std::string content_type;  // declared; checked against the bytes
  std::string content;
};

inline constexpr std::size_t kMaxDocumentBytes = std::size_t{16} * 1024 * 1024;

// An entry of the officers' queue.
struct QueueEntry {
  CaseView view;
  std::int64_t days_in_state = 0;
  std::int64_t days_open = 0;  // since submission
  std::size_t overdue_requests = 0;
};

struct RescreenReport {
  std::size_t cases_screened = 0;
  std::size_t parties_screened = 0;
  std::vector<std::string> flagged;  // application ids with new hits
};

}  // namespace echri::cases
