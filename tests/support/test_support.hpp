#pragma once
// Helpers shared by the test suites: where the real data and fixtures are, temporary folders.

#include <filesystem>
#include <optional>
#include <string>

namespace echri::testing {

// ../shared/data, or $ECHRI_SHARED_DATA; nullopt when it is absent (tests then GTEST_SKIP).
std::optional<std::filesystem::path> shared_data_dir();
// A per-process copy of tests/fixtures (small fictional files written for the tests). Files
// stored as NAME.fixture appear as NAME: the official file names (sdn.csv, alt.csv, dpl.txt...)
// that format detection relies on are not kept in the repository, where they would look like
// copies of the real lists.
std::filesystem::path fixtures_dir();
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

// A fresh folder removed with everything in it when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace echri::testing

// Skips the current test, naming what is missing, when the shared data folder is absent.
#define ECHRI_REQUIRE_SHARED_DATA(var)                                                 \
  const auto var##_opt = ::echri::testing::shared_data_dir();                          \
  if (!var##_opt) GTEST_SKIP() << "../shared/data is absent: skipping real-data test"; \
  const std::filesystem::path var = *var##_opt
