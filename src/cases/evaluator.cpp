#include "cases/evaluator.hpp"

#include "assessment/assessment_json.hpp"
#include "assessment/peer_denials.hpp"
#include "screening/name_score.hpp"

namespace echri::cases {
namespace {

// How alike two end users' names must be for two transactions to be "essentially identical": as
// `echri assess --denials` judges them.
constexpr double kSameEndUser = 0.85;

double name_similarity(std::string_view a, std::string_view b) {
  return screening::compare_names(a, b, std::nullopt).name.score;
}

}  // namespace

Evaluator::Evaluator(const ListHolder& lists, const assessment::Catalogue& catalogue,
                     assessment::Policy policy, assessment::CountryData countries, double threshold)
    : lists_(lists),
      catalogue_(catalogue),
      policy_(std::move(policy)),
      countries_(std::move(countries)),
      threshold_(threshold) {}

assessment::ScreeningEvidence Evaluator::screen(const core::Application& application) const {
  const auto lists = lists_.current();
  return screen_parties(lists.get(), application, threshold_);
}

assessment::AssessmentInput Evaluator::input_for(const core::Application& application,
                                                 std::string_view as_of) const {
  assessment::AssessmentInput input;
  input.application = &application;
  input.screening = screen(application);
  input.countries = &countries_;
  input.as_of = application.submitted_on.empty() ? std::string(as_of) : application.submitted_on;
  return input;
}

Evaluation Evaluator::evaluate(const core::Application& application, std::string_view as_of) const {
  auto input = input_for(application, as_of);
  std::string unread;
  if (peer_denials_) {
    if (auto denials = peer_denials_()) {
      input.peer_denials =
          assessment::essentially_identical(*denials, application, name_similarity, kSameEndUser);
    } else {
      // An assessment without them is still worth having (the officer re-assesses later), but it
      // must not pass for one that found none.
      unread =
          "denials by other Subscribing States could not be read: " + denials.error().describe();
    }
  }
  auto result = assessment::assess(input, catalogue_, policy_);
  if (!unread.empty()) result.data_warnings.push_back(std::move(unread));
  auto report = assessment::to_json(result, application);
  return Evaluation{std::move(result), std::move(report), policy_fingerprint()};
}

Evaluator Evaluator::with_peer_denials(PeerDenialSource source) const {
  Evaluator copy = *this;
  copy.peer_denials_ = std::move(source);
  return copy;
}

std::string Evaluator::policy_fingerprint() const {
  return policy_.version() + "@" + policy_.digest().substr(0, 16);
}

}  // namespace echri::cases
