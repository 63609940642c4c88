#pragma once
// Helpers shared by the test suites: where the real data and fixtures are, temporary folders.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

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

// The database a backend-parameterised test opens: "sqlite" is a file in `dir`; "postgres" is a
// fresh schema ("<prefix>_<random>") on the server ECHRI_TEST_POSTGRES_URL names (scripts/test
// starts one), or nullopt when the variable is unset.
std::optional<std::string> test_store_url(std::string_view backend,
                                          const std::filesystem::path& dir,
                                          std::string_view prefix);

}  // namespace echri::testing

// Declares `var` as the store URL for `backend`, or skips the test when PostgreSQL is absent.
#define ECHRI_STORE_URL_OR_SKIP(var, backend, dir, prefix)                             \
  const auto var##_opt = ::echri::testing::test_store_url(backend, dir, prefix);       \
  if (!var##_opt)                                                                      \
    GTEST_SKIP() << "ECHRI_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run " \
                    "(scripts/test starts a server)";                                  \
  const std::string& var = *var##_opt

// Skips the current test, naming what is missing, when the shared data folder is absent.
#define ECHRI_REQUIRE_SHARED_DATA(var)                                                 \
  const auto var##_opt = ::echri::testing::shared_data_dir();                          \
  if (!var##_opt) GTEST_SKIP() << "../shared/data is absent: skipping real-data test"; \
  const std::filesystem::path& var = *var##_opt
