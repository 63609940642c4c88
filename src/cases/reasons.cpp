// The coded reasons a refusal cites. They follow the considerations the Code of Conduct and the
// dual-use regimes name, so that a denial notification to other Subscribing States carries a code
// every node understands; docs/cases.md lists them with their sources.

#include <algorithm>

#include "cases/case_service.hpp"

namespace echri::cases {

const std::vector<ReasonCode>& refusal_reasons() {
  static const std::vector<ReasonCode> reasons{
      {"HR1",
       "clear risk that the items might be used in serious violations or abuses of human "
       "rights"},
      {"HR2", "risk of use for internal repression"},
      {"HR3",
       "risk of unlawful surveillance of journalists, human-rights defenders, political "
       "opponents or minorities"},
      {"HR4", "risk of use in serious violations of international humanitarian law"},
      {"EU1", "the end user is on a restricted-party or sanctions list"},
      {"EU2", "the end user or end use could not be verified (insufficient information)"},
      {"AS1", "the recipient refused the assurances the authority requires"},
      {"DV1", "risk of diversion to an unauthorised end user or end use"},
      {"EM1", "the export would breach an embargo or other international obligation"},
      {"PD1", "an essentially identical transaction was denied by another Subscribing State"},
      {"NS1", "national security or foreign policy of the exporting state"},
  };
  return reasons;
}

bool is_refusal_reason(std::string_view code) {
  const auto& reasons = refusal_reasons();
  return std::any_of(reasons.begin(), reasons.end(),
                     [&](const ReasonCode& reason) { return reason.code == code; });
}

}  // namespace echri::cases
