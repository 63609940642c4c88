#include "screening/list_download.hpp"

#include <httplib.h>

#include <fstream>
#include <system_error>

#include "core/text_util.hpp"

namespace echri::screening {
namespace {

struct UrlParts {
  std::string origin;  // "https://host:port"
  std::string target;  // "/path?query"
};

std::optional<UrlParts> split_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string scheme = core::ascii_lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  const auto path_start = url.find_first_of("/?#", scheme_end + 3);
  UrlParts parts;
  parts.origin = std::string(url.substr(0, path_start));
  if (parts.origin.size() <= scheme_end + 3) return std::nullopt;
  parts.target = path_start == std::string_view::npos ? "/" : std::string(url.substr(path_start));
  if (parts.target.front() != '/') parts.target.insert(0, "/");
  if (const auto hash = parts.target.find('#'); hash != std::string::npos) parts.target.erase(hash);
  return parts;
}

// The URL of a file published in the same folder as `url`.
std::string sibling_url(const std::string& url, std::string_view file_name) {
  std::string base = url.substr(0, url.find_first_of("?#"));
  const auto slash = base.rfind('/');
  const auto origin_end = base.find("://");
  if (slash == std::string::npos || (origin_end != std::string::npos && slash < origin_end + 3))
    return base + "/" + std::string(file_name);
  return base.substr(0, slash + 1) + std::string(file_name);
}

}  // namespace

const std::vector<ListSource>& known_list_sources() {
  static const std::vector<ListSource> sources{
      {"us-ofac-sdn",
       ListFormat::ofac_csv,
       "sdn.csv",
       "https://www.treasury.gov/ofac/downloads/sdn.csv",
       {"alt.csv", "add.csv", "sdn_comments.csv"},
       true},
      {"us-ofac-cons",
       ListFormat::ofac_csv,
       "cons_prim.csv",
       "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv",
       {"cons_alt.csv", "cons_add.csv", "cons_comments.csv"},
       false},
      {"us-csl",
       ListFormat::csl_json,
       "consolidated.json",
       "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json",
       {},
       true},
      {"un-sc",
       ListFormat::un_xml,
       "consolidated.xml",
       "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
       {},
       true},
      {"eu-fsf",
       ListFormat::eu_xml,
       "xmlFullSanctionsList_1_1.xml",
       "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
       "content?token=dG9rZW4tMjAxNw",
       {},
       true},
      {"uk-ofsi",
       ListFormat::uk_csv,
       "ConList.csv",
       "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
       {},
       true},
      // BIS no longer publishes dpl.txt on its own (the DPL is part of the CSL): give --url.
      {"us-bis-dpl", ListFormat::dpl_tsv, "dpl.txt", "", {}, false},
  };
  return sources;
}

std::optional<ListSource> find_list_source(std::string_view list_id) {
  for (const auto& source : known_list_sources())
    if (source.list_id == list_id) return source;
  return std::nullopt;
}

std::vector<std::string> source_urls(const ListSource& source) {
  std::vector<std::string> urls{source.url};
  for (const auto& side : source.side_files) urls.push_back(sibling_url(source.url, side));
  return urls;
}

Result<std::uintmax_t> download_file(const std::string& url, const std::filesystem::path& target,
                                     const DownloadOptions& options) {
  const auto parts = split_url(url);
  if (!parts) return fail(ErrorKind::invalid_input, "not an http or https URL", url);
  httplib::Client client(parts->origin);
  if (!client.is_valid()) return fail(ErrorKind::invalid_input, "unsupported URL", url);
  client.set_follow_location(true);
  client.set_connection_timeout(options.connect_timeout);
  client.set_read_timeout(options.read_timeout);
  client.set_write_timeout(options.read_timeout);
  client.set_decompress(true);
  client.enable_server_certificate_verification(true);
  // Lists are tens of megabytes at most: the body is kept in memory so that a redirect's body
  // never ends up in the file.
  const httplib::Headers headers{{"User-Agent", "echri/0.1 (restricted-party list update)"}};
  const auto response = client.Get(parts->target, headers);
  if (!response)
    return fail(ErrorKind::io, "download failed: " + httplib::to_string(response.error()), url);
  if (response->status != 200)
    return fail(ErrorKind::io, "download failed: HTTP " + std::to_string(response->status), url);

  std::error_code code;
  std::filesystem::create_directories(target.parent_path(), code);
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  out.write(response->body.data(), static_cast<std::streamsize>(response->body.size()));
  out.close();
  if (!out) return fail(ErrorKind::io, "cannot write the download", target.string());
  return static_cast<std::uintmax_t>(response->body.size());
}

Result<std::filesystem::path> download_list(const ListSource& source,
                                            const std::filesystem::path& folder,
                                            const DownloadOptions& options) {
  if (source.url.empty())
    return fail(ErrorKind::invalid_input, "no URL known for list " + source.list_id +
                                              "; give one with --url " + source.list_id + "=URL");
  const auto primary = folder / source.file_name;
  if (auto done = download_file(source.url, primary, options); !done)
    return tl::unexpected(done.error());
  const auto urls = source_urls(source);
  for (std::size_t i = 0; i < source.side_files.size(); ++i) {
    if (auto done = download_file(urls[i + 1], folder / source.side_files[i], options); !done)
      return tl::unexpected(done.error());
  }
  return primary;
}

}  // namespace echri::screening
