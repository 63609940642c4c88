#include "core/calendar.hpp"

#include <array>

namespace echri::core {
namespace {

// The digits as a number; -1 when any is not a digit.
int number(std::string_view digits) {
  int value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays.at(static_cast<std::size_t>(month - 1)) + (month == 2 && leap ? 1 : 0);
}

bool is_year_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return false;
  const int year = number(text.substr(0, 4));
  const int month = number(text.substr(5, 2));
  return year >= 0 && month >= 1 && month <= 12;
}

}  // namespace

bool is_calendar_date(std::string_view text) {
  if (text.size() != 10 || text[7] != '-' || !is_year_month(text.substr(0, 7))) return false;
  const int day = number(text.substr(8, 2));
  return day >= 1 && day <= days_in_month(number(text.substr(0, 4)), number(text.substr(5, 2)));
}

bool is_partial_date(std::string_view text) {
  switch (text.size()) {
    case 4:
      return number(text) >= 0;
    case 7:
      return is_year_month(text);
    case 10:
      return is_calendar_date(text);
    default:
      return false;
  }
}

}  // namespace echri::core
