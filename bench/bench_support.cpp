#include "bench_support.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/csv_reader.hpp"

namespace echri::bench {

std::filesystem::path shared_data_or_exit() {
  std::filesystem::path dir = ECHRI_SHARED_DATA_DEFAULT;
  if (const char* env = std::getenv("ECHRI_SHARED_DATA"); env != nullptr && *env != '\0') dir = env;
  if (!std::filesystem::is_directory(dir / "matching")) {
    std::cerr << "skipped: the shared data folder " << dir
              << " is absent (set ECHRI_SHARED_DATA)\n";
    std::exit(0);
  }
  return dir;
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::map<std::string, std::string>> read_csv_rows(
    const std::filesystem::path& path, const std::vector<std::string>& columns) {
  std::string text = read_text_file(path);
  // Comment lines (cross_script_pairs.csv) are not CSV records.
  std::string cleaned;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == '#') line.clear();
    cleaned += line + "\n";
  }
  core::CsvReader reader(cleaned, ',', path.string());
  std::vector<std::string> header = columns;
  std::vector<std::string> fields;
  std::vector<std::map<std::string, std::string>> rows;
  while (true) {
    auto more = reader.next(fields);
    if (!more) {
      std::cerr << more.error().describe() << "\n";
      std::exit(1);
    }
    if (!*more) break;
    if (header.empty()) {
      header = fields;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

double median(std::vector<double> values) {
  return percentile(std::move(values), 0.5);
}

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index =
      static_cast<std::size_t>(std::lround(fraction * static_cast<double>(values.size() - 1)));
  return values[std::min(index, values.size() - 1)];
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace echri::bench
