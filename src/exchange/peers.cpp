#include "exchange/peers.hpp"

#include "core/country.hpp"
#include "core/text_util.hpp"
#include "exchange/internal/records.hpp"
#include "exchange/sealed.hpp"

namespace echri::exchange {
namespace {

using nlohmann::json;

json body_of(const Peer& peer) {
  return {{"origin", peer.origin},
          {"state", peer.state},
          {"url", peer.url},
          {"log_key", peer.log_key},
          {"witness_key", peer.witness_key},
          {"encryption_key", peer.encryption_key},
          {"token", peer.token},
          {"witnesses_required", peer.witnesses_required}};
}

Peer from_body(const json& body) {
  Peer peer;
  peer.origin = body.value("origin", "");
  peer.state = body.value("state", "");
  peer.url = body.value("url", "");
  peer.log_key = body.value("log_key", "");
  peer.witness_key = body.value("witness_key", "");
  peer.encryption_key = body.value("encryption_key", "");
  peer.token = body.value("token", "");
  peer.witnesses_required = body.value("witnesses_required", std::size_t{0});
  return peer;
}

Result<void> check_peer(const Peer& peer) {
  const auto bad = [](std::string field, std::string message) {
    return fail(ErrorKind::invalid_input, std::move(message), std::move(field));
  };
  auto log_key = Ed25519Verifier::parse(peer.log_key);
  if (!log_key) return bad("log_key", log_key.error().message);
  if (log_key->name() != peer.origin)
    return bad("origin", "the origin must be the log key's name ('" + log_key->name() + "')");
  if (auto witness = CosignatureVerifier::parse(peer.witness_key); !witness)
    return bad("witness_key", witness.error().message);
  if (auto key = parse_encryption_key(peer.encryption_key); !key)
    return bad("encryption_key", key.error().message);
  if (peer.state.size() != 2 || !core::country_by_code(peer.state))
    return bad("state", "'" + peer.state + "' is not a state code (ISO 3166-1 alpha-2, XK)");
  const auto url = core::ascii_lower(peer.url);
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return bad("url", "'" + peer.url + "' is not an http:// or https:// URL");
  if (peer.witnesses_required > 16)
    return bad("witnesses_required", "at most 16 cosignatures can be required");
  return {};
}

}  // namespace

Result<void> save_peer(store::Transaction& tx, const Peer& peer, const Actor& actor) {
  ECHRI_TRY(check_peer(peer));
  return catch_failure([&]() -> Result<void> {
    auto view = peer_view(peer);
    internal::write_body(tx, actor, "exchange.peer", kPeerRecord, peer.origin, body_of(peer), view);
    return {};
  });
}

Result<std::vector<Peer>> list_peers(store::Transaction& tx) {
  std::vector<Peer> peers;
  store::RecordQuery query;
  query.kind = std::string(kPeerRecord);
  query.limit = 1000;
  ECHRI_ASSIGN_OR_RETURN(const auto page, tx.list(query));
  for (const auto& record : page.records) {
    try {
      peers.push_back(from_body(json::parse(record.body)));
    } catch (const json::exception&) {
      return fail(ErrorKind::internal, "peer record '" + record.id + "' is not a peer");
    }
  }
  return peers;
}

Result<std::optional<Peer>> find_peer(store::Transaction& tx, std::string_view origin) {
  return catch_failure([&]() -> Result<std::optional<Peer>> {
    const auto body = internal::read_body(tx, kPeerRecord, origin);
    if (!body) return std::nullopt;
    return from_body(*body);
  });
}

json peer_view(const Peer& peer) {
  auto view = body_of(peer);
  view.erase("token");
  view["has_token"] = !peer.token.empty();
  return view;
}

Result<PeerPolicy> policy_for(const Peer& peer, const std::vector<Peer>& all_peers,
                              const CosignatureVerifier& own_witness) {
  ECHRI_ASSIGN_OR_RETURN(auto log_key, Ed25519Verifier::parse(peer.log_key));
  PeerPolicy policy{peer.origin, std::move(log_key), {own_witness}, peer.witnesses_required};
  for (const auto& other : all_peers) {
    // A log cannot witness itself.
    if (other.origin == peer.origin) continue;
    ECHRI_ASSIGN_OR_RETURN(auto witness, CosignatureVerifier::parse(other.witness_key));
    policy.witnesses.push_back(std::move(witness));
  }
  return policy;
}

}  // namespace echri::exchange
