#pragma once
// The licensing workflow's states and the moves between them, as pure functions: which action is
// legal in which state, who may take it, and when a decision needs a second pair of eyes.
// docs/cases.md draws the state diagram.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/risk.hpp"
#include "cases/accounts.hpp"
#include "core/result.hpp"

namespace echri::cases {

enum class CaseState {
  draft,                  // the exporter is still writing it
  submitted,              // complete enough to be screened and assessed; waiting for an officer
  information_requested,  // waiting for the exporter's answers
  under_review,           // an officer works on it
  recommended,            // an officer proposed a decision; waiting for the second officer
  decided,                // approved, approved with conditions, or refused
  withdrawn,              // the exporter took it back
};

enum class CaseAction {
  submit,               // draft -> submitted (or information_requested when information is missing)
  request_information,  // submitted | under_review -> information_requested
  information_complete,  // information_requested -> under_review (the last open request answered)
  start_review,          // submitted -> under_review
  recommend,             // under_review -> recommended
  return_to_review,      // recommended -> under_review (the second officer disagrees)
  decide,                // under_review | recommended -> decided
  withdraw,              // any state before decided -> withdrawn
  reopen,                // decided -> under_review (an appeal was upheld)
};

enum class Outcome { approved, approved_with_conditions, refused };

std::string_view to_string(CaseState state);
std::string_view to_string(CaseAction action);
std::string_view to_string(Outcome outcome);
std::optional<CaseState> parse_case_state(std::string_view text);
std::optional<Outcome> parse_outcome(std::string_view text);
std::vector<std::string_view> all_case_states();
std::vector<std::string_view> all_outcomes();

// The state `action` leads to from `from`; conflict naming the legal actions when it is illegal.
Result<CaseState> next_state(CaseState from, CaseAction action);
// The actions that are legal in `state` (for error messages and the UI's buttons).
std::vector<CaseAction> legal_actions(CaseState state);

// The states in which a case is open work for the authority (queues, clocks, re-screening).
bool is_open_for_review(CaseState state);

// Four-eyes: a refusal, any approval at high or severe risk, and any approval while a party matches
// a restricted-party list must be decided by a senior officer who is not the officer who
// recommended it: nobody clears a listed party alone.
bool needs_second_officer(Outcome outcome, assessment::RiskLevel level,
                          bool screening_hits = false);

// What an officer recommended, as the decider sees it.
struct Recommendation {
  std::string by;  // the recommending person's user id
  Outcome outcome = Outcome::approved;
  std::vector<std::string> conditions;
};

// Whether deciding `outcome` with `conditions` confirms the recommendation: the same outcome and,
// for an approval with conditions, at least the recommended conditions (the decider may add).
bool confirms(const Recommendation& recommendation, Outcome outcome,
              const std::vector<std::string>& conditions);

// Why `decider` may not decide this case now, or nullopt when they may. Four-eyes is needed when
// either the proposed or the recommended outcome needs it at the case's current risk `level` and
// screening hits; persons are compared by user id.
std::optional<std::string> four_eyes_objection(Outcome outcome, assessment::RiskLevel level,
                                               const Principal& decider,
                                               const std::optional<Recommendation>& recommendation,
                                               bool screening_hits = false);

}  // namespace echri::cases
