#include "assessment/policy.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "assessment/internal/toml_fields.hpp"
#include "core/application.hpp"
#include "core/digest.hpp"
#include "core/file_io.hpp"

namespace echri::assessment {
namespace {

using detail::toml_error;
using detail::TomlTable;

constexpr std::string_view kBuiltinPolicy =
#include "default_policy_toml.inc"
    ;

constexpr std::array<std::string_view, 5> kAssurances{
    "end_use_statement", "no_reexport", "post_shipment_checks", "end_user_certificate",
    "human_rights_clause"};

constexpr std::array<std::string_view, 10> kTriggers{"level_low",
                                                     "level_medium",
                                                     "level_high",
                                                     "level_severe",
                                                     "screening_match",
                                                     "screening_identifier_match",
                                                     "screening_not_performed",
                                                     "missing_information",
                                                     "peer_denial",
                                                     "red_flag"};

constexpr std::array<std::string_view, 7> kConditions{
    "end_use_statement",    "no_reexport",          "post_shipment_verification",
    "human_rights_clause",  "end_user_certificate", "resolve_screening_match",
    "consult_denying_state"};

template <std::size_t N>
std::vector<std::string_view> as_vector(const std::array<std::string_view, N>& words) {
  return {words.begin(), words.end()};
}

std::vector<std::string_view> with(std::vector<std::string_view> words,
                                   std::initializer_list<std::string_view> more) {
  words.insert(words.end(), more.begin(), more.end());
  return words;
}

// The keys each family must give points for; an empty list means "any known key, plus default".
std::vector<std::string_view> required_keys(std::string_view family) {
  if (family == "item_sensitivity") return {"none", "low", "moderate", "high", "critical"};
  if (family == "end_user_type") return with(core::all_party_types(), {"unknown"});
  if (family == "end_use") return with(core::all_end_use_categories(), {"unknown"});
  if (family == "destination_pts") return {"1", "2", "3", "4", "5"};
  if (family == "destination_freedom") return {"F", "PF", "NF"};
  if (family == "destination_authority") return {"low", "medium", "high", "severe"};
  if (family == "destination_data") return {"missing", "stale"};
  if (family == "screening") return {"match", "identifier_match", "not_performed"};
  if (family == "red_flag") return {"default"};
  if (family == "assurance_refused" || family == "assurance_missing") return as_vector(kAssurances);
  if (family == "missing_information") return {"each"};
  if (family == "peer_denial") return {"denial"};
  if (family == "diversion") return {"end_user_country_differs"};
  return {};
}

template <class Words>
bool contains(const Words& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

FactorWeights read_factor(const TomlTable& table, std::string_view family,
                          const Catalogue& catalogue) {
  table.only({"citation", "rationale", "scaled", "points"});
  FactorWeights weights;
  weights.citation = table.string("citation");
  weights.rationale = table.optional_string("rationale");
  weights.scaled_by_exposure = table.optional_bool("scaled", false);
  const TomlTable points = table.subtable("points");
  const auto keys = required_keys(family);
  for (const auto& [key, node] : points.table()) {
    const auto name = key.str();
    const bool known = family == "red_flag"
                           ? (name == "default" || catalogue.find_question(name) != nullptr)
                           : contains(keys, name);
    if (!known)
      toml_error(detail::line_of(node), points.field(name) +
                                            ": unknown key for this factor family" +
                                            (family == "red_flag" ? " (not a question id)" : ""));
    const double value = points.number(name);
    if (value < 0 || value > 100)
      toml_error(detail::line_of(node), points.field(name) + ": points must be 0..100");
    weights.points.emplace(std::string(name), value);
  }
  for (const auto key : keys)
    if (!weights.points.contains(key))
      toml_error(points.line(), points.field(key) + ": required key is missing");
  return weights;
}

Sensitivity sensitivity_at(const TomlTable& table, std::string_view key) {
  const auto text = table.string(key);
  const auto value = parse_sensitivity(text);
  if (!value) table.fail_at(key, "unknown sensitivity \"" + text + "\"");
  return *value;
}

void check_names(const TomlTable& table, std::string_view key,
                 const std::vector<std::string>& names, auto&& known) {
  for (const auto& name : names)
    if (!known(name)) table.fail_at(key, "unknown name \"" + name + "\"");
}

}  // namespace

std::vector<std::string_view> factor_families() {
  return {"item_sensitivity",
          "end_user_type",
          "end_use",
          "destination_pts",
          "destination_freedom",
          "destination_authority",
          "destination_data",
          "screening",
          "red_flag",
          "assurance_refused",
          "assurance_missing",
          "missing_information",
          "peer_denial",
          "diversion"};
}

std::vector<std::string_view> recommendation_triggers() {
  return as_vector(kTriggers);
}

const Policy& Policy::builtin() {
  static const Policy policy = [] {
    auto parsed =
        parse_policy(kBuiltinPolicy, "data/policy/default-policy.toml", Catalogue::builtin());
    if (!parsed) {
      // The shipped policy is checked by the tests; reaching this is a build defect.
      std::cerr << "echri: the built-in policy is invalid: " << parsed.error().describe() << "\n";
      std::abort();
    }
    return std::move(*parsed);
  }();
  return policy;
}

const FactorWeights& Policy::factor(std::string_view family) const {
  const auto it = factors_.find(family);
  if (it == factors_.end()) {
    std::cerr << "echri: no factor family \"" << family << "\" in the policy\n";
    std::abort();
  }
  return it->second;
}

double Policy::points(std::string_view family, std::string_view key) const {
  const auto& weights = factor(family);
  if (const auto it = weights.points.find(key); it != weights.points.end()) return it->second;
  if (const auto it = weights.points.find("default"); it != weights.points.end()) return it->second;
  return 0;
}

double Policy::exposure(Sensitivity sensitivity) const {
  const auto it = exposure_.find(sensitivity);
  return it == exposure_.end() ? 1.0 : it->second;
}

RiskLevel Policy::level_for(double score) const {
  if (score >= severe_from_) return RiskLevel::severe;
  if (score >= high_from_) return RiskLevel::high;
  if (score >= medium_from_) return RiskLevel::medium;
  return RiskLevel::low;
}

double Policy::level_floor(RiskLevel level) const {
  switch (level) {
    case RiskLevel::low:
      return 0;
    case RiskLevel::medium:
      return medium_from_;
    case RiskLevel::high:
      return high_from_;
    case RiskLevel::severe:
      return severe_from_;
  }
  return 0;
}

const RecommendationRule* Policy::rule(std::string_view trigger) const {
  const auto it = std::find_if(rules_.begin(), rules_.end(),
                               [&](const auto& candidate) { return candidate.trigger == trigger; });
  return it == rules_.end() ? nullptr : &*it;
}

const ConditionText* Policy::condition(std::string_view id) const {
  const auto it = conditions_.find(id);
  return it == conditions_.end() ? nullptr : &it->second;
}

Result<Policy> parse_policy(std::string_view toml_text, const std::string& file,
                            const Catalogue& catalogue) {
  try {
    const auto document = detail::parse_toml(toml_text, file);
    const TomlTable root(document, "");
    root.only(
        {"policy", "levels", "exposure", "data", "information", "factors", "rule", "conditions"});
    Policy policy;

    const auto head = root.subtable("policy");
    head.only({"name", "version", "description"});
    policy.name_ = head.string("name");
    policy.version_ = head.string("version");
    policy.digest_ = core::sha256_hex(toml_text);

    const auto levels = root.subtable("levels");
    levels.only({"medium", "high", "severe"});
    policy.medium_from_ = levels.number("medium");
    policy.high_from_ = levels.number("high");
    policy.severe_from_ = levels.number("severe");
    if (!(0 < policy.medium_from_ && policy.medium_from_ < policy.high_from_ &&
          policy.high_from_ < policy.severe_from_ && policy.severe_from_ <= 100))
      levels.fail_at("medium", "bands must rise: 0 < medium < high < severe <= 100");

    const auto exposure = root.subtable("exposure");
    exposure.only({"citation", "none", "low", "moderate", "high", "critical"});
    exposure.string("citation");
    for (const auto name : {"none", "low", "moderate", "high", "critical"}) {
      const double value = exposure.number(name);
      if (value < 0 || value > 1) exposure.fail_at(name, "an exposure multiplier must be 0..1");
      policy.exposure_[*parse_sensitivity(name)] = value;
    }

    const auto data = root.subtable("data");
    data.only({"max_age_years"});
    policy.max_data_age_years_ = static_cast<int>(data.number("max_age_years"));
    if (policy.max_data_age_years_ < 0) data.fail_at("max_age_years", "must not be negative");

    const auto information = root.subtable("information");
    information.only({"citation", "required_assurances", "required_assurances_sensitive",
                      "required_answers", "required_answers_sensitive", "sensitive_from"});
    information.string("citation");
    policy.required_assurances_ = information.strings("required_assurances");
    policy.required_assurances_sensitive_ = information.strings("required_assurances_sensitive");
    policy.required_answers_ = information.strings("required_answers");
    policy.required_answers_sensitive_ = information.strings("required_answers_sensitive");
    policy.sensitive_from_ = sensitivity_at(information, "sensitive_from");
    const auto is_assurance = [](const std::string& name) {
      return std::find(kAssurances.begin(), kAssurances.end(), name) != kAssurances.end();
    };
    const auto is_question = [&](const std::string& name) {
      return catalogue.find_question(name) != nullptr;
    };
    check_names(information, "required_assurances", policy.required_assurances_, is_assurance);
    check_names(information, "required_assurances_sensitive", policy.required_assurances_sensitive_,
                is_assurance);
    check_names(information, "required_answers", policy.required_answers_, is_question);
    check_names(information, "required_answers_sensitive", policy.required_answers_sensitive_,
                is_question);

    const auto factors = root.subtable("factors");
    for (const auto& [key, node] : factors.table()) {
      const auto family = key.str();
      if (!contains(factor_families(), family))
        toml_error(detail::line_of(node), factors.field(family) +
                                              ": unknown factor family (expected one "
                                              "of the families in docs/policy.md)");
      policy.factors_.emplace(
          std::string(family),
          read_factor(TomlTable(node, factors.field(family)), family, catalogue));
    }
    for (const auto family : factor_families())
      if (!policy.factors_.contains(family))
        toml_error(factors.line(), factors.field(family) + ": factor family is missing");

    const auto* rules = root.required("rule").as_array();
    if (rules == nullptr) toml_error(root.line(), "rule: expected [[rule]] tables");
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const TomlTable rule((*rules)[i], "rule[" + std::to_string(i) + "]");
      rule.only({"trigger", "action", "citation"});
      RecommendationRule parsed;
      parsed.trigger = rule.string("trigger");
      if (!contains(kTriggers, parsed.trigger))
        rule.fail_at("trigger", "unknown trigger \"" + parsed.trigger + "\"");
      if (policy.rule(parsed.trigger) != nullptr)
        rule.fail_at("trigger", "a second rule for \"" + parsed.trigger + "\"");
      const auto action = rule.string("action");
      const auto recommendation = parse_recommendation(action);
      if (!recommendation) rule.fail_at("action", "unknown recommendation \"" + action + "\"");
      parsed.action = *recommendation;
      parsed.citation = rule.string("citation");
      policy.rules_.push_back(std::move(parsed));
    }
    for (const auto trigger : kTriggers)
      if (policy.rule(trigger) == nullptr)
        toml_error(root.line(), "rule: no rule for the trigger \"" + std::string(trigger) + "\"");

    const auto conditions = root.subtable("conditions");
    for (const auto& [key, node] : conditions.table()) {
      if (!contains(kConditions, key.str()))
        toml_error(detail::line_of(node), conditions.field(key.str()) + ": unknown condition");
      const TomlTable condition(node, conditions.field(key.str()));
      condition.only({"text", "citation"});
      policy.conditions_.emplace(
          std::string(key.str()),
          ConditionText{condition.string("text"), condition.string("citation")});
    }
    for (const auto id : kConditions)
      if (policy.condition(id) == nullptr)
        toml_error(conditions.line(), conditions.field(id) + ": condition text is missing");
    return policy;
  } catch (Failure& failure) {
    failure.error.where = detail::toml_where(file, failure.error);
    return tl::unexpected(std::move(failure.error));
  }
}

Result<Policy> load_policy(const std::string& path, const Catalogue& catalogue) {
  auto text = core::read_text_file(path);
  if (!text) return tl::unexpected(text.error());
  return parse_policy(*text, path, catalogue);
}

}  // namespace echri::assessment
