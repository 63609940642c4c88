// CSV cells as RFC 4180 quotes them, with spreadsheet formulas disarmed (core/csv_writer).

#include "core/csv_writer.hpp"

#include <gtest/gtest.h>

namespace echri::core {
namespace {

TEST(CsvWriter, QuotesOnlyWhatNeedsQuoting) {
  EXPECT_EQ(csv_cell("plain text"), "plain text");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("carriage\rreturn"), "\"carriage\rreturn\"");
  EXPECT_EQ(csv_row({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(CsvWriter, FormulasAreDisarmedWithAQuote) {
  EXPECT_EQ(csv_cell("=1+2"), "'=1+2");
  EXPECT_EQ(csv_cell("+31 20 555"), "'+31 20 555");
  EXPECT_EQ(csv_cell("-minus"), "'-minus");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\tTAB"), "'\tTAB");
  EXPECT_EQ(csv_cell("\rCR"), "\"'\rCR\"");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  // Only the first character counts.
  EXPECT_EQ(csv_cell("a=b"), "a=b");
  EXPECT_EQ(csv_cell("1-2"), "1-2");
}

}  // namespace
}  // namespace echri::core
