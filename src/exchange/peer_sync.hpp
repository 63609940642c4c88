#pragma once
// Following a peer's log: fetch its signed checkpoint, verify the signature and the
// cosignatures the policy requires, fetch the entries beyond the copy verified so far, and accept
// them only if they extend that copy to exactly the signed root. Anything else is evidence of
// misbehaviour (a rollback, a fork, rewritten or dropped entries, a bad signature): the peer's log
// is halted, an alert is raised (store record, audit record) and both signed checkpoints, the one
// verified before and the one offered now, are kept as the proof to show the other states.
//
// The transport is the caller's (PeerSource): http/ fetches over HTTP, tests read a store.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "exchange/actor.hpp"
#include "exchange/cosignature.hpp"
#include "exchange/note.hpp"
#include "exchange/tiles.hpp"
#include "store/store.hpp"

namespace echri::exchange {

// The store record kinds: a peer log's verified head (id: its origin) and alerts.
inline constexpr std::string_view kPeerLogRecord = "exchange_peer_log";
inline constexpr std::string_view kAlertRecord = "exchange_alert";

// What a peer publishes (C2SP tlog-tiles); io errors for a peer that cannot be reached.
class PeerSource {
 public:
  virtual ~PeerSource() = default;
  PeerSource() = default;
  PeerSource(const PeerSource&) = delete;
  PeerSource& operator=(const PeerSource&) = delete;

  // The signed checkpoint note, with cosignatures.
  virtual Result<std::string> checkpoint() = 0;
  // A hash tile or an entry bundle.
  virtual Result<std::string> tile(const TilePath& path) = 0;
};

// Whom to believe about one peer log.
struct PeerPolicy {
  std::string origin;
  Ed25519Verifier log_key;
  std::vector<CosignatureVerifier> witnesses;
  std::size_t witnesses_required = 0;  // k of the n witnesses above
};

enum class AlertKind {
  bad_signature,     // the checkpoint's signature by the log key does not verify
  rollback,          // a smaller tree than one verified before
  fork,              // a tree that does not extend the one verified before
  entries_mismatch,  // the entries served do not hash to the signed tree
};
std::string_view to_string(AlertKind kind);

struct SyncReport {
  std::string origin;
  std::uint64_t size_before = 0;  // the verified copy before
  std::uint64_t size_after = 0;   // and after
  std::optional<AlertKind> alert;
  std::string alert_id;  // the alert record, when one was raised
  std::string detail;    // what was found, for a person
};

// What this node has verified of a peer's log (record kPeerLogRecord); an empty tree before the
// first sync.
struct VerifiedHead {
  std::uint64_t size = 0;
  Hash root = empty_tree_hash();
  std::string note;  // the signed checkpoint verified last; empty before the first sync
  bool halted = false;
  std::string alert;  // the alert that halted it
};
// REQUIRES: runs inside a store transaction.
Result<VerifiedHead> verified_head(store::Transaction& tx, std::string_view origin);

// Brings the stored copy of the peer's log up to its signed checkpoint. Returns the report (an
// alert is a report, not an error); errors: io when the peer cannot be reached, forbidden when
// the checkpoint lacks the cosignatures the policy requires or its log has been halted by an
// earlier alert, invalid_input when the peer's answers are malformed (nothing is stored).
Result<SyncReport> sync_peer(store::Store& store, const PeerPolicy& policy, PeerSource& source,
                             const Actor& actor);

// Checks the stored copy of a peer's log (or this node's own log) against its verified signed
// head: the entries hash to the stored leaves and the stored hashes to the signed root. Catches a
// copy edited in this node's database. Returns a description of each problem found (empty when
// intact).
Result<std::vector<std::string>> verify_stored_log(store::Store& store, std::string_view origin,
                                                   std::string_view record_kind);

}  // namespace echri::exchange
