#pragma once
// What the benchmark programs share: where the real data is, reading its CSV files.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace echri::bench {

// ../shared/data or $ECHRI_SHARED_DATA; exits with a clear message when it is absent.
std::filesystem::path shared_data_or_exit();

// A CSV file as rows keyed by column name: the names are the file's first row, or `columns` for a
// file without a header row. Lines starting with '#' and blank lines are skipped. Exits with
// file:line on malformed input.
std::vector<std::map<std::string, std::string>> read_csv_rows(
    const std::filesystem::path& path, const std::vector<std::string>& columns = {});

std::string read_text_file(const std::filesystem::path& path);

double median(std::vector<double> values);
double percentile(std::vector<double> values, double fraction);
// Peak resident memory of this process so far, in MiB.
double peak_rss_mib();

}  // namespace echri::bench
