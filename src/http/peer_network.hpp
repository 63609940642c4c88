#pragma once
// exchange::Network over HTTP(S): a peer's log through HttpPeerSource, and its witness through
// POST <url>/exchange/v1/witness/add-checkpoint (C2SP tlog-witness).

#include "exchange/node.hpp"
#include "http/peer_source.hpp"

namespace echri::http {

class HttpPeerNetwork final : public exchange::Network {
 public:
  explicit HttpPeerNetwork(PeerSourceOptions options = {}) : options_(options) {}
  Result<std::unique_ptr<exchange::PeerSource>> source(const exchange::Peer& peer) override;
  Result<exchange::WitnessAnswer> add_checkpoint(
      const exchange::Peer& peer, const exchange::AddCheckpointRequest& request) override;

 private:
  PeerSourceOptions options_;
};

}  // namespace echri::http
