#include "http/peer_network.hpp"

#include <httplib.h>

#include <charconv>

namespace echri::http {

Result<std::unique_ptr<exchange::PeerSource>> HttpPeerNetwork::source(const exchange::Peer& peer) {
  ECHRI_ASSIGN_OR_RETURN(auto source, HttpPeerSource::open(peer.url, peer.token, options_));
  return std::unique_ptr<exchange::PeerSource>(std::move(source));
}

Result<exchange::WitnessAnswer> HttpPeerNetwork::add_checkpoint(
    const exchange::Peer& peer, const exchange::AddCheckpointRequest& request) {
  ECHRI_ASSIGN_OR_RETURN(const auto node, connect_node(peer.url, options_));
  const std::string where = node.origin + "/exchange/v1/witness/add-checkpoint";
  const auto response = node.client->Post("/exchange/v1/witness/add-checkpoint",
                                          exchange::format_add_checkpoint(request), "text/plain");
  if (!response)
    return fail(ErrorKind::io,
                "the witness did not answer: " + httplib::to_string(response.error()), where);
  if (response->status == 200) return exchange::WitnessAnswer{response->body, 0};
  if (response->status == 409 &&
      response->get_header_value("Content-Type").starts_with("text/x.tlog.size")) {
    std::string size = response->body;
    while (!size.empty() && size.back() == '\n') size.pop_back();
    std::uint64_t known = 0;
    const auto [end, error] = std::from_chars(size.data(), size.data() + size.size(), known);
    if (error != std::errc() || end != size.data() + size.size() || size.empty())
      return fail(ErrorKind::io, "the witness answered 409 without a tree size", where);
    return exchange::WitnessAnswer{std::nullopt, known};
  }
  return fail(ErrorKind::io,
              "the witness answered " + std::to_string(response->status) + ": " +
                  response->body.substr(0, 300),
              where);
}

}  // namespace echri::http
