#pragma once
// Downloading official lists from their publishers. The only network code of screening/: it
// fetches files into a folder; parsing and saving stay with parse_list_files and ListStore.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "screening/list_format.hpp"

namespace echri::screening {

// Where one list is published.
struct ListSource {
  std::string list_id;  // "us-ofac-sdn", "un-sc"...
  ListFormat format = ListFormat::auto_detect;
  std::string file_name;  // the name the download is saved under: "sdn.csv", "ConList.csv"...
  std::string url;        // the primary file
  // Files fetched from beside the primary URL (same folder, these names): OFAC's alt.csv,
  // add.csv and sdn_comments.csv. They are required: an OFAC list without its aliases would
  // silently lose names.
  std::vector<std::string> side_files;
  bool updated_by_default = false;  // part of `echri lists update` without --list
};

// Every list echri knows how to fetch, with the official URLs as defaults.
const std::vector<ListSource>& known_list_sources();
std::optional<ListSource> find_list_source(std::string_view list_id);

struct DownloadOptions {
  std::chrono::seconds connect_timeout{20};
  std::chrono::seconds read_timeout{120};  // per read, not for the whole transfer
};

// The URLs a list is fetched from: the primary file's, then its side files'.
std::vector<std::string> source_urls(const ListSource& source);

// GETs the URL (http or https, following redirects) and writes the body to `target`. Any status
// but 200 is an error naming the URL.
Result<std::uintmax_t> download_file(const std::string& url, const std::filesystem::path& target,
                                     const DownloadOptions& options = {});

// Fetches a list's primary and side files into `folder`; returns the primary file's path.
Result<std::filesystem::path> download_list(const ListSource& source,
                                            const std::filesystem::path& folder,
                                            const DownloadOptions& options = {});

}  // namespace echri::screening
