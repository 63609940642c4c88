#pragma once
// Other Subscribing States' denials as the assessment reads them (assessment::PeerDenial), from
// the entries received through the exchange (exchange/inbox.hpp): each denial with what its
// issuer published about it since — amendments, renewals, revocations — applied.
//
// A follow-up counts only when its issuer is the denial's: one state can neither revoke nor
// rewrite another's denial. The issuer is the entry's own claim; that it is the state owning the
// log the entry came from is for the exchange to hold.

#include <span>
#include <string_view>
#include <vector>

#include "assessment/assess.hpp"
#include "exchange/inbox.hpp"

namespace echri::cases {

// The denials in force on `today` ("YYYY-MM-DD") among `entries` (as read_all_entries gives them:
// oldest first within each log). Unreadable entries and entries whose bodies do not validate are
// skipped. A follow-up refers to its denial by {origin, index}; within one log it must come after
// it, and follow-ups apply in the order given, each only when the denial stays valid with it.
// A denial is in force while its expires_on is today or later and no revocation dated today or
// earlier withdrew it. Each control entry of a denial gives one PeerDenial: state = the issuer,
// reference = "<origin>#<index> (<authority_reference>)", date = decision_date, end user and
// destination = the end user's name and country, reason = the reason codes joined by ", ".
std::vector<assessment::PeerDenial> denials_in_force(
    std::span<const exchange::ReceivedEntry> entries, std::string_view today);

}  // namespace echri::cases
