#include "core/csv_reader.hpp"

#include <algorithm>
#include <utility>

namespace echri::core {

CsvReader::CsvReader(std::string_view data, char delimiter, std::string file)
    : data_(data), delimiter_(delimiter), file_(std::move(file)) {}

Result<bool> CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  // Skip blank lines and a trailing end-of-file byte.
  while (pos_ < data_.size()) {
    const char c = data_[pos_];
    if (c == '\n') {
      ++line_;
      ++pos_;
    } else if (c == '\r') {
      ++pos_;
      if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
      ++line_;
    } else if (c == '\x1a' && pos_ + 1 == data_.size()) {
      ++pos_;
    } else {
      break;
    }
  }
  if (pos_ >= data_.size()) return false;

  record_line_ = line_;
  while (true) {
    std::string field;
    if (pos_ < data_.size() && data_[pos_] == '"') {
      const std::size_t quote_line = line_;
      ++pos_;
      while (true) {
        const std::size_t close = data_.find('"', pos_);
        if (close == std::string_view::npos) {
          return fail(ErrorKind::invalid_input,
                      "unterminated quoted field (field " + std::to_string(fields.size() + 1) +
                          " opens a quote that never closes)",
                      file_ + ":" + std::to_string(quote_line));
        }
        const std::string_view chunk = data_.substr(pos_, close - pos_);
        line_ += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
        field.append(chunk);
        pos_ = close + 1;
        if (pos_ < data_.size() && data_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      // Some publishers pad after the closing quote; anything else is malformed.
      while (pos_ < data_.size() && data_[pos_] == ' ' && delimiter_ != ' ') ++pos_;
      if (pos_ < data_.size() && data_[pos_] != delimiter_ && data_[pos_] != '\n' &&
          data_[pos_] != '\r' && !(data_[pos_] == '\x1a' && pos_ + 1 == data_.size())) {
        return fail(
            ErrorKind::invalid_input,
            "unexpected text after the closing quote of field " + std::to_string(fields.size() + 1),
            file_ + ":" + std::to_string(line_));
      }
    } else {
      const char stops[] = {delimiter_, '\n', '\r', '\0'};
      std::size_t end = data_.find_first_of(std::string_view(stops, 3), pos_);
      if (end == std::string_view::npos) end = data_.size();
      std::string_view raw = data_.substr(pos_, end - pos_);
      if (end == data_.size() && raw.ends_with('\x1a')) raw.remove_suffix(1);
      field.assign(raw);
      pos_ = end;
    }
    fields.push_back(std::move(field));

    if (pos_ >= data_.size()) return true;
    const char c = data_[pos_];
    if (c == delimiter_) {
      ++pos_;
      continue;
    }
    if (c == '\x1a') {
      pos_ = data_.size();
      return true;
    }
    // End of record.
    ++pos_;
    if (c == '\r' && pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

}  // namespace echri::core
