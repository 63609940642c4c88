#include "cases/workflow.hpp"

#include <gtest/gtest.h>

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
}

TEST(Workflow, FourEyesObjections) {
  const auto alice = officer("alice");
  const auto bob = officer("bob", Role::senior_officer);
  // A low-risk approval: one officer suffices.
  EXPECT_FALSE(four_eyes_objection(Outcome::approved, RiskLevel::low, alice, ""));
  // A refusal without a recommendation: refused, whoever decides.
  EXPECT_TRUE(four_eyes_objection(Outcome::refused, RiskLevel::low, bob, ""));
  // Recommended by alice, decided by alice: refused, she is not senior.
  EXPECT_TRUE(four_eyes_objection(Outcome::refused, RiskLevel::low, alice, "alice"));
  // A senior officer cannot approve their own recommendation at high risk.
  const auto own = four_eyes_objection(Outcome::approved, RiskLevel::high, bob, "bob");
  ASSERT_TRUE(own);
  EXPECT_NE(own->find("other than the one who recommended"), std::string::npos);
  // Recommended by alice, decided by bob (senior): allowed.
  EXPECT_FALSE(four_eyes_objection(Outcome::refused, RiskLevel::severe, bob, "alice"));
  // Only officers decide.
  EXPECT_TRUE(four_eyes_objection(Outcome::approved, RiskLevel::low,
                                  Principal{"x", Role::auditor, "authority"}, ""));
}

}  // namespace
}  // namespace echri::cases
