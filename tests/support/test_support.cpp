#include "support/test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace echri::testing {

std::optional<std::filesystem::path> shared_data_dir() {
  std::filesystem::path dir = ECHRI_SHARED_DATA_DEFAULT;
  if (const char* env = std::getenv("ECHRI_SHARED_DATA"); env != nullptr && *env != '\0') dir = env;
  if (!std::filesystem::is_directory(dir / "lists")) return std::nullopt;
  return dir;
}

std::filesystem::path fixtures_dir() {
  return ECHRI_TEST_FIXTURES;
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

}  // namespace echri::testing
