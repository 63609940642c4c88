#include "screening/common_tokens.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace echri::screening {
namespace {

// Sorted, for binary search. Spelling variants are listed because the table is consulted
// before phonetic keys come into play.
constexpr std::array<std::string_view, 98> kCommonGivenNames{
    "abdul",    "abdullah", "ahmad",    "ahmed",    "alexander", "ali",       "allah",
    "amir",     "andrei",   "andrey",   "anna",     "brown",     "carlos",    "charles",
    "chen",     "daniel",   "david",    "din",      "elena",     "fatima",    "garcia",
    "george",   "gonzalez", "hamid",    "hasan",    "hassan",    "hernandez", "hussain",
    "hussein",  "ibrahim",  "igor",     "ivan",     "james",     "jan",       "javier",
    "jean",     "jennifer", "john",     "johnson",  "jones",     "jorge",     "jose",
    "joseph",   "juan",     "karim",    "khalid",   "khan",      "kim",       "kumar",
    "lee",      "li",       "linda",    "liu",      "lopez",     "luis",      "mahmoud",
    "maria",    "mario",    "mark",     "martinez", "mary",      "michael",   "mikhail",
    "mohamed",  "mohammad", "mohammed", "muhammad", "muhammed",  "mustafa",   "nguyen",
    "nikolai",  "nikolay",  "olga",     "omar",     "park",      "patricia",  "paul",
    "perez",    "peter",    "richard",  "robert",   "rodriguez", "said",      "salem",
    "sergei",   "sergey",   "sharma",   "singh",    "smith",     "thomas",    "umar",
    "vladimir", "wang",     "wei",      "william",  "williams",  "yusuf",     "zhang"};

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

// Countries and regions, which name where an organisation's branch is rather than which
// organisation it is ("Deutsche Bank (Schweiz) AG", "Faberlic Europe").
constexpr std::array<std::string_view, 118> kPlaceWords{
    "afghanistan", "africa",     "albania",    "algeria",     "america",     "argentina",
    "armenia",     "asia",       "australia",  "austria",     "azerbaijan",  "bahrain",
    "bangladesh",  "belarus",    "belgium",    "bolivia",     "brasil",      "brazil",
    "bulgaria",    "cambodia",   "canada",     "chile",       "china",       "colombia",
    "croatia",     "cuba",       "cyprus",     "czech",       "denmark",     "deutschland",
    "dubai",       "ecuador",    "egypt",      "emirates",    "england",     "espana",
    "estonia",     "ethiopia",   "europa",     "europe",      "finland",     "france",
    "georgia",     "germany",    "ghana",      "greece",      "hongkong",    "hungary",
    "india",       "indonesia",  "iran",       "iraq",        "ireland",     "israel",
    "italia",      "italy",      "japan",      "jordan",      "kazakhstan",  "kenya",
    "korea",       "kuwait",     "kyrgyzstan", "latvia",      "lebanon",     "libya",
    "lithuania",   "luxembourg", "malaysia",   "mexico",      "moldova",     "mongolia",
    "morocco",     "myanmar",    "nepal",      "netherlands", "nigeria",     "norway",
    "oman",        "pakistan",   "panama",     "peru",        "philippines", "poland",
    "portugal",    "qatar",      "romania",    "russia",      "saudi",       "schweiz",
    "serbia",      "singapore",  "slovakia",   "slovenia",    "spain",       "sudan",
    "suisse",      "svizzera",   "sweden",     "switzerland", "syria",       "taiwan",
    "tajikistan",  "tanzania",   "thailand",   "tunisia",     "turkey",      "turkmenistan",
    "uganda",      "ukraine",    "uzbekistan", "venezuela",   "vietnam",     "yemen",
    "zambia",      "zimbabwe",   "uae",        "usa"};

static_assert(std::is_sorted(kCommonGivenNames.begin(), kCommonGivenNames.end()));
static_assert(std::is_sorted(kGenericOrgWords.begin(), kGenericOrgWords.end()));

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view token) {
  return std::binary_search(words.begin(), words.end(), token);
}

}  // namespace

bool is_place_word(std::string_view folded_token) {
  return std::find(kPlaceWords.begin(), kPlaceWords.end(), folded_token) != kPlaceWords.end();
}

Commonness commonness_of(std::string_view folded_token) {
  if (contains(kGenericOrgWords, folded_token)) return Commonness::generic_org_word;
  if (contains(kCommonGivenNames, folded_token)) return Commonness::common_given_name;
  return Commonness::distinctive;
}

}  // namespace echri::screening
