#include "core/file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <utility>

namespace echri::core {
namespace {

// Closes the descriptor it owns.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  // Closes now, reporting the error that close() may be the first to see.
  bool close() {
    const int fd = std::exchange(fd_, -1);
    return fd < 0 || ::close(fd) == 0;
  }

 private:
  int fd_;
};

std::string errno_text() {
  return std::strerror(errno);
}

std::string utc_format(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> buffer{};
  std::strftime(buffer.data(), buffer.size(), format, &utc);
  return buffer.data();
}

}  // namespace

Result<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::io, "cannot open", path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return fail(ErrorKind::io, "cannot read", path.string());
  return std::move(buffer).str();
}

namespace {

// Writes all of `content` at the descriptor's position, syncs and closes it.
Result<void> write_all_synced(FileDescriptor& fd, std::string_view content,
                              const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd.get(), content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorKind::io, "cannot write: " + errno_text(), path.string());
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0)
    return fail(ErrorKind::io, "cannot sync: " + errno_text(), path.string());
  if (!fd.close()) return fail(ErrorKind::io, "cannot close: " + errno_text(), path.string());
  return {};
}

}  // namespace

Result<void> write_synced(const std::filesystem::path& path, const std::string& content) {
  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) return fail(ErrorKind::io, "cannot create: " + errno_text(), path.string());
  return write_all_synced(fd, content, path);
}

Result<void> append_synced(const std::filesystem::path& path, std::uint64_t keep,
                           std::string_view content) {
  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640));
  if (fd.get() < 0) return fail(ErrorKind::io, "cannot open: " + errno_text(), path.string());
  if (::ftruncate(fd.get(), static_cast<off_t>(keep)) != 0 || ::lseek(fd.get(), 0, SEEK_END) < 0)
    return fail(ErrorKind::io, "cannot cut back: " + errno_text(), path.string());
  return write_all_synced(fd, content, path);
}

void sync_directory(const std::filesystem::path& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

std::filesystem::path temporary_sibling(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  return target.parent_path() / ("." + target.filename().string() + ".tmp." +
                                 std::to_string(::getpid()) + "." + std::to_string(counter++));
}

Result<void> replace_file_atomically(const std::filesystem::path& target,
                                     const std::string& content) {
  const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::error_code code;
  std::filesystem::create_directories(dir, code);
  if (code) return fail(ErrorKind::io, "cannot create the folder: " + code.message(), dir.string());
  const auto temp = temporary_sibling(target);
  if (auto written = write_synced(temp, content); !written) {
    std::filesystem::remove(temp, code);
    return written;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const auto error = fail(ErrorKind::io, "cannot replace: " + errno_text(), target.string());
    std::filesystem::remove(temp, code);
    return error;
  }
  sync_directory(dir);
  return {};
}

std::string utc_timestamp() {
  return utc_format("%Y-%m-%dT%H:%M:%SZ");
}

std::string utc_date() {
  return utc_format("%Y-%m-%d");
}

}  // namespace echri::core
