#include "assessment/assess.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <tuple>

#include "core/country.hpp"

namespace echri::assessment {
namespace {

double round_tenth(double value) {
  return std::round(value * 10.0) / 10.0;
}

std::string format_number(double value) {
  std::ostringstream out;
  out << round_tenth(value);
  return out.str();
}

std::string indexed(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

bool is_state_security_body(core::PartyType type) {
  switch (type) {
    case core::PartyType::intelligence:
    case core::PartyType::state_security:
    case core::PartyType::police:
    case core::PartyType::military:
    case core::PartyType::border_control:
    case core::PartyType::prison_service:
    case core::PartyType::government:
      return true;
    default:
      return false;
  }
}

struct Assurance {
  std::string_view name;
  std::optional<bool> core::Assurances::*member;
  std::string_view meaning;
};

constexpr std::array<Assurance, 5> kAssurances{{
    {"end_use_statement", &core::Assurances::end_use_statement, "a signed end-use statement"},
    {"no_reexport", &core::Assurances::no_reexport, "an undertaking not to re-export"},
    {"post_shipment_checks", &core::Assurances::post_shipment_checks,
     "acceptance of post-shipment checks"},
    {"end_user_certificate", &core::Assurances::end_user_certificate,
     "a government-issued end-user certificate"},
    {"human_rights_clause", &core::Assurances::human_rights_clause,
     "a human-rights contract clause"},
}};

// Builds one assessment; each step adds its factors, findings and triggers.
class Assessor {
 public:
  Assessor(const AssessmentInput& input, const Catalogue& catalogue, const Policy& policy)
      : input_(input), application_(*input.application), catalogue_(catalogue), policy_(policy) {}

  Assessment run() {
    result_.reference = application_.reference;
    result_.as_of = input_.as_of;
    result_.policy_name = policy_.name();
    result_.policy_version = policy_.version();
    result_.catalogue_version = catalogue_.version();
    classify_items();
    assess_end_user();
    assess_end_use();
    assess_destination();
    assess_screening();
    assess_answers();
    assess_assurances();
    assess_peer_denials();
    count_missing_information();
    score();
    recommend();
    propose_conditions();
    result_.screening = input_.screening;
    result_.peer_denials = input_.peer_denials;
    return std::move(result_);
  }

 private:
  void add_factor(const std::string& family, std::string_view key, std::string evidence,
                  std::string path) {
    const auto& weights = policy_.factor(family);
    double points = policy_.points(family, key);
    if (weights.scaled_by_exposure && points > 0) {
      evidence += " (" + format_number(points) + " points x exposure " +
                  format_number(result_.exposure) + " for " +
                  std::string(to_string(result_.exposure_class)) + "-sensitivity items)";
      points *= result_.exposure;
    }
    Factor factor;
    factor.id = key.empty() ? family : family + "." + std::string(key);
    factor.points = round_tenth(points);
    factor.evidence = std::move(evidence);
    factor.citation = weights.citation;
    factor.path = std::move(path);
    result_.factors.push_back(std::move(factor));
  }

  void add_missing(std::string path, std::string what) {
    const auto duplicate =
        std::any_of(result_.missing_information.begin(), result_.missing_information.end(),
                    [&](const MissingInformation& missing) { return missing.path == path; });
    if (duplicate) return;
    result_.missing_information.push_back(
        {std::move(path), std::move(what), policy_.factor("missing_information").citation});
  }

  void trigger(std::string name) {
    if (std::find(result_.triggers.begin(), result_.triggers.end(), name) == result_.triggers.end())
      result_.triggers.push_back(std::move(name));
  }

  [[nodiscard]] bool sensitive() const {
    return result_.exposure_class >= policy_.sensitive_from();
  }

  // Items: the entry's own class and the classes of the capabilities it implies or declares.
  void classify_items() {
    for (std::size_t i = 0; i < application_.items.size(); ++i) {
      const auto& item = application_.items[i];
      ItemFinding finding;
      finding.index = i;
      finding.control_entry = item.control_entry;
      std::string basis;
      if (item.control_entry == "none") {
        basis = "not on a control list";
      } else if (const auto* entry = catalogue_.find_entry(item.control_entry)) {
        finding.entry_title = entry->title;
        finding.regime = entry->regime;
        finding.sensitivity = entry->sensitivity;
        finding.capabilities = entry->capabilities;
        basis =
            entry->id + " (" + entry->title + "): " + std::string(to_string(entry->sensitivity));
      } else {
        finding.sensitivity = Sensitivity::low;
        basis = item.control_entry +
                " is not in the human-rights catalogue: a listed item of no known human-rights "
                "use, taken as low";
      }
      for (const auto& id : item.capabilities) {
        if (std::find(finding.capabilities.begin(), finding.capabilities.end(), id) ==
            finding.capabilities.end())
          finding.capabilities.push_back(id);
        if (const auto* capability = catalogue_.find_capability(id);
            capability != nullptr && capability->sensitivity > finding.sensitivity) {
          finding.sensitivity = capability->sensitivity;
          basis += "; declared capability " + capability->id + " (" + capability->title +
                   "): " + std::string(to_string(capability->sensitivity));
        }
      }
      if (item.control_entry == "none" && item.capabilities.empty())
        add_missing(indexed("$.items", i) + ".capabilities",
                    "item " + std::to_string(i + 1) +
                        " is not on a control list and its capabilities are not declared");
      finding.basis = std::move(basis);
      result_.exposure_class = std::max(result_.exposure_class, finding.sensitivity);
      result_.items.push_back(std::move(finding));
    }
    result_.exposure = policy_.exposure(result_.exposure_class);

    std::string evidence;
    std::string path;
    for (const auto& finding : result_.items) {
      if (finding.sensitivity != result_.exposure_class) continue;
      if (!evidence.empty()) evidence += "; ";
      evidence += "item " + std::to_string(finding.index + 1) + ": " + finding.basis;
      if (path.empty())
        path = indexed("$.items", finding.index) +
               (application_.items[finding.index].control_entry == "none" ? ".capabilities"
                                                                          : ".control_entry");
    }
    add_factor("item_sensitivity", to_string(result_.exposure_class), std::move(evidence),
               std::move(path));
  }

  // The end user: the ultimate end user when one is named, else the end users.
  void assess_end_user() {
    std::vector<std::size_t> end_users;
    for (std::size_t i = 0; i < application_.parties.size(); ++i)
      if (application_.parties[i].role == core::PartyRole::ultimate_end_user)
        end_users.push_back(i);
    if (end_users.empty())
      for (std::size_t i = 0; i < application_.parties.size(); ++i)
        if (application_.parties[i].role == core::PartyRole::end_user) end_users.push_back(i);
    if (end_users.empty()) {
      add_missing("$.parties", "no end user is named");
      add_factor("end_user_type", "unknown", "no end user is named", "$.parties");
      return;
    }
    // The riskiest end user decides; the others are still screened and checked.
    std::optional<std::size_t> riskiest;
    double riskiest_points = -1;
    for (const auto i : end_users) {
      const auto& party = application_.parties[i];
      const auto path = indexed("$.parties", i);
      if (!party.type) add_missing(path + ".type", "the type of end user " + party.name);
      if (party.country.empty()) add_missing(path + ".country", "the country of " + party.name);
      if (party.address.empty()) add_missing(path + ".address", "the address of " + party.name);
      const auto key = party.type ? core::to_string(*party.type) : std::string_view("unknown");
      const double points = policy_.points("end_user_type", key);
      if (points > riskiest_points) {
        riskiest_points = points;
        riskiest = i;
      }
      if (!party.country.empty() && party.country != application_.destination)
        add_factor("diversion", "end_user_country_differs",
                   party.name + " is in " + party.country + ", the destination is " +
                       application_.destination,
                   path + ".country");
    }
    const auto& party = application_.parties[*riskiest];
    const auto key = party.type ? core::to_string(*party.type) : std::string_view("unknown");
    add_factor("end_user_type", key,
               party.name + ": " + (party.type ? std::string(key) : std::string("type not stated")),
               indexed("$.parties", *riskiest) + ".type");
  }

  void assess_end_use() {
    const auto& end_use = application_.end_use;
    if (end_use.description.empty())
      add_missing("$.end_use.description", "a description of the end use");
    if (!end_use.category) add_missing("$.end_use.category", "the category of the end use");
    const auto key =
        end_use.category ? core::to_string(*end_use.category) : std::string_view("unknown");
    std::string evidence = end_use.category ? "declared end use: " + std::string(key)
                                            : std::string("end use category not stated");
    if (!end_use.description.empty()) evidence += " (\"" + end_use.description + "\")";
    add_factor("end_use", key, std::move(evidence), "$.end_use.category");
  }

  void assess_destination() {
    const auto country = core::country_by_code(application_.destination);
    if (input_.countries == nullptr || input_.countries->empty() || !country) {
      result_.data_warnings.push_back("no country data is imported: the destination " +
                                      application_.destination +
                                      " was assessed without indicators (echri countries import)");
      add_factor("destination_data", "missing",
                 "no country indicators for " + application_.destination, "$.destination");
      return;
    }
    auto profile =
        build_profile(*input_.countries, *country, input_.as_of, policy_.max_data_age_years());
    for (const auto& warning : profile.warnings) result_.data_warnings.push_back(warning);
    const std::string name = country->name + " (" + country->alpha2 + ")";
    if (profile.authority) {
      const auto& view = *profile.authority;
      add_factor("destination_authority", to_string(view.level),
                 "the authority assessed " + name + " as " + std::string(to_string(view.level)) +
                     " on " + view.date + " (" + view.author + "): " + view.reason,
                 "$.destination");
    } else {
      assess_indicators(profile, name);
    }
    result_.destination = std::move(profile);
  }

  void assess_indicators(const CountryProfile& profile, const std::string& name) {
    if (!profile.pts && !profile.fiw) {
      add_factor("destination_data", "missing",
                 "no Political Terror Scale or Freedom in the "
                 "World data for " +
                     name,
                 "$.destination");
      return;
    }
    if (profile.pts) {
      const auto& pts = *profile.pts;
      const auto level = [](const std::optional<int>& value) {
        return value ? std::to_string(*value) : std::string("n/a");
      };
      add_factor("destination_pts", std::to_string(*pts.worst()),
                 "Political Terror Scale " + std::to_string(pts.year) + " for " + name +
                     ": Amnesty " + level(pts.amnesty) + ", Human Rights Watch " +
                     level(pts.human_rights_watch) + ", State Department " +
                     level(pts.state_department) + " (worst " + std::to_string(*pts.worst()) + ")",
                 "$.destination");
    }
    if (profile.fiw) {
      const auto& fiw = *profile.fiw;
      std::string evidence = "Freedom in the World " + std::to_string(fiw.edition) + " for " +
                             name + ": " + fiw.status;
      if (fiw.total) evidence += ", " + std::to_string(*fiw.total) + "/100";
      add_factor("destination_freedom", fiw.status, std::move(evidence), "$.destination");
    }
    if (!profile.pts || !profile.fiw)
      add_factor(
          "destination_data", "missing",
          std::string(profile.pts ? "no Freedom in the World" : "no Political Terror Scale") +
              " data for " + name,
          "$.destination");
    if (profile.pts_stale || profile.fiw_stale)
      add_factor("destination_data", "stale",
                 "country data for " + name + " is older than " +
                     std::to_string(policy_.max_data_age_years()) + " years",
                 "$.destination");
  }

  void assess_screening() {
    const auto& screening = input_.screening;
    if (!screening.performed) {
      result_.data_warnings.push_back(
          "no restricted-party lists are imported: the parties were not screened (echri lists "
          "import)");
      add_factor("screening", "not_performed", "the parties were not screened", "$.parties");
      trigger("screening_not_performed");
      return;
    }
    for (const auto& party_screening : screening.parties) {
      if (party_screening.hits.empty() ||
          party_screening.party_index >= application_.parties.size())
        continue;
      const auto& party = application_.parties[party_screening.party_index];
      const auto best = std::max_element(party_screening.hits.begin(), party_screening.hits.end(),
                                         [](const ScreeningHit& a, const ScreeningHit& b) {
                                           return std::tie(a.identifier_match, a.score) <
                                                  std::tie(b.identifier_match, b.score);
                                         });
      std::ostringstream evidence;
      evidence << party.name << " (" << core::to_string(party.role) << ") matches "
               << best->listed_name << " on " << best->list << " (" << best->source_id
               << "), score " << format_number(best->score * 100) << "%";
      if (best->identifier_match) evidence << ", identifier matches";
      if (party_screening.hits.size() > 1)
        evidence << "; " << party_screening.hits.size() - 1 << " more match(es)";
      const auto key = best->identifier_match ? "identifier_match" : "match";
      add_factor("screening", key, evidence.str(),
                 indexed("$.parties", party_screening.party_index) + ".name");
      trigger(best->identifier_match ? "screening_identifier_match" : "screening_match");
    }
  }

  void assess_answers() {
    for (const auto& [id, concern] : application_.answers) {
      if (!concern) continue;
      const auto* question = catalogue_.find_question(id);
      if (question == nullptr) continue;  // the reader rejects unknown ids
      result_.red_flags.push_back(
          {question->id, question->text, question->source, question->citation});
      add_factor("red_flag", id, "answered yes: " + question->text, "$.answers." + id);
      trigger("red_flag");
    }
    const auto require = [&](const std::vector<std::string>& ids) {
      for (const auto& id : ids) {
        if (application_.answers.contains(id)) continue;
        const auto* question = catalogue_.find_question(id);
        add_missing("$.answers." + id,
                    "an answer to: " + (question != nullptr ? question->text : id));
      }
    };
    require(policy_.required_answers());
    if (sensitive()) require(policy_.required_answers_sensitive());
  }

  void assess_assurances() {
    std::vector<std::string> required = policy_.required_assurances();
    if (sensitive())
      required.insert(required.end(), policy_.required_assurances_sensitive().begin(),
                      policy_.required_assurances_sensitive().end());
    for (const auto& assurance : kAssurances) {
      const auto& stated = application_.assurances.*assurance.member;
      const auto path = "$.assurances." + std::string(assurance.name);
      if (stated == false) {
        add_factor("assurance_refused", assurance.name,
                   "the end user does not give " + std::string(assurance.meaning), path);
      } else if (!stated &&
                 std::find(required.begin(), required.end(), assurance.name) != required.end()) {
        add_missing(path, "whether the end user gives " + std::string(assurance.meaning));
        add_factor("assurance_missing", assurance.name,
                   "not stated whether the end user gives " + std::string(assurance.meaning), path);
      }
    }
  }

  void assess_peer_denials() {
    for (const auto& denial : input_.peer_denials) {
      add_factor("peer_denial", "denial",
                 denial.state + " denied " + denial.reference + " on " + denial.date + ": " +
                     denial.control_entry + " to " + denial.end_user + " in " + denial.destination +
                     (denial.reason.empty() ? "" : " (" + denial.reason + ")"),
                 "");
      trigger("peer_denial");
    }
  }

  void count_missing_information() {
    const auto& missing = result_.missing_information;
    if (missing.empty()) return;
    const auto each = policy_.points("missing_information", "each");
    std::string paths;
    for (const auto& entry : missing) paths += (paths.empty() ? "" : ", ") + entry.path;
    Factor factor;
    factor.id = "missing_information";
    factor.points = round_tenth(each * static_cast<double>(missing.size()));
    factor.evidence =
        std::to_string(missing.size()) + " required piece(s) of information missing: " + paths;
    factor.citation = policy_.factor("missing_information").citation;
    result_.factors.push_back(std::move(factor));
    trigger("missing_information");
  }

  void score() {
    double total = 0;
    for (const auto& factor : result_.factors) total += factor.points;
    result_.score = round_tenth(std::min(100.0, total));
    result_.level = policy_.level_for(result_.score);
    // The level's trigger goes first: the others are findings that may override it.
    result_.triggers.insert(result_.triggers.begin(),
                            "level_" + std::string(to_string(result_.level)));
  }

  void recommend() {
    const RecommendationRule* decisive = nullptr;
    for (const auto& name : result_.triggers) {
      const auto* rule = policy_.rule(name);
      if (rule != nullptr && (decisive == nullptr || rule->action > decisive->action))
        decisive = rule;
    }
    if (decisive != nullptr) {
      result_.recommendation = decisive->action;
      result_.decisive_rule = *decisive;
    }
  }

  void add_condition(std::string_view id) {
    const auto* text = policy_.condition(id);
    if (text == nullptr) return;
    result_.conditions.push_back({std::string(id), text->text, text->citation});
  }

  void propose_conditions() {
    if (result_.recommendation == Recommendation::deny) return;
    const auto& assurances = application_.assurances;
    const bool at_least_medium = result_.level >= RiskLevel::medium;
    const bool state_end_user = std::any_of(
        application_.parties.begin(), application_.parties.end(), [](const core::Party& party) {
          return (party.role == core::PartyRole::end_user ||
                  party.role == core::PartyRole::ultimate_end_user) &&
                 party.type && is_state_security_body(*party.type);
        });
    if (assurances.end_use_statement != true) add_condition("end_use_statement");
    if (assurances.no_reexport != true) add_condition("no_reexport");
    if (at_least_medium && result_.exposure_class >= Sensitivity::high)
      add_condition("post_shipment_verification");
    if (at_least_medium && result_.exposure_class >= Sensitivity::moderate &&
        assurances.human_rights_clause != true)
      add_condition("human_rights_clause");
    if (at_least_medium && state_end_user && assurances.end_user_certificate != true)
      add_condition("end_user_certificate");
    if (std::find(result_.triggers.begin(), result_.triggers.end(), "screening_match") !=
        result_.triggers.end())
      add_condition("resolve_screening_match");
    if (!input_.peer_denials.empty()) add_condition("consult_denying_state");
    // An approval that needs conditions is an approval with conditions.
    if (result_.recommendation == Recommendation::approve && !result_.conditions.empty()) {
      result_.recommendation = Recommendation::approve_with_conditions;
      if (const auto* rule = policy_.rule("level_medium")) {
        result_.decisive_rule = *rule;
        result_.decisive_rule.trigger = "conditions";
      }
    }
  }

  const AssessmentInput& input_;
  const core::Application& application_;
  const Catalogue& catalogue_;
  const Policy& policy_;
  Assessment result_;
};

}  // namespace

Assessment assess(const AssessmentInput& input, const Catalogue& catalogue, const Policy& policy) {
  return Assessor(input, catalogue, policy).run();
}

}  // namespace echri::assessment
