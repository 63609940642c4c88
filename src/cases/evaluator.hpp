#pragma once
// Screens an application's parties and assesses it: what submission, re-assessment and
// POST /api/v1/assess share. Holds the catalogue, the policy and the country data for the life of
// a server; the lists come from a ListHolder so that a list update reaches the next evaluation.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/assess.hpp"
#include "assessment/catalogue.hpp"
#include "assessment/country_data.hpp"
#include "assessment/policy.hpp"
#include "cases/party_screening.hpp"
#include "core/application.hpp"
#include "core/result.hpp"

namespace echri::cases {

// Other Subscribing States' denials in force (peer_denials_in_force.hpp), every one: the
// evaluator picks those of essentially identical transactions. Called once per evaluation,
// outside any store transaction, so that it may open its own.
using PeerDenialSource = std::function<Result<std::vector<assessment::PeerDenial>>()>;

struct Evaluation {
  assessment::Assessment assessment;
  nlohmann::ordered_json report;   // assessment_json's to_json: what the API and the case store
  std::string policy_fingerprint;  // Evaluator::policy_fingerprint() when it was made
};

class Evaluator {
 public:
  Evaluator(const ListHolder& lists, const assessment::Catalogue& catalogue,
            assessment::Policy policy, assessment::CountryData countries, double threshold);

  // `as_of` is used when the application carries no submitted_on date. With a source of peer
  // denials (with_peer_denials), the assessment weighs those of essentially identical
  // transactions; when the source fails, it goes on without them and says so in data_warnings.
  [[nodiscard]] Evaluation evaluate(const core::Application& application,
                                    std::string_view as_of) const;
  // What the engine reads about `application`: the parties screened against the current lists,
  // the country data and the reference date (`as_of` unless the application is dated). Shared by
  // the assessment and the exporters' due diligence, so never other states' denials: those are
  // confidential between the states. REQUIRES: `application` outlives the result.
  [[nodiscard]] assessment::AssessmentInput input_for(const core::Application& application,
                                                      std::string_view as_of) const;
  [[nodiscard]] assessment::ScreeningEvidence screen(const core::Application& application) const;

  // A copy that also reads other states' denials from `source` (none when it is empty). The case
  // workflow's evaluator has one (CaseServices); the one behind POST /api/v1/assess, which
  // exporters call, must not, since exchanged denials never leave the authority.
  [[nodiscard]] Evaluator with_peer_denials(PeerDenialSource source) const;

  [[nodiscard]] const assessment::Catalogue& catalogue() const { return catalogue_; }
  [[nodiscard]] const assessment::Policy& policy() const { return policy_; }
  // "<declared version>@<first 16 hex digits of the policy text's SHA-256>": what a case records
  // as the policy its assessment relied on.
  [[nodiscard]] std::string policy_fingerprint() const;
  [[nodiscard]] const ListHolder& lists() const { return lists_; }

 private:
  const ListHolder& lists_;
  const assessment::Catalogue& catalogue_;
  assessment::Policy policy_;
  assessment::CountryData countries_;
  double threshold_;
  PeerDenialSource peer_denials_;
};

}  // namespace echri::cases
