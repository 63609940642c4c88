#pragma once
// The explained human-rights risk assessment of one application. Pure and deterministic: the
// same application, evidence, catalogue and policy give the same assessment, field for field.
//
// Points come from factor families (policy.hpp); the factors that describe who could be harmed
// and how (end user, end use, destination) are scaled by the exposure of the most sensitive item.
// The score is their sum capped at 100; the policy's bands give the level, and its rules turn the
// level and the findings (screening matches, missing information, other states' denials) into a
// recommendation. docs/assessment.md explains the model.

#include <optional>
#include <string>
#include <vector>

#include "assessment/catalogue.hpp"
#include "assessment/country_data.hpp"
#include "assessment/policy.hpp"
#include "assessment/risk.hpp"
#include "core/application.hpp"

namespace echri::assessment {

// One restricted-party match of one party, as the screening engine reported it.
struct ScreeningHit {
  std::string list;       // "us-ofac-sdn"
  std::string source_id;  // the list's own id
  std::string listed_name;
  std::string matched_name;  // the name or alias that matched
  double score = 0;
  bool identifier_match = false;  // decisive: an identifier matched
  std::vector<std::string> programs;
  std::string explanation;  // one line: token pairs and qualifiers
  // SHA-256 (hex) of the listed entity as imported (its snapshot JSON): an officer's judgement of
  // a hit holds for this content only, so a changed entry is judged afresh.
  std::string entity_digest;
};

struct PartyScreening {
  std::size_t party_index = 0;  // into Application::parties
  std::vector<ScreeningHit> hits;
};

struct ScreeningEvidence {
  bool performed = false;
  std::vector<std::string> lists;  // "us-ofac-sdn@sha256:...", what was screened against
  double threshold = 0;
  std::vector<PartyScreening> parties;  // one per party, in party order, when performed
};

// A denial by another Subscribing State of an essentially identical transaction (exchange/ will
// supply these; --denials FILE does until then).
struct PeerDenial {
  std::string state;      // ISO 3166-1 alpha-2 of the denying state
  std::string reference;  // the denial notification's id
  std::string date;       // "YYYY-MM-DD"
  std::string control_entry;
  std::string end_user;
  std::string destination;  // alpha-2
  std::string reason;
};

struct AssessmentInput {
  const core::Application* application = nullptr;
  ScreeningEvidence screening;
  const CountryData* countries = nullptr;  // null or empty: destination data is missing
  std::vector<PeerDenial> peer_denials;
  std::string as_of;  // "YYYY-MM-DD": the application's submitted_on, else the caller's date
};

struct Factor {
  std::string id;        // "end_user_type.police", "destination_pts.4", "red_flag.payment_in_cash"
  double points = 0;     // after scaling, rounded to 0.1
  std::string evidence;  // what in the application or the data earned the points
  std::string citation;
  std::string path;  // JSON path of the evidence in the application, "" for outside data
};

struct Condition {
  std::string id;  // "end_use_statement", "post_shipment_verification", ...
  std::string text;
  std::string citation;
};

struct MissingInformation {
  std::string path;  // "$.parties[0].type"
  std::string what;
  std::string citation;
};

struct RedFlag {
  std::string id;  // question id
  std::string question;
  std::string source;
  std::string citation;
};

struct ItemFinding {
  std::size_t index = 0;
  std::string control_entry;
  std::string entry_title;  // "" when the entry is not in the catalogue or is "none"
  std::string regime;
  Sensitivity sensitivity = Sensitivity::none;
  std::vector<std::string> capabilities;  // declared and implied
  std::string basis;                      // why this sensitivity
};

struct Assessment {
  std::string reference;
  std::string as_of;
  std::string policy_name;
  std::string policy_version;
  std::string catalogue_version;
  RiskLevel level = RiskLevel::low;
  double score = 0;  // 0..100, rounded to 0.1
  Sensitivity exposure_class = Sensitivity::none;
  double exposure = 0;
  Recommendation recommendation = Recommendation::approve;
  // The triggers that held (level_high, screening_match, ...), and the rule that decided.
  std::vector<std::string> triggers;
  RecommendationRule decisive_rule;
  std::vector<Factor> factors;  // in evaluation order
  std::vector<Condition> conditions;
  std::vector<MissingInformation> missing_information;
  std::vector<RedFlag> red_flags;
  std::vector<ItemFinding> items;
  std::optional<CountryProfile> destination;
  ScreeningEvidence screening;
  std::vector<PeerDenial> peer_denials;
  std::vector<std::string> data_warnings;  // lists or country data not loaded, stale data
};

Assessment assess(const AssessmentInput& input, const Catalogue& catalogue, const Policy& policy);

}  // namespace echri::assessment
