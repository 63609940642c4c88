#pragma once
// An RFC 4180 reader for CSV and TSV files (lists, batches, indicator data). Quoted fields may
// hold delimiters, doubled quotes and line breaks; records end at LF, CRLF or CR. Every record
// knows the line it starts on, so that errors can name file:line.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace echri::core {

class CsvReader {
 public:
  // `data` must outlive the reader; `file` names it in errors.
  CsvReader(std::string_view data, char delimiter, std::string file);

  // Reads the next record into `fields`. Returns false at the end of the data. Blank lines and
  // the DOS end-of-file byte (0x1A) that old OFAC files end with are skipped. Errors: an
  // unterminated quoted field, text between a closing quote and the delimiter.
  Result<bool> next(std::vector<std::string>& fields);

  // The line on which the last record read starts (1-based).
  [[nodiscard]] std::size_t record_line() const { return record_line_; }
  [[nodiscard]] const std::string& file() const { return file_; }

 private:
  std::string_view data_;
  char delimiter_;
  std::string file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
};

}  // namespace echri::core
