#include "http/peer_source.hpp"

#include <httplib.h>

#include "core/text_util.hpp"

namespace echri::http {

HttpPeerSource::HttpPeerSource(std::unique_ptr<httplib::Client> client, std::string base,
                               std::string token)
    : client_(std::move(client)), base_(std::move(base)), token_(std::move(token)) {}

HttpPeerSource::~HttpPeerSource() = default;

Result<std::unique_ptr<HttpPeerSource>> HttpPeerSource::open(const std::string& base,
                                                             std::string token,
                                                             PeerSourceOptions options) {
  std::string origin = base;
  while (origin.ends_with('/')) origin.pop_back();
  const auto lower = core::ascii_lower(origin);
  const auto scheme_end = origin.find("://");
  if ((!lower.starts_with("http://") && !lower.starts_with("https://")) ||
      origin.find('/', scheme_end + 3) != std::string::npos || origin.size() <= scheme_end + 3)
    return fail(ErrorKind::invalid_input,
                "'" + base + "' is not a node's URL (http:// or https://, host and port only)",
                "url");
  auto client = std::make_unique<httplib::Client>(origin);
  client->set_connection_timeout(options.connect_timeout);
  client->set_read_timeout(options.read_timeout);
  client->set_keep_alive(true);
  return std::unique_ptr<HttpPeerSource>(
      new HttpPeerSource(std::move(client), origin, std::move(token)));  // NOLINT: private ctor
}

Result<std::string> HttpPeerSource::get(const std::string& path) {
  httplib::Headers headers;
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  const auto response = client_->Get("/exchange/v1/log/" + path, headers);
  if (!response)
    return fail(ErrorKind::io, "the peer did not answer: " + httplib::to_string(response.error()),
                base_ + "/exchange/v1/log/" + path);
  ++requests_;
  if (response->status != 200)
    return fail(response->status == 404 ? ErrorKind::not_found : ErrorKind::io,
                "the peer answered " + std::to_string(response->status),
                base_ + "/exchange/v1/log/" + path);
  return response->body;
}

Result<std::string> HttpPeerSource::checkpoint() {
  return get("checkpoint");
}

Result<std::string> HttpPeerSource::tile(const exchange::TilePath& path) {
  return get(path.entries ? exchange::entry_bundle_path(path.tile.index, path.tile.width)
                          : exchange::tile_path(path.tile));
}

}  // namespace echri::http
