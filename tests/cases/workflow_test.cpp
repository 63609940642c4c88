#include "cases/workflow.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace echri::cases {
namespace {

using assessment::RiskLevel;

Principal officer(std::string user, Role role = Role::officer) {
  return Principal{std::move(user), role, "authority"};
}

TEST(Workflow, TheHappyPathReachesADecision) {
  auto state = next_state(CaseState::draft, CaseAction::submit);
  ASSERT_TRUE(state);
  EXPECT_EQ(*state, CaseState::submitted);
  state = next_state(*state, CaseAction::start_review);
  ASSERT_TRUE(state);
  state = next_state(*state, CaseAction::recommend);
  ASSERT_TRUE(state);
  EXPECT_EQ(*state, CaseState::recommended);
  state = next_state(*state, CaseAction::decide);
  ASSERT_TRUE(state);
  EXPECT_EQ(*state, CaseState::decided);
}

TEST(Workflow, IllegalMovesAreConflictsThatNameTheLegalOnes) {
  const auto decided = next_state(CaseState::draft, CaseAction::decide);
  ASSERT_FALSE(decided);
  EXPECT_EQ(decided.error().kind, ErrorKind::conflict);
  EXPECT_NE(decided.error().message.find("cannot decide an application in state draft"),
            std::string::npos);
  EXPECT_NE(decided.error().message.find("submit"), std::string::npos);
  EXPECT_FALSE(next_state(CaseState::decided, CaseAction::withdraw));
  EXPECT_FALSE(next_state(CaseState::withdrawn, CaseAction::submit));
  const auto none = next_state(CaseState::withdrawn, CaseAction::reopen);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("no action is possible"), std::string::npos);
}

TEST(Workflow, EveryStateHasANameThatParsesBack) {
  for (const auto name : all_case_states()) {
    const auto state = parse_case_state(name);
    ASSERT_TRUE(state) << name;
    EXPECT_EQ(to_string(*state), name);
  }
  for (const auto name : all_outcomes()) {
    const auto outcome = parse_outcome(name);
    ASSERT_TRUE(outcome) << name;
    EXPECT_EQ(to_string(*outcome), name);
  }
  EXPECT_FALSE(parse_case_state("approved"));
}

TEST(Workflow, OnlyUndecidedCasesCanBeWithdrawn) {
  for (const auto name : all_case_states()) {
    const auto state = *parse_case_state(name);
    const bool can = static_cast<bool>(next_state(state, CaseAction::withdraw));
    EXPECT_EQ(can, state != CaseState::decided && state != CaseState::withdrawn) << name;
  }
}

TEST(Workflow, RefusalsAndRiskyApprovalsNeedASecondOfficer) {
  EXPECT_TRUE(needs_second_officer(Outcome::refused, RiskLevel::low));
  EXPECT_TRUE(needs_second_officer(Outcome::approved, RiskLevel::high));
  EXPECT_TRUE(needs_second_officer(Outcome::approved_with_conditions, RiskLevel::severe));
  EXPECT_FALSE(needs_second_officer(Outcome::approved, RiskLevel::medium));
  EXPECT_FALSE(needs_second_officer(Outcome::approved_with_conditions, RiskLevel::low));
  // Nobody clears a party that matches a restricted-party list alone.
  EXPECT_TRUE(needs_second_officer(Outcome::approved, RiskLevel::low, true));
}

TEST(Workflow, FourEyesObjections) {
  const auto alice = officer("alice");
  const auto bob = officer("bob", Role::senior_officer);
  const auto none = std::optional<Recommendation>();
  const auto refuse_by = [](std::string by) {
    return std::optional<Recommendation>(Recommendation{std::move(by), Outcome::refused, {}});
  };
  const auto approve_by = [](std::string by) {
    return std::optional<Recommendation>(Recommendation{std::move(by), Outcome::approved, {}});
  };
  // A low-risk approval: one officer suffices.
  EXPECT_FALSE(four_eyes_objection(Outcome::approved, RiskLevel::low, alice, none));
  // A refusal without a recommendation: refused, whoever decides.
  EXPECT_TRUE(four_eyes_objection(Outcome::refused, RiskLevel::low, bob, none));
  // Recommended by alice, decided by alice: refused, she is not senior.
  EXPECT_TRUE(four_eyes_objection(Outcome::refused, RiskLevel::low, alice, refuse_by("alice")));
  // A senior officer cannot approve their own recommendation at high risk.
  const auto own = four_eyes_objection(Outcome::approved, RiskLevel::high, bob, approve_by("bob"));
  ASSERT_TRUE(own);
  EXPECT_NE(own->find("other than the one who recommended"), std::string::npos);
  // Recommended by alice, decided by bob (senior): allowed.
  EXPECT_FALSE(four_eyes_objection(Outcome::refused, RiskLevel::severe, bob, refuse_by("alice")));
  // A recommended refusal keeps its four-eyes need when the decider proposes an approval: the
  // officer who recommended may not approve it alone at low risk.
  EXPECT_TRUE(four_eyes_objection(Outcome::approved, RiskLevel::low, alice, refuse_by("alice")));
  EXPECT_TRUE(
      four_eyes_objection(Outcome::approved, RiskLevel::low, officer("carl"), refuse_by("alice")));
  // Only officers decide.
  EXPECT_TRUE(four_eyes_objection(Outcome::approved, RiskLevel::low,
                                  Principal{"x", Role::auditor, "authority"}, none));
}

TEST(Workflow, ADecisionConfirmsARecommendationOnlyWithItsOutcomeAndConditions) {
  const Recommendation refusal{"alice", Outcome::refused, {}};
  EXPECT_TRUE(confirms(refusal, Outcome::refused, {}));
  EXPECT_FALSE(confirms(refusal, Outcome::approved, {}));
  const Recommendation conditional{"alice", Outcome::approved_with_conditions, {"C1", "C2"}};
  EXPECT_TRUE(confirms(conditional, Outcome::approved_with_conditions, {"C2", "C1", "C3"}));
  EXPECT_FALSE(confirms(conditional, Outcome::approved_with_conditions, {"C1"}));
  EXPECT_FALSE(confirms(conditional, Outcome::approved, {}));
}

}  // namespace
}  // namespace echri::cases
