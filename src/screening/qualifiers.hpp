#pragma once
// What a query says besides the name (type, country, date of birth, identifier) held against a
// listed entity. Pure.

#include <optional>
#include <string>
#include <vector>

#include "core/entity.hpp"

namespace echri::screening {

struct ScreeningQuery {
  std::string name = {};
  std::optional<core::EntityType> type = {};
  std::string country = {};        // ISO 3166 code or a country name; "" when unknown
  std::string date_of_birth = {};  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" when unknown
  std::string identifier = {};     // passport, national id, IMO number...; "" when unknown
};

enum class QualifierOutcome { agrees, contradicts, decisive };
std::string_view to_string(QualifierOutcome outcome);

struct QualifierEffect {
  std::string qualifier;  // "type", "country", "date_of_birth", "identifier"
  QualifierOutcome outcome = QualifierOutcome::agrees;
  double factor = 1.0;  // what the name score is multiplied by
  std::string detail;   // "query 1961, listed 1970"
};

struct QualifierResult {
  double factor = 1.0;
  bool decisive = false;  // an identifier matched: the score is 1 whatever the name says
  std::vector<QualifierEffect> effects;
};

// Only qualifiers that both the query and the entity carry have an effect.
QualifierResult apply_qualifiers(const ScreeningQuery& query, const core::ListedEntity& entity);

// Upper-case letters and digits only, without the kind of number written in front:
// "AB 123-456" -> "AB123456"; "IMO 9116412", "IMO: 9116412" -> "9116412"; "Passport No. 042833"
// -> "042833".
std::string normalize_identifier(std::string_view identifier);

// Validates a query's qualifiers; the error names the field.
std::optional<std::string> qualifier_error(const ScreeningQuery& query);

}  // namespace echri::screening
