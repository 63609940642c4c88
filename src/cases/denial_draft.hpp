#pragma once
// The denial notification a refusal yields: the Code asks Subscribing States to share their
// denials, so a refused case gives a draft of the `denial` entry (exchange/notification.hpp) that
// an officer reviews, redacts what must not leave the authority, and publishes through the
// exchange. The draft is computed, never stored: until published it is the case itself.
//
// The draft carries what another state needs to recognise an essentially identical transaction —
// control entries and capabilities, the items, the end user, consignee and other parties with
// their countries, the end use and the coded reasons — and nothing about the exporter, whose
// identity is commercial information the authority keeps.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/catalogue.hpp"
#include "cases/accounts.hpp"
#include "core/application.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

// The body of a `denial` notification for the application `id` refused on `decision_date`
// ("YYYY-MM-DD") for the coded `reasons`, valid for exchange::validate_body and expiring after the
// default term (exchange::default_denial_expiry). The end user is the ultimate end user when the
// application names one (the party the assessment judged), the other parties keep their roles.
// An end user or consignee without a country is placed in the destination, where the format
// puts them; another party without one is left out for the officer to add, since the format
// needs a country. Control characters become spaces and an over-long item description is cut,
// so that the draft is valid as it stands. conflict when the application names no end user, which
// a denial cannot do without.
Result<nlohmann::json> denial_body(std::string_view id, const core::Application& application,
                                   std::string_view decision_date,
                                   const std::vector<std::string>& reasons);

class DenialDrafts {
 public:
  DenialDrafts(store::Store& store, const assessment::Catalogue& catalogue);

  // {"kind": "denial", "audience": "all", "body": {...}} for the refused application `id`, what
  // POST /api/v1/exchange/publish takes once the officer has reviewed it. Officers only
  // (forbidden otherwise); not_found for an unknown id; conflict unless the case is decided and
  // refused, or when the application lacks what a denial must name (an end user).
  Result<nlohmann::json> draft(const Principal& actor, std::string_view id) const;

 private:
  store::Store& store_;
  const assessment::Catalogue& catalogue_;
};

}  // namespace echri::cases
