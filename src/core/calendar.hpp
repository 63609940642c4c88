#pragma once
// Calendar dates as the API and the data files write them (ISO 8601, proleptic Gregorian). A
// date that matches the pattern but names no day (1960-13-45, 2023-02-29) is not a date.

#include <string_view>

namespace echri::core {

// "YYYY-MM-DD" naming a real day.
bool is_calendar_date(std::string_view text);

// "YYYY", "YYYY-MM" or "YYYY-MM-DD", each naming a real year, month or day (dates of birth known
// only in part).
bool is_partial_date(std::string_view text);

}  // namespace echri::core
