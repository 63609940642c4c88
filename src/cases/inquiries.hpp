#pragma once
// What reaches the authority outside a licence application: exporters' advisory queries about an
// end user before they apply, and civil society's submissions of evidence about end users and
// technologies (commitment 2 of the Code: consult civil society). Submissions are triaged by
// officers and linked to the applications whose parties they concern.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "cases/evaluator.hpp"
#include "store/store.hpp"

namespace echri::cases {

inline constexpr std::string_view kAdvisoryQuery = "advisory_query";
inline constexpr std::string_view kSubmission = "submission";

enum class Advice {
  no_objection,              // a licence would likely be granted, or none is needed
  licence_required,          // apply; the answer depends on the details
  likely_refusal,            // an application would likely be refused
  insufficient_information,  // say more
};
std::string_view to_string(Advice advice);
std::optional<Advice> parse_advice(std::string_view text);
std::vector<std::string_view> all_advice();

enum class Priority { low, medium, high };
std::optional<Priority> parse_priority(std::string_view text);

// How alike an application party's name must be to a submission's subject to suggest a link.
inline constexpr double kSuggestLinkScore = 0.85;

class Inquiries {
 public:
  Inquiries(store::Store& store, const Evaluator& evaluator, std::function<std::string()> now = {});

  // {"end_user": {"name", "country", "type"?}, "items": [{"description", "control_entry"?}],
  //  "question"}; the end user is screened at once, for the officer who answers.
  Result<CaseView> ask(const Principal& actor, const nlohmann::json& query);
  Result<CaseView> answer(const Principal& actor, std::string_view id, Advice advice,
                          std::string_view text, std::optional<std::int64_t> if_match);
  Result<CaseView> advisory_query(const Principal& actor, std::string_view id);
  Result<CasePage> advisory_queries(const Principal& actor, Paging paging);

  // {"subject": "end_user"|"technology", "name", "country"?, "control_entry"?, "summary",
  //  "evidence", "sources": [urls]}
  Result<CaseView> submit(const Principal& actor, const nlohmann::json& submission);
  // Sets the priority and suggests links to open applications with a party of that name.
  Result<CaseView> triage(const Principal& actor, std::string_view id, Priority priority,
                          std::string_view note, std::optional<std::int64_t> if_match);
  // Links the submission to an application; the application gets a flag.
  Result<CaseView> link(const Principal& actor, std::string_view id,
                        std::string_view application_id, std::optional<std::int64_t> if_match);
  Result<CaseView> submission(const Principal& actor, std::string_view id);
  Result<CasePage> submissions(const Principal& actor, Paging paging);

 private:
  store::Store& store_;
  const Evaluator& evaluator_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
