#include "http/peer_source.hpp"

#include <httplib.h>

#include "core/text_util.hpp"

namespace echri::http {

Result<NodeClient> connect_node(const std::string& url, const PeerSourceOptions& options) {
  std::string origin = url;
  while (origin.ends_with('/')) origin.pop_back();
  const auto lower = core::ascii_lower(origin);
  const auto scheme_end = origin.find("://");
  if ((!lower.starts_with("http://") && !lower.starts_with("https://")) ||
      origin.find('/', scheme_end + 3) != std::string::npos || origin.size() <= scheme_end + 3)
    return fail(ErrorKind::invalid_input,
                "'" + url + "' is not a node's URL (http:// or https://, host and port only)",
                "url");
  auto client = std::make_unique<httplib::Client>(origin);
  client->set_connection_timeout(options.connect_timeout);
  client->set_read_timeout(options.read_timeout);
  client->set_keep_alive(true);
  return NodeClient{std::move(origin), std::move(client)};
}

HttpPeerSource::HttpPeerSource(NodeClient node, std::string token)
    : node_(std::move(node)), token_(std::move(token)) {}

HttpPeerSource::~HttpPeerSource() = default;

Result<std::unique_ptr<HttpPeerSource>> HttpPeerSource::open(const std::string& base,
                                                             std::string token,
                                                             PeerSourceOptions options) {
  ECHRI_ASSIGN_OR_RETURN(auto node, connect_node(base, options));
  return std::make_unique<HttpPeerSource>(std::move(node), std::move(token));
}

Result<std::string> HttpPeerSource::get(const std::string& path) {
  httplib::Headers headers;
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  const auto response = node_.client->Get("/exchange/v1/log/" + path, headers);
  if (!response)
    return fail(ErrorKind::io, "the peer did not answer: " + httplib::to_string(response.error()),
                node_.origin + "/exchange/v1/log/" + path);
  ++requests_;
  if (response->status != 200)
    return fail(response->status == 404 ? ErrorKind::not_found : ErrorKind::io,
                "the peer answered " + std::to_string(response->status),
                node_.origin + "/exchange/v1/log/" + path);
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
