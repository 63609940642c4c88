#include "cases/workflow.hpp"

#include <algorithm>
#include <array>

#include "core/enum_names.hpp"

namespace echri::cases {
namespace {

constexpr core::EnumNames<CaseState, 7> kStates{{
    {CaseState::draft, "draft"},
    {CaseState::submitted, "submitted"},
    {CaseState::information_requested, "information_requested"},
    {CaseState::under_review, "under_review"},
    {CaseState::recommended, "recommended"},
    {CaseState::decided, "decided"},
    {CaseState::withdrawn, "withdrawn"},
}};

constexpr core::EnumNames<CaseAction, 9> kActions{{
    {CaseAction::submit, "submit"},
    {CaseAction::request_information, "request_information"},
    {CaseAction::information_complete, "information_complete"},
    {CaseAction::start_review, "start_review"},
    {CaseAction::recommend, "recommend"},
    {CaseAction::return_to_review, "return_to_review"},
    {CaseAction::decide, "decide"},
    {CaseAction::withdraw, "withdraw"},
    {CaseAction::reopen, "reopen"},
}};

constexpr core::EnumNames<Outcome, 3> kOutcomes{{
    {Outcome::approved, "approved"},
    {Outcome::approved_with_conditions, "approved_with_conditions"},
    {Outcome::refused, "refused"},
}};

struct Move {
  CaseState from;
  CaseAction action;
  CaseState to;
};

// The whole state machine. Submission may also land in information_requested; the case service
// follows submit with request_information when the completeness check finds gaps.
constexpr std::array kMoves{
    Move{CaseState::draft, CaseAction::submit, CaseState::submitted},
    Move{CaseState::submitted, CaseAction::request_information, CaseState::information_requested},
    Move{CaseState::under_review, CaseAction::request_information,
         CaseState::information_requested},
    Move{CaseState::information_requested, CaseAction::request_information,
         CaseState::information_requested},
    Move{CaseState::information_requested, CaseAction::information_complete,
         CaseState::under_review},
    Move{CaseState::submitted, CaseAction::start_review, CaseState::under_review},
    Move{CaseState::under_review, CaseAction::recommend, CaseState::recommended},
    Move{CaseState::recommended, CaseAction::return_to_review, CaseState::under_review},
    Move{CaseState::under_review, CaseAction::decide, CaseState::decided},
    Move{CaseState::recommended, CaseAction::decide, CaseState::decided},
    Move{CaseState::draft, CaseAction::withdraw, CaseState::withdrawn},
    Move{CaseState::submitted, CaseAction::withdraw, CaseState::withdrawn},
    Move{CaseState::information_requested, CaseAction::withdraw, CaseState::withdrawn},
    Move{CaseState::under_review, CaseAction::withdraw, CaseState::withdrawn},
    Move{CaseState::recommended, CaseAction::withdraw, CaseState::withdrawn},
    Move{CaseState::decided, CaseAction::reopen, CaseState::under_review},
};

bool is_senior(Role role) {
  return role == Role::senior_officer;
}

}  // namespace

std::string_view to_string(CaseState state) {
  return core::name_of(kStates, state);
}
std::string_view to_string(CaseAction action) {
  return core::name_of(kActions, action);
}
std::string_view to_string(Outcome outcome) {
  return core::name_of(kOutcomes, outcome);
}
std::optional<CaseState> parse_case_state(std::string_view text) {
  return core::value_of(kStates, text);
}
std::optional<Outcome> parse_outcome(std::string_view text) {
  return core::value_of(kOutcomes, text);
}
std::vector<std::string_view> all_case_states() {
  return core::names_of(kStates);
}
std::vector<std::string_view> all_outcomes() {
  return core::names_of(kOutcomes);
}

std::vector<CaseAction> legal_actions(CaseState state) {
  std::vector<CaseAction> actions;
  for (const auto& move : kMoves)
    if (move.from == state) actions.push_back(move.action);
  return actions;
}

Result<CaseState> next_state(CaseState from, CaseAction action) {
  for (const auto& move : kMoves)
    if (move.from == from && move.action == action) return move.to;
  std::string legal;
  for (const auto candidate : legal_actions(from)) {
    if (!legal.empty()) legal += ", ";
    legal += to_string(candidate);
  }
  return fail(ErrorKind::conflict, "cannot " + std::string(to_string(action)) +
                                       " an application in state " + std::string(to_string(from)) +
                                       (legal.empty() ? std::string(" (no action is possible)")
                                                      : " (possible: " + legal + ")"));
}

bool is_open_for_review(CaseState state) {
  return state == CaseState::submitted || state == CaseState::information_requested ||
         state == CaseState::under_review || state == CaseState::recommended;
}

bool needs_second_officer(Outcome outcome, assessment::RiskLevel level, bool screening_hits) {
  return outcome == Outcome::refused || level == assessment::RiskLevel::high ||
         level == assessment::RiskLevel::severe || screening_hits;
}

bool confirms(const Recommendation& recommendation, Outcome outcome,
              const std::vector<std::string>& conditions) {
  if (recommendation.outcome != outcome) return false;
  return std::all_of(recommendation.conditions.begin(), recommendation.conditions.end(),
                     [&](const std::string& condition) {
                       return std::find(conditions.begin(), conditions.end(), condition) !=
                              conditions.end();
                     });
}

std::optional<std::string> four_eyes_objection(Outcome outcome, assessment::RiskLevel level,
                                               const Principal& decider,
                                               const std::optional<Recommendation>& recommendation,
                                               bool screening_hits) {
  if (decider.role != Role::officer && decider.role != Role::senior_officer)
    return "only officers decide applications";
  const bool proposed_needs = needs_second_officer(outcome, level, screening_hits);
  const bool recommended_needs =
      recommendation && needs_second_officer(recommendation->outcome, level, screening_hits);
  if (!proposed_needs && !recommended_needs) return std::nullopt;
  const auto needing = proposed_needs ? outcome : recommendation->outcome;
  const bool risky = level == assessment::RiskLevel::high || level == assessment::RiskLevel::severe;
  const std::string why =
      needing == Outcome::refused ? "a refusal"
      : risky ? "an approval at " + std::string(assessment::to_string(level)) + " risk"
              : std::string("an approval while a party matches a restricted-party list");
  if (!recommendation)
    return why + " needs four eyes: an officer recommends it first, then a senior officer decides";
  if (decider.user == recommendation->by)
    return why + " must be decided by a senior officer other than the one who recommended it (" +
           recommendation->by + ")";
  if (!is_senior(decider.role)) return why + " must be decided by a senior officer";
  return std::nullopt;
}

}  // namespace echri::cases
