#pragma once
// One node's part in the exchange, as the CLI and the API use it: publishing notifications
// (sealed to named states when the audience is named) with the peers' witness cosignatures,
// following every peer's log, and reporting the state of it all. The network is the caller's
// (Network; http/peer_network.hpp speaks HTTP), so that this stays free of sockets.
//
// Thread-safe: the store serialises writers; the only state held here is a cache of the tree
// size each witness last cosigned, behind a mutex.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "exchange/actor.hpp"
#include "exchange/directory.hpp"
#include "exchange/inbox.hpp"
#include "exchange/node_keys.hpp"
#include "exchange/notification.hpp"
#include "exchange/own_log.hpp"
#include "exchange/peer_sync.hpp"
#include "exchange/peers.hpp"
#include "exchange/witness_service.hpp"
#include "store/store.hpp"

namespace echri::exchange {

// What the node asks of its peers over the network.
class Network {
 public:
  virtual ~Network() = default;
  Network() = default;
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // The peer's published log; io when it cannot be reached.
  virtual Result<std::unique_ptr<PeerSource>> source(const Peer& peer) = 0;
  // tlog-witness add-checkpoint at the peer.
  virtual Result<WitnessAnswer> add_checkpoint(const Peer& peer,
                                               const AddCheckpointRequest& request) = 0;
};

struct PublishReport {
  std::uint64_t index = 0;                    // the first entry's leaf index
  SignedCheckpoint checkpoint;                // with the cosignatures gathered
  std::vector<std::string> cosigned_by;       // the peers whose witnesses cosigned
  std::vector<std::string> witness_failures;  // "origin: why" for the others
};

struct PeerSyncResult {
  std::string origin;
  std::optional<SyncReport> report;  // absent when `error` is set
  std::optional<Error> error;
};

class ExchangeNode {
 public:
  // `store`, `keys` and `network` outlive the node. `clock` gives "now" as UTC
  // "YYYY-MM-DDTHH:MM:SSZ" (issued_at); empty means core::utc_timestamp.
  ExchangeNode(store::Store& store, const NodeKeys& keys, Network& network,
               std::function<std::string()> clock = {});

  [[nodiscard]] const NodeKeys& keys() const { return keys_; }
  [[nodiscard]] const std::string& origin() const { return keys_.origin(); }

  // Builds the entry (issuer: this node's state; audience empty for all states, else the named
  // states, which must be this node's or known peers'), seals it for a named audience, appends it,
  // signs the new checkpoint and asks every peer's witness to cosign it. A witness that fails is
  // reported, not fatal: the checkpoint is published with the cosignatures gathered.
  Result<PublishReport> publish(NotificationKind kind, const nlohmann::json& body,
                                std::vector<std::string> audience, const Actor& actor);
  // Appends an audit_head entry when the audit chain's head moved since the last one published
  // (nullopt when it did not), so that a rewritten chain is caught against the witnessed head.
  Result<std::optional<PublishReport>> publish_audit_head(const Actor& actor);

  // tlog-witness add-checkpoint for the peers' logs, with this node's witness key
  // (witness_service.hpp).
  Result<WitnessAnswer> witness(const AddCheckpointRequest& request, const Actor& actor);

  // Follows one peer's log, or every peer's (each independently: one failing does not stop the
  // others).
  Result<SyncReport> sync(const std::string& origin, const Actor& actor);
  Result<std::vector<PeerSyncResult>> sync_all(const Actor& actor);

  // The Subscribing States: the built-in seed, then the directory changes in the log of the
  // central contact's node (this node's own when it is that state), in log order; after a
  // designate_central_contact, the new contact's log takes over. Changes that do not apply are
  // skipped and named in `problems`.
  struct DirectoryView {
    Directory directory;
    std::vector<std::string> problems;
  };
  Result<DirectoryView> directory();

  // This node's log first, then its peers', each with the state that keeps it.
  Result<std::vector<LogOwner>> logs();
  // Every entry this node holds (logs() in order), read as inbox.hpp reads them.
  Result<std::vector<ReceivedEntry>> read_all();

  // The node's log, its peers (without tokens) with what was verified of each, and the alerts.
  Result<nlohmann::json> status();
  // Problems found re-checking every stored log (own and peers') against its signed head; empty
  // when all are intact.
  Result<std::vector<std::string>> verify_logs();

 private:
  Result<PublishReport> append_and_cosign(std::vector<std::string> entries, const Actor& actor);
  void gather_cosignatures(PublishReport& report, const std::vector<Peer>& peers,
                           const Actor& actor);

  store::Store& store_;
  const NodeKeys& keys_;
  Network& network_;
  std::function<std::string()> clock_;
  std::mutex witnessed_mutex_;
  std::map<std::string, std::uint64_t> witnessed_;  // GUARDED_BY(witnessed_mutex_)
};

}  // namespace echri::exchange
