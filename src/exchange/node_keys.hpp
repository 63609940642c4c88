#pragma once
// A node's keys in the exchange: the log key that signs its checkpoints (its name is the log's
// origin), the witness key that cosigns its peers' checkpoints, and the X25519 key that entries
// addressed to its state are encrypted to. The private text is what the key file holds (the CLI
// writes it beside the database, readable by the owner only); the public text is what
// `echri exchange keys` prints for the directory.

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "exchange/note.hpp"
#include "exchange/sealed.hpp"

namespace echri::exchange {

struct NodeKeys {
  std::string state;      // the node's Subscribing State (ISO 3166-1 alpha-2, XK for Kosovo)
  Ed25519Signer log;      // name = origin
  Ed25519Signer witness;  // name = origin + "/witness"
  EncryptionKeyPair encryption;

  [[nodiscard]] const std::string& origin() const { return log.name(); }
};

// New keys from the system's random source; invalid_input for a bad origin or state.
Result<NodeKeys> generate_node_keys(std::string_view origin, std::string_view state);

// The key file: "state XX", "log PRIVATE+KEY+...", "witness PRIVATE+KEY+...",
// "encryption PRIVATE+X25519+..." one per line. Errors name `where` and the line.
Result<NodeKeys> parse_node_keys(std::string_view text, std::string_view where);
std::string format_node_keys(const NodeKeys& keys);

// The public half, one "name value" line each: origin, state, log (C2SP verifier key), witness
// (verifier key of the cosignature key), encryption (x25519:...).
std::string public_node_keys(const NodeKeys& keys);

struct PublicNodeKeys {
  std::string origin;
  std::string state;
  std::string log;
  std::string witness;
  std::string encryption;
};
// Reads what public_node_keys writes (a peer's, handed over out of band); every key is checked
// (the log key's name must be the origin). Errors name `where` and the line.
Result<PublicNodeKeys> parse_public_node_keys(std::string_view text, std::string_view where);

}  // namespace echri::exchange
