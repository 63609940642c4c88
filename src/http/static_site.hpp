#pragma once
// A built web front end, served from memory: read once at start from a folder laid out as Vite
// writes it (index.html and other top-level files, the bundles under assets/ with a content hash
// in their names). What a browser may cache follows from the names:
//   - assets/NAME-HASH.EXT is immutable: its name changes whenever its content does, so a browser
//     keeps it for a year and never asks again (`Cache-Control: public, max-age=31536000,
//     immutable`);
//   - everything else (index.html above all, which names the current bundles, and any file under
//     assets/ whose name shows no hash) is revalidated on every use (`Cache-Control: no-cache`)
//     against a strong ETag of its content, answered 304 when unchanged. A name taken for hashed
//     when it is not would keep stale code in browsers after an upgrade, so the test for a hash
//     errs the other way.
// The site is immutable once loaded and safe to share between threads.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace echri::http {

// The folder of the hashed bundles, as a relative path prefix.
inline constexpr std::string_view kAssetsFolder = "assets/";

struct StaticFile {
  std::string content;
  std::string content_type;
  std::string etag;           // "\"<first 32 hex digits of the content's SHA-256>\""
  std::string cache_control;  // as above
};

// Bounds on what a folder may hold: the site lives in memory.
struct StaticSiteLimits {
  std::size_t max_files = 2000;
  std::size_t max_file_bytes = std::size_t{16} << 20;
  std::size_t max_total_bytes = std::size_t{64} << 20;
};

class StaticSite {
 public:
  // Reads every regular file below `folder` (dot-files and their folders are left out).
  // invalid_input naming the file for a symbolic link, a name outside [A-Za-z0-9._~-] in any
  // segment, a folder without index.html, or a limit exceeded; io when a file cannot be read.
  static Result<StaticSite> load(const std::filesystem::path& folder,
                                 const StaticSiteLimits& limits = {});

  // The file at `relative` ("index.html", "assets/index-B3x9_aQ1.js"); null when there is none.
  [[nodiscard]] const StaticFile* find(std::string_view relative) const;
  // Every file's relative path, in order.
  [[nodiscard]] std::vector<std::string> paths() const;
  [[nodiscard]] std::size_t total_bytes() const { return total_bytes_; }

 private:
  std::map<std::string, StaticFile, std::less<>> files_;
  std::size_t total_bytes_ = 0;
};

// Whether a file name (no folder) carries a content hash as Vite writes it: the stem ends in '-'
// and 8 to 64 characters of base64url ([A-Za-z0-9_-]), at least one of them a digit, an upper-case
// letter or '_' (so that "index-component.js" is not taken for hashed).
bool has_content_hash(std::string_view file_name);

// The Content-Type for a file name, by its extension; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view file_name);

}  // namespace echri::http
