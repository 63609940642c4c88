#include "support/test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace echri::testing {

std::optional<std::filesystem::path> shared_data_dir() {
  std::filesystem::path dir = ECHRI_SHARED_DATA_DEFAULT;
  if (const char* env = std::getenv("ECHRI_SHARED_DATA"); env != nullptr && *env != '\0') dir = env;
  if (!std::filesystem::is_directory(dir / "lists")) return std::nullopt;
  return dir;
}

namespace {

// Copies the fixture tree once per process and removes the copy at exit.
class StagedFixtures {
 public:
  StagedFixtures() {
    const std::filesystem::path source = ECHRI_TEST_FIXTURES;
    root_ =
        std::filesystem::temp_directory_path() / ("echri-fixtures-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source)) {
      auto target = root_ / std::filesystem::relative(entry.path(), source);
      if (entry.is_directory()) {
        std::filesystem::create_directories(target);
        continue;
      }
      if (target.extension() == ".fixture") target.replace_extension();
      std::filesystem::create_directories(target.parent_path());
      std::filesystem::copy_file(entry.path(), target);
    }
  }
  ~StagedFixtures() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  StagedFixtures(const StagedFixtures&) = delete;
  StagedFixtures& operator=(const StagedFixtures&) = delete;
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace

std::filesystem::path fixtures_dir() {
  static const StagedFixtures staged;
  return staged.root();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("echri-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::optional<std::string> test_store_url(std::string_view backend,
                                          const std::filesystem::path& dir,
                                          std::string_view prefix) {
  if (backend != "postgres") return "sqlite:" + (dir / "echri.db").string();
  const char* base = std::getenv("ECHRI_TEST_POSTGRES_URL");
  if (base == nullptr || *base == '\0') return std::nullopt;
  std::random_device random;
  const std::string url(base);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + std::string(prefix) +
         "_" + std::to_string(random()) + std::to_string(random());
}

}  // namespace echri::testing
