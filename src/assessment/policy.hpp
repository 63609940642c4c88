#pragma once
// The assessment policy: the weight of every factor, the score bands of the risk levels and the
// rules that turn findings into a recommendation, each citing the rule behind it. The default
// (data/policy/default-policy.toml) is compiled in; an authority replaces it with --policy FILE.
// docs/policy.md documents the format.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/catalogue.hpp"
#include "assessment/risk.hpp"
#include "core/result.hpp"

namespace echri::assessment {

// One family of factors: the points each value earns and the rule that justifies them.
struct FactorWeights {
  std::string citation;
  std::string rationale;
  std::map<std::string, double, std::less<>> points;  // value -> points
  // Whether the points are multiplied by the exposure of the most sensitive item: an end user's
  // or a destination's record matters in proportion to what the items can do to people.
  bool scaled_by_exposure = false;
};

// A recommendation rule: when `trigger` holds, the recommendation is at least `action`.
struct RecommendationRule {
  std::string trigger;  // see kRecommendationTriggers
  Recommendation action = Recommendation::refer;
  std::string citation;
};

struct ConditionText {
  std::string text;
  std::string citation;
};

// The factor families a policy must weigh, and the keys each must give points for.
// "end_user_type": every core::PartyType and "unknown"; "end_use": every core::EndUseCategory and
// "unknown"; "item_sensitivity": every Sensitivity; "destination_pts": "1".."5";
// "destination_freedom": "F", "PF", "NF"; "destination_authority": every RiskLevel;
// "destination_data": "missing", "stale"; "screening": "match", "identifier_match",
// "not_performed"; "red_flag": question ids and "default"; "assurance_refused",
// "assurance_missing": the assurance names; "missing_information": "each";
// "peer_denial": "denial"; "diversion": "end_user_country_differs".
std::vector<std::string_view> factor_families();

// Triggers: "level_low", "level_medium", "level_high", "level_severe", "screening_match",
// "screening_identifier_match", "screening_not_performed", "missing_information",
// "peer_denial", "red_flag" (any due-diligence answer that raises a concern).
std::vector<std::string_view> recommendation_triggers();

class Policy {
 public:
  // The default policy compiled into the binary.
  static const Policy& builtin();

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& version() const { return version_; }
  // SHA-256 (hex) of the policy file's text: changes with any edit, even one that forgets to
  // raise `version`.
  [[nodiscard]] const std::string& digest() const { return digest_; }
  [[nodiscard]] const FactorWeights& factor(std::string_view family) const;
  // Points for `key` in `family`; a family's "default" key when `key` has none.
  [[nodiscard]] double points(std::string_view family, std::string_view key) const;
  // Multiplier by the sensitivity of the most sensitive item, in [0, 1].
  [[nodiscard]] double exposure(Sensitivity sensitivity) const;
  // Lowest scores of the medium, high and severe bands; below `medium` is low.
  [[nodiscard]] RiskLevel level_for(double score) const;
  [[nodiscard]] double level_floor(RiskLevel level) const;
  [[nodiscard]] const std::vector<RecommendationRule>& rules() const { return rules_; }
  [[nodiscard]] const RecommendationRule* rule(std::string_view trigger) const;
  [[nodiscard]] const ConditionText* condition(std::string_view id) const;
  // Country indicators older than this many years (against the assessment date) are stale.
  [[nodiscard]] int max_data_age_years() const { return max_data_age_years_; }
  // Assurances that must be stated (true or false) for every application, and in addition for
  // items at or above `sensitive_from`.
  [[nodiscard]] const std::vector<std::string>& required_assurances() const {
    return required_assurances_;
  }
  [[nodiscard]] const std::vector<std::string>& required_assurances_sensitive() const {
    return required_assurances_sensitive_;
  }
  // Questions that must be answered for every application, and in addition for items at or
  // above `sensitive_from`.
  [[nodiscard]] const std::vector<std::string>& required_answers() const {
    return required_answers_;
  }
  [[nodiscard]] const std::vector<std::string>& required_answers_sensitive() const {
    return required_answers_sensitive_;
  }
  [[nodiscard]] Sensitivity sensitive_from() const { return sensitive_from_; }

 private:
  friend Result<Policy> parse_policy(std::string_view, const std::string&, const Catalogue&);
  std::string name_;
  std::string version_;
  std::string digest_;
  std::map<std::string, FactorWeights, std::less<>> factors_;
  std::map<Sensitivity, double> exposure_;
  double medium_from_ = 25;
  double high_from_ = 50;
  double severe_from_ = 75;
  std::vector<RecommendationRule> rules_;
  std::map<std::string, ConditionText, std::less<>> conditions_;
  int max_data_age_years_ = 3;
  std::vector<std::string> required_assurances_;
  std::vector<std::string> required_assurances_sensitive_;
  std::vector<std::string> required_answers_;
  std::vector<std::string> required_answers_sensitive_;
  Sensitivity sensitive_from_ = Sensitivity::high;
};

// Parses and validates a policy: every family with every key it needs, bands in increasing order,
// known triggers and recommendations, and question and assurance names the catalogue knows.
// Errors name file:line and the field.
Result<Policy> parse_policy(std::string_view toml_text, const std::string& file,
                            const Catalogue& catalogue);
Result<Policy> load_policy(const std::string& path, const Catalogue& catalogue);

}  // namespace echri::assessment
