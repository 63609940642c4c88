#include "http/static_site.hpp"

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>

#include "core/digest.hpp"
#include "core/file_io.hpp"
#include "core/text_util.hpp"

namespace echri::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::size_t kMinHash = 8;
constexpr std::size_t kMaxHash = 64;

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// The characters a served path may hold: no escaping, no percent-decoding questions, no "..".
bool is_safe_segment(std::string_view segment) {
  if (segment.empty() || segment == "." || segment == "..") return false;
  return std::all_of(segment.begin(), segment.end(),
                     [](char c) { return is_base64url(c) || c == '.' || c == '~'; });
}

}  // namespace

bool has_content_hash(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const auto stem = file_name.substr(0, dot);
  // The hash may itself hold '-': any split whose tail is a hash will do.
  for (std::size_t length = kMinHash; length <= kMaxHash && length < stem.size(); ++length) {
    if (stem[stem.size() - length - 1] != '-') continue;
    const auto hash = stem.substr(stem.size() - length);
    if (!std::all_of(hash.begin(), hash.end(), is_base64url)) break;
    const bool mixed = std::any_of(hash.begin(), hash.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (mixed) return true;
  }
  return false;
}

std::string_view content_type_for(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const auto dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    const auto extension = core::ascii_lower(file_name.substr(dot));
    for (const auto& [known, type] : kTypes)
      if (extension == known) return type;
  }
  return "application/octet-stream";
}

Result<StaticSite> StaticSite::load(const fs::path& folder, const StaticSiteLimits& limits) {
  std::error_code error;
  if (!fs::is_directory(folder, error))
    return fail(ErrorKind::invalid_input, "not a folder", folder.string());
  StaticSite site;
  fs::recursive_directory_iterator walk(folder, fs::directory_options::none, error);
  if (error) return fail(ErrorKind::io, "cannot list: " + error.message(), folder.string());
  for (; walk != fs::recursive_directory_iterator(); walk.increment(error)) {
    if (error) return fail(ErrorKind::io, "cannot list: " + error.message(), folder.string());
    const auto& entry = *walk;
    const auto name = entry.path().filename().string();
    if (name.starts_with('.')) {
      if (entry.is_directory(error)) walk.disable_recursion_pending();
      continue;
    }
    const auto where = entry.path().string();
    // A link could lead out of the folder, or change under the running server.
    if (entry.is_symlink(error))
      return fail(ErrorKind::invalid_input, "symbolic links are not served", where);
    if (entry.is_directory(error)) continue;
    if (!entry.is_regular_file(error))
      return fail(ErrorKind::invalid_input, "not a regular file", where);
    const auto relative = entry.path().lexically_relative(folder).generic_string();
    for (const auto& segment : entry.path().lexically_relative(folder))
      if (!is_safe_segment(segment.string()))
        return fail(ErrorKind::invalid_input,
                    "a served file's name may hold only letters, digits and . _ ~ -", where);
    if (site.files_.size() >= limits.max_files)
      return fail(ErrorKind::invalid_input,
                  "more than " + std::to_string(limits.max_files) + " files", folder.string());
    const auto size = entry.file_size(error);
    if (error) return fail(ErrorKind::io, "cannot read: " + error.message(), where);
    if (size > limits.max_file_bytes)
      return fail(ErrorKind::invalid_input,
                  "larger than " + std::to_string(limits.max_file_bytes) + " bytes", where);
    if (site.total_bytes_ + size > limits.max_total_bytes)
      return fail(ErrorKind::invalid_input,
                  "the folder holds more than " + std::to_string(limits.max_total_bytes) + " bytes",
                  where);
    ECHRI_ASSIGN_OR_RETURN(auto content, core::read_text_file(entry.path()));
    StaticFile file;
    file.content_type = std::string(content_type_for(name));
    file.etag = "\"" + core::sha256_hex(content).substr(0, 32) + "\"";
    const bool immutable = relative.starts_with(kAssetsFolder) && has_content_hash(name);
    file.cache_control = std::string(immutable ? kImmutable : kRevalidate);
    site.total_bytes_ += content.size();
    file.content = std::move(content);
    site.files_.emplace(relative, std::move(file));
  }
  if (!site.files_.contains("index.html"))
    return fail(ErrorKind::invalid_input, "no index.html", folder.string());
  return site;
}

const StaticFile* StaticSite::find(std::string_view relative) const {
  const auto found = files_.find(relative);
  return found == files_.end() ? nullptr : &found->second;
}

std::vector<std::string> StaticSite::paths() const {
  std::vector<std::string> out;
  out.reserve(files_.size());
  for (const auto& [path, file] : files_) out.push_back(path);
  return out;
}

}  // namespace echri::http
