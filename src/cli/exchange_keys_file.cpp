#include "cli/exchange_keys_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/file_io.hpp"

namespace echri::cli {

std::filesystem::path exchange_keys_path(const Context& context, const std::string& option) {
  return option.empty() ? context.data_dir() / "exchange.keys" : std::filesystem::path(option);
}

Result<exchange::NodeKeys> create_exchange_keys(const std::filesystem::path& path,
                                                const std::string& origin,
                                                const std::string& state) {
  ECHRI_ASSIGN_OR_RETURN(auto keys, exchange::generate_node_keys(origin, state));
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  // O_EXCL: an existing key file is the node's identity; it is never overwritten.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int error = errno;
    if (error == EEXIST)
      return fail(ErrorKind::conflict, "the node already has exchange keys; they are not replaced",
                  path.string());
    return fail(ErrorKind::io, std::strerror(error), path.string());
  }
  const auto text = exchange::format_node_keys(keys);
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      std::filesystem::remove(path, ignored);
      return fail(ErrorKind::io, std::strerror(error), path.string());
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::filesystem::remove(path, ignored);
    return fail(ErrorKind::io, "could not write the key file", path.string());
  }
  return keys;
}

Result<exchange::NodeKeys> load_exchange_keys(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    return fail(ErrorKind::not_found,
                "this node has no exchange keys (echri exchange keys --init --origin ORIGIN "
                "--state XX creates them)",
                path.string());
  ECHRI_ASSIGN_OR_RETURN(const auto text, core::read_text_file(path));
  return exchange::parse_node_keys(text, path.string());
}

}  // namespace echri::cli
