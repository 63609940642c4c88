#include "core/application.hpp"

#include "core/enum_names.hpp"

namespace echri::core {
namespace {

constexpr EnumNames<PartyRole, 5> kRoles{{
    {PartyRole::end_user, "end_user"},
    {PartyRole::consignee, "consignee"},
    {PartyRole::ultimate_end_user, "ultimate_end_user"},
    {PartyRole::intermediate, "intermediate"},
    {PartyRole::purchaser, "purchaser"},
}};

constexpr EnumNames<PartyType, 15> kPartyTypes{{
    {PartyType::intelligence, "intelligence"},
    {PartyType::state_security, "state_security"},
    {PartyType::police, "police"},
    {PartyType::military, "military"},
    {PartyType::border_control, "border_control"},
    {PartyType::prison_service, "prison_service"},
    {PartyType::government, "government"},
    {PartyType::telecom_operator, "telecom_operator"},
    {PartyType::internet_service_provider, "internet_service_provider"},
    {PartyType::company, "company"},
    {PartyType::university, "university"},
    {PartyType::research_institute, "research_institute"},
    {PartyType::ngo, "ngo"},
    {PartyType::media, "media"},
    {PartyType::individual, "individual"},
}};

constexpr EnumNames<EndUseCategory, 14> kEndUses{{
    {EndUseCategory::law_enforcement, "law_enforcement"},
    {EndUseCategory::lawful_interception, "lawful_interception"},
    {EndUseCategory::criminal_investigation, "criminal_investigation"},
    {EndUseCategory::national_security, "national_security"},
    {EndUseCategory::military, "military"},
    {EndUseCategory::border_control, "border_control"},
    {EndUseCategory::public_order, "public_order"},
    {EndUseCategory::prison_management, "prison_management"},
    {EndUseCategory::network_operations, "network_operations"},
    {EndUseCategory::cybersecurity, "cybersecurity"},
    {EndUseCategory::research, "research"},
    {EndUseCategory::commercial, "commercial"},
    {EndUseCategory::personal, "personal"},
    {EndUseCategory::other, "other"},
}};

}  // namespace

std::string_view to_string(PartyRole role) {
  return name_of(kRoles, role);
}
std::string_view to_string(PartyType type) {
  return name_of(kPartyTypes, type);
}
std::string_view to_string(EndUseCategory category) {
  return name_of(kEndUses, category);
}
std::optional<PartyRole> parse_party_role(std::string_view text) {
  return value_of(kRoles, text);
}
std::optional<PartyType> parse_party_type(std::string_view text) {
  return value_of(kPartyTypes, text);
}
std::optional<EndUseCategory> parse_end_use_category(std::string_view text) {
  return value_of(kEndUses, text);
}
std::vector<std::string_view> all_party_roles() {
  return names_of(kRoles);
}
std::vector<std::string_view> all_party_types() {
  return names_of(kPartyTypes);
}
std::vector<std::string_view> all_end_use_categories() {
  return names_of(kEndUses);
}

}  // namespace echri::core
