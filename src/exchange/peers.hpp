#pragma once
// The peer nodes this node follows and witnesses, kept as store records (kind exchange_peer, id:
// the peer log's origin), each change audited. A peer's record holds what its state published in
// the directory (keys, URL) and the bearer token its node issued to this one (role peer_node),
// which is a secret: peer_view() leaves it out.
//
// REQUIRES: every function runs inside one store transaction (a write one to change anything).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "exchange/actor.hpp"
#include "exchange/peer_sync.hpp"
#include "store/store.hpp"

namespace echri::exchange {

inline constexpr std::string_view kPeerRecord = "exchange_peer";

struct Peer {
  std::string origin;          // the peer log's origin: the name of its log key
  std::string state;           // ISO 3166-1 alpha-2 (XK)
  std::string url;             // "https://node.example:8443"
  std::string log_key;         // C2SP verifier key (Ed25519), named origin
  std::string witness_key;     // verifier key of its cosignature key (type 0x04)
  std::string encryption_key;  // "x25519:..."
  std::string token;           // the bearer token the peer issued to this node ("" for none)
  // How many cosignatures, by the witnesses this node knows (every peer's and its own), a
  // checkpoint of this peer needs before it is accepted.
  std::size_t witnesses_required = 0;
};

// Checks every field (keys parse, origin is the log key's name, state is a code, URL is http(s))
// and inserts or replaces the peer; invalid_input naming the field otherwise.
Result<void> save_peer(store::Transaction& tx, const Peer& peer, const Actor& actor);
Result<std::vector<Peer>> list_peers(store::Transaction& tx);
Result<std::optional<Peer>> find_peer(store::Transaction& tx, std::string_view origin);

// The peer without its token, for status pages and the API.
nlohmann::json peer_view(const Peer& peer);

// The policy sync_peer applies to `peer`: its log key, and as witnesses the cosignature keys of
// every peer and of this node (`own_witness`).
Result<PeerPolicy> policy_for(const Peer& peer, const std::vector<Peer>& all_peers,
                              const CosignatureVerifier& own_witness);

}  // namespace echri::exchange
