#include "screening/qualifiers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "core/calendar.hpp"
#include "core/country.hpp"

namespace echri::screening {
namespace {

// A different kind of party (a person against a company) is rarely the same party.
constexpr double kTypeContradiction = 0.8;
// Lists name several countries for many entities and miss others: a contradiction is weak.
constexpr double kCountryContradiction = 0.92;
// Birth years differ by more than a year: usually another person of the same name.
constexpr double kBirthYearContradiction = 0.8;

std::optional<int> year_of(std::string_view date) {
  if (date.size() < 4) return std::nullopt;
  int year = 0;
  const auto [end, error] = std::from_chars(date.data(), date.data() + 4, year);
  if (error != std::errc() || end != date.data() + 4) return std::nullopt;
  return year;
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ", ") + value;
  return out;
}

}  // namespace

std::string_view to_string(QualifierOutcome outcome) {
  switch (outcome) {
    case QualifierOutcome::agrees:
      return "agrees";
    case QualifierOutcome::contradicts:
      return "contradicts";
    case QualifierOutcome::decisive:
      return "decisive";
  }
  return "agrees";
}

std::string normalize_identifier(std::string_view identifier) {
  std::string out;
  for (const char ch : identifier) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::toupper(c)));
  }
  // The kind of number written in front of it ("IMO 9116412", "Passport No. 042833",
  // "MMSI: 572469210", "Reg. No. 1027700070518"): the lists keep some of these and not others,
  // so both sides drop them. Longest first; only when a number of 4+ characters with a digit
  // is left.
  static constexpr std::string_view kPrefixes[] = {"PASSPORTNUMBER",
                                                   "PASSPORTNO",
                                                   "NATIONALIDNUMBER",
                                                   "NATIONALIDNO",
                                                   "NATIONALID",
                                                   "REGISTRATIONNUMBER",
                                                   "REGISTRATIONNO",
                                                   "REGISTRATION",
                                                   "PASSPORT",
                                                   "IDNUMBER",
                                                   "IMONO",
                                                   "IMONUMBER",
                                                   "REGNO",
                                                   "TAXID",
                                                   "IDNO",
                                                   "MMSI",
                                                   "OGRN",
                                                   "NUMBER",
                                                   "IMO",
                                                   "INN",
                                                   "TIN",
                                                   "NO",
                                                   "NR"};
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const std::string_view prefix : kPrefixes) {
      if (out.size() < prefix.size() + 4 || !std::string_view(out).starts_with(prefix)) continue;
      const std::string_view rest = std::string_view(out).substr(prefix.size());
      if (std::none_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
        continue;
      out.erase(0, prefix.size());
      stripped = true;
      break;
    }
  }
  return out;
}

std::optional<std::string> qualifier_error(const ScreeningQuery& query) {
  if (!query.date_of_birth.empty() && !core::is_partial_date(query.date_of_birth))
    return "date_of_birth: expected YYYY, YYYY-MM or YYYY-MM-DD, got '" + query.date_of_birth + "'";
  if (!query.country.empty() && !core::resolve_country(query.country))
    return "country: unknown country '" + query.country + "'";
  if (!query.identifier.empty() && normalize_identifier(query.identifier).size() < 4)
    return "identifier: too short to identify anyone ('" + query.identifier + "')";
  return std::nullopt;
}

QualifierResult apply_qualifiers(const ScreeningQuery& query, const core::ListedEntity& entity) {
  QualifierResult result;
  const auto add = [&](std::string qualifier, QualifierOutcome outcome, double factor,
                       std::string detail) {
    result.factor *= factor;
    result.effects.push_back({std::move(qualifier), outcome, factor, std::move(detail)});
  };

  if (!query.identifier.empty()) {
    const std::string wanted = normalize_identifier(query.identifier);
    for (const auto& id : entity.identifiers) {
      if (!wanted.empty() && normalize_identifier(id.value) == wanted) {
        result.decisive = true;
        add("identifier", QualifierOutcome::decisive, 1.0,
            (id.type.empty() ? std::string("identifier") : id.type) + " " + id.value);
        break;
      }
    }
  }

  if (query.type && *query.type != core::EntityType::unknown &&
      entity.type != core::EntityType::unknown) {
    const std::string detail = "query " + std::string(core::to_string(*query.type)) + ", listed " +
                               std::string(core::to_string(entity.type));
    if (*query.type == entity.type)
      add("type", QualifierOutcome::agrees, 1.0, detail);
    else
      add("type", QualifierOutcome::contradicts, kTypeContradiction, detail);
  }

  if (!query.country.empty()) {
    if (const auto wanted = core::resolve_country(query.country)) {
      std::vector<std::string> listed = entity.countries;
      for (const auto& address : entity.addresses)
        if (!address.country_code.empty()) listed.push_back(address.country_code);
      if (!listed.empty()) {
        bool agrees = false;
        for (const auto& code : listed) agrees = agrees || code == wanted->alpha2;
        const std::string detail = "query " + wanted->alpha2 + ", listed " + join(listed);
        if (agrees)
          add("country", QualifierOutcome::agrees, 1.0, detail);
        else
          add("country", QualifierOutcome::contradicts, kCountryContradiction, detail);
      }
    }
  }

  if (!query.date_of_birth.empty() && !entity.dates_of_birth.empty()) {
    if (const auto wanted = year_of(query.date_of_birth)) {
      bool agrees = false;
      for (const auto& listed : entity.dates_of_birth) {
        const auto year = year_of(listed);
        agrees = agrees || (year && std::abs(*year - *wanted) <= 1);
      }
      const std::string detail =
          "query " + query.date_of_birth + ", listed " + join(entity.dates_of_birth);
      if (agrees)
        add("date_of_birth", QualifierOutcome::agrees, 1.0, detail);
      else
        add("date_of_birth", QualifierOutcome::contradicts, kBirthYearContradiction, detail);
    }
  }
  return result;
}

}  // namespace echri::screening
