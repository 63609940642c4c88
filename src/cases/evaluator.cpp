#include "cases/evaluator.hpp"

#include "assessment/assessment_json.hpp"

namespace echri::cases {

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
  auto result = assessment::assess(input_for(application, as_of), catalogue_, policy_);
  auto report = assessment::to_json(result, application);
  return Evaluation{std::move(result), std::move(report), policy_fingerprint()};
}

std::string Evaluator::policy_fingerprint() const {
  return policy_.version() + "@" + policy_.digest().substr(0, 16);
}

}  // namespace echri::cases
