#include "screening/common_tokens.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace echri::screening {
namespace {

// Sorted, for binary search. Spelling variants are listed because the table is consulted
// before phonetic keys come into play.
constexpr std::array<std::string_view, 96> kCommonGivenNames{
    "abdul",    "abdullah", "ahmad",     "ahmed",     "alexander", "ali",      "amir",
    "andrei",   "andrey",   "anna",      "brown",     "carlos",    "charles",  "chen",
    "daniel",   "david",    "elena",     "fatima",    "garcia",    "george",   "gonzalez",
    "hamid",    "hasan",    "hassan",    "hernandez", "hussain",   "hussein",  "ibrahim",
    "igor",     "ivan",     "james",     "jan",       "javier",    "jean",     "jennifer",
    "john",     "johnson",  "jones",     "jorge",     "jose",      "joseph",   "juan",
    "karim",    "khalid",   "khan",      "kim",       "kumar",     "lee",      "li",
    "linda",    "liu",      "lopez",     "luis",      "mahmoud",   "maria",    "mario",
    "mark",     "martinez", "mary",      "michael",   "mikhail",   "mohamed",  "mohammad",
    "mohammed", "muhammad", "muhammed",  "mustafa",   "nguyen",    "nikolai",  "nikolay",
    "olga",     "omar",     "park",      "patricia",  "paul",      "perez",    "peter",
    "richard",  "robert",   "rodriguez", "said",      "salem",     "sergei",   "sergey",
    "sharma",   "singh",    "smith",     "thomas",    "umar",      "vladimir", "wang",
    "wei",      "william",  "williams",  "yusuf",     "zhang"};

constexpr std::array<std::string_view, 84> kGenericOrgWords{
    "academy",       "agency",        "airlines",      "association", "authority",
    "bank",          "brothers",      "bureau",        "center",      "centre",
    "chemical",      "chemicals",     "commercial",    "committee",   "construction",
    "consulting",    "council",       "department",    "development", "directorate",
    "electronics",   "energy",        "engineering",   "enterprise",  "enterprises",
    "equipment",     "establishment", "export",        "exports",     "factory",
    "finance",       "financial",     "foundation",    "general",     "global",
    "group",         "holding",       "holdings",      "import",      "imports",
    "industrial",    "industries",    "industry",      "institute",   "insurance",
    "international", "investment",    "investments",   "laboratory",  "logistics",
    "machinery",     "management",    "manufacturing", "marine",      "maritime",
    "ministry",      "national",      "network",       "oil",         "organisation",
    "organization",  "partners",      "petroleum",     "plant",       "products",
    "research",      "resources",     "science",       "sciences",    "security",
    "service",       "services",      "shipping",      "solutions",   "supply",
    "systems",       "technical",     "technologies",  "technology",  "trade",
    "trading",       "transport",     "union",         "university"};

static_assert(std::is_sorted(kCommonGivenNames.begin(), kCommonGivenNames.end()));
static_assert(std::is_sorted(kGenericOrgWords.begin(), kGenericOrgWords.end()));

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view token) {
  return std::binary_search(words.begin(), words.end(), token);
}

}  // namespace

Commonness commonness_of(std::string_view folded_token) {
  if (contains(kGenericOrgWords, folded_token)) return Commonness::generic_org_word;
  if (contains(kCommonGivenNames, folded_token)) return Commonness::common_given_name;
  return Commonness::distinctive;
}

}  // namespace echri::screening
