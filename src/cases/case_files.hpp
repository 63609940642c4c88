#pragma once
// What a case file holds besides the application: information requests to the exporter and their
// answers, the authority's internal notes and advice, and documents (stored once by SHA-256, the
// declared content type checked against the bytes). Information from the exporter (an answer, a
// document) that arrives after the assessment marks it out of date until it is re-assessed.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "cases/workflow.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

class CaseFiles {
 public:
  CaseFiles(store::Store& store, std::function<std::string()> now);

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

  Result<CaseView> add_document(const Principal& actor, std::string_view application_id,
                                const DocumentUpload& upload);
  Result<CasePage> documents(const Principal& actor, std::string_view application_id,
                             Paging paging);
  Result<std::pair<CaseView, store::Document>> document(const Principal& actor,
                                                        std::string_view document_id);

 private:
  store::Store& store_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
