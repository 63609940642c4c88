#include "core/calendar.hpp"

#include <gtest/gtest.h>

namespace echri::core {
namespace {

TEST(CalendarTest, ADateNamesARealDay) {
  EXPECT_TRUE(is_calendar_date("2026-03-01"));
  EXPECT_TRUE(is_calendar_date("2024-02-29"));
  EXPECT_TRUE(is_calendar_date("2000-02-29"));
  EXPECT_TRUE(is_calendar_date("1999-12-31"));
  EXPECT_FALSE(is_calendar_date("1960-13-45"));
  EXPECT_FALSE(is_calendar_date("2023-02-29"));
  EXPECT_FALSE(is_calendar_date("1900-02-29"));
  EXPECT_FALSE(is_calendar_date("2026-04-31"));
  EXPECT_FALSE(is_calendar_date("2026-00-10"));
  EXPECT_FALSE(is_calendar_date("2026-01-00"));
  EXPECT_FALSE(is_calendar_date("2026-1-01"));
  EXPECT_FALSE(is_calendar_date("2026/01/01"));
  EXPECT_FALSE(is_calendar_date("2026-01-01T00:00:00Z"));
  EXPECT_FALSE(is_calendar_date("+026-01-01"));
  EXPECT_FALSE(is_calendar_date(""));
}

TEST(CalendarTest, APartialDateNamesARealYearOrMonth) {
  EXPECT_TRUE(is_partial_date("1960"));
  EXPECT_TRUE(is_partial_date("1960-12"));
  EXPECT_TRUE(is_partial_date("1960-12-31"));
  EXPECT_FALSE(is_partial_date("1960-13"));
  EXPECT_FALSE(is_partial_date("1960-13-45"));
  EXPECT_FALSE(is_partial_date("196"));
  EXPECT_FALSE(is_partial_date("19x0"));
  EXPECT_FALSE(is_partial_date("1960-"));
}

}  // namespace
}  // namespace echri::core
