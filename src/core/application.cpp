#include "core/application.hpp"

#include <array>
#include <utility>

namespace echri::core {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::pair<Enum, std::string_view>, N>& names,
                              std::string_view text) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         Enum value) {
  for (const auto& [candidate, name] : names)
    if (candidate == value) return name;
  return "?";
}

template <class Enum, std::size_t N>
std::vector<std::string_view> all_names(
    const std::array<std::pair<Enum, std::string_view>, N>& names) {
  std::vector<std::string_view> out;
  out.reserve(N);
  for (const auto& entry : names) out.push_back(entry.second);
  return out;
}

constexpr std::array<std::pair<PartyRole, std::string_view>, 5> kRoles{{
    {PartyRole::end_user, "end_user"},
    {PartyRole::consignee, "consignee"},
    {PartyRole::ultimate_end_user, "ultimate_end_user"},
    {PartyRole::intermediate, "intermediate"},
    {PartyRole::purchaser, "purchaser"},
}};

constexpr std::array<std::pair<PartyType, std::string_view>, 15> kPartyTypes{{
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

constexpr std::array<std::pair<EndUseCategory, std::string_view>, 14> kEndUses{{
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
  return find_name(kRoles, text);
}
std::optional<PartyType> parse_party_type(std::string_view text) {
  return find_name(kPartyTypes, text);
}
std::optional<EndUseCategory> parse_end_use_category(std::string_view text) {
  return find_name(kEndUses, text);
}
std::vector<std::string_view> all_party_roles() {
  return all_names(kRoles);
}
std::vector<std::string_view> all_party_types() {
  return all_names(kPartyTypes);
}
std::vector<std::string_view> all_end_use_categories() {
  return all_names(kEndUses);
}

}  // namespace echri::core
