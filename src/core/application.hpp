#pragma once
// A licence application as an exporter submits it: items, parties, end use, assurances and the
// answers to the due-diligence questions. docs/application-format.md is the binding format;
// assessment/application_json.hpp reads it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echri::core {

enum class PartyRole { end_user, consignee, ultimate_end_user, intermediate, purchaser };

// What kind of organisation (or person) a party is. The security-sector kinds come first because
// they are what the human-rights assessment turns on.
enum class PartyType {
  intelligence,
  state_security,
  police,
  military,
  border_control,
  prison_service,
  government,
  telecom_operator,
  internet_service_provider,
  company,
  university,
  research_institute,
  ngo,
  media,
  individual,
};

// What the items will be used for, as the exporter declares it.
enum class EndUseCategory {
  law_enforcement,
  lawful_interception,
  criminal_investigation,
  national_security,
  military,
  border_control,
  public_order,
  prison_management,
  network_operations,
  cybersecurity,
  research,
  commercial,
  personal,
  other,
};

std::string_view to_string(PartyRole role);
std::string_view to_string(PartyType type);
std::string_view to_string(EndUseCategory category);
std::optional<PartyRole> parse_party_role(std::string_view text);
std::optional<PartyType> parse_party_type(std::string_view text);
std::optional<EndUseCategory> parse_end_use_category(std::string_view text);
// Every value, in declaration order: for validation messages and documentation.
std::vector<std::string_view> all_party_roles();
std::vector<std::string_view> all_party_types();
std::vector<std::string_view> all_end_use_categories();

struct Organisation {
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2
};

struct Item {
  std::string description;
  std::string control_entry;              // "5A001.j", "3A981", or "none" for unlisted items
  std::vector<std::string> capabilities;  // capability ids; required when control_entry is "none"
  std::optional<double> quantity;
  std::optional<double> value;
  std::string currency;  // ISO 4217, "" when no value is given
};

struct Party {
  PartyRole role = PartyRole::end_user;
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2, "" when not given
  std::optional<PartyType> type;
  std::string address;
  std::string identifier;     // registration number, passport...; helps screening decide
  std::string date_of_birth;  // individuals only: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
};

struct EndUse {
  std::string description;
  std::optional<EndUseCategory> category;
};

// Each assurance is yes, no, or not stated: a missing assurance is not the same as a refused one.
struct Assurances {
  std::optional<bool> end_use_statement;     // signed end-use statement from the end user
  std::optional<bool> no_reexport;           // undertaking not to re-export without consent
  std::optional<bool> post_shipment_checks;  // end user accepts on-site verification
  std::optional<bool> end_user_certificate;  // government-issued end-user certificate
  std::optional<bool> human_rights_clause;   // contract clause against use in violations
};

struct Application {
  std::string reference;
  std::string submitted_on;  // "YYYY-MM-DD", optional; the assessment's reference date
  Organisation exporter;
  std::string destination;  // ISO 3166-1 alpha-2
  std::vector<Item> items;
  std::vector<Party> parties;
  EndUse end_use;
  Assurances assurances;
  // Due-diligence questions (assessment's question catalogue): true means the concern applies.
  std::map<std::string, bool> answers;
};

}  // namespace echri::core
