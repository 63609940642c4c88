#pragma once
// The licensing workflow over the store: applications from draft to decision, information
// requests, notes and advice, documents, four-eyes decisions with coded reasons, licences,
// appeals, the officers' queue and its clocks, and re-screening when the lists change.
//
// Every call takes the acting Principal and checks it (an exporter reaches only its own
// organisation's cases, and never the authority's internal notes or assessment); every change is
// one store transaction that also appends to the audit chain. Records' bodies are JSON; their
// fields are documented in docs/cases.md and returned by the API as they are stored (redacted
// for exporters).

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/evaluator.hpp"
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

// A record as the caller may see it: the stored record and its body, redacted for exporters.
// The body is parsed on first use, so that the authority's staff, who see bodies unredacted, can
// list and read cases without the stored JSON being parsed and written out again.
class CaseView {
 public:
  CaseView() = default;
  CaseView(store::Record stored, bool redact_for_exporter);

  store::Record record;

  // The body as this caller may see it.
  const nlohmann::json& body() const;
  // The same as JSON text: an object, the stored text itself when nothing is redacted.
  std::string body_text() const;

 private:
  bool redact_ = false;
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

class CaseService {
 public:
  // `now` gives UTC timestamps "YYYY-MM-DDTHH:MM:SSZ"; tests fix it to move the clocks.
  CaseService(store::Store& store, const Evaluator& evaluator,
              std::function<std::string()> now = {});

  // Applications. `application` is the exporter's document (docs/application-format.md).
  Result<CaseView> create_application(const Principal& actor, const nlohmann::json& application);
  Result<CaseView> update_application(const Principal& actor, std::string_view id,
                                      const nlohmann::json& application,
                                      std::optional<std::int64_t> if_match);
  Result<CaseView> application(const Principal& actor, std::string_view id);
  Result<CasePage> applications(const Principal& actor, const std::vector<std::string>& states,
                                Paging paging);
  // Completeness check, screening, assessment and flags; requests missing information.
  Result<CaseView> submit(const Principal& actor, std::string_view id,
                          std::optional<std::int64_t> if_match);
  Result<CaseView> start_review(const Principal& actor, std::string_view id,
                                std::optional<std::int64_t> if_match);
  Result<CaseView> withdraw(const Principal& actor, std::string_view id,
                            std::optional<std::int64_t> if_match);
  Result<CaseView> recommend(const Principal& actor, std::string_view id,
                             const DecisionDraft& draft, std::optional<std::int64_t> if_match);
  Result<CaseView> return_to_review(const Principal& actor, std::string_view id,
                                    std::string_view why, std::optional<std::int64_t> if_match);
  // Records the decision (four-eyes enforced); an approval issues a licence.
  Result<CaseView> decide(const Principal& actor, std::string_view id, const DecisionDraft& draft,
                          std::optional<std::int64_t> if_match);

  // Information requests to the exporter.
  Result<CaseView> request_information(const Principal& actor, std::string_view application_id,
                                       std::string_view question, std::string_view due_date);
  Result<CaseView> answer_information(const Principal& actor, std::string_view request_id,
                                      std::string_view answer);
  Result<CasePage> information_requests(const Principal& actor, std::string_view application_id,
                                        Paging paging);

  // Case notes (internal) and advice (a recommendation from an adviser).
  Result<CaseView> add_note(const Principal& actor, std::string_view application_id,
                            std::string_view text, bool advice,
                            std::optional<Outcome> advised_outcome);
  Result<CasePage> notes(const Principal& actor, std::string_view application_id, Paging paging);

  // Documents, stored once by SHA-256; the content type is checked against the bytes.
  Result<CaseView> add_document(const Principal& actor, std::string_view application_id,
                                const DocumentUpload& upload);
  Result<CasePage> documents(const Principal& actor, std::string_view application_id,
                             Paging paging);
  Result<std::pair<CaseView, store::Document>> document(const Principal& actor,
                                                        std::string_view document_id);

  // Licences.
  Result<CaseView> licence(const Principal& actor, std::string_view licence_id);
  Result<CasePage> licences(const Principal& actor, Paging paging);
  Result<CaseView> amend_licence(const Principal& actor, std::string_view licence_id,
                                 const std::vector<std::string>& conditions, std::string_view why,
                                 std::optional<std::int64_t> if_match);
  Result<CaseView> revoke_licence(const Principal& actor, std::string_view licence_id,
                                  std::string_view why, std::optional<std::int64_t> if_match);

  // Appeals against refusals: the exporter lodges, a senior officer decides; an upheld appeal
  // reopens the case for review.
  Result<CaseView> lodge_appeal(const Principal& actor, std::string_view application_id,
                                std::string_view grounds);
  Result<CaseView> decide_appeal(const Principal& actor, std::string_view appeal_id, bool upheld,
                                 std::string_view explanation);
  Result<CasePage> appeals(const Principal& actor, std::string_view application_id, Paging paging);

  // Open cases by risk, then age, with their clocks.
  Result<std::vector<QueueEntry>> queue(const Principal& actor, Paging paging,
                                        std::size_t* total = nullptr);

  // Screens the parties of every open case again (after a list update) and flags new hits.
  Result<RescreenReport> rescreen(const Principal& actor);

 private:
  store::Store& store_;
  const Evaluator& evaluator_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
