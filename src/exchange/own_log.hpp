#pragma once
// This node's own exchange log: appending entries, signing checkpoints of the new tree, keeping
// the latest signed checkpoint (with the witnesses' cosignatures) that peers fetch.
//
// REQUIRES: the functions that take a Transaction run inside it (a write one to change anything);
// those that take the Store open their own.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "exchange/actor.hpp"
#include "exchange/checkpoint.hpp"
#include "exchange/note.hpp"
#include "exchange/tiles.hpp"
#include "store/store.hpp"

namespace echri::exchange {

// The store record kind of a log's latest signed checkpoint (id: the origin).
inline constexpr std::string_view kCheckpointRecord = "exchange_checkpoint";

struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string note;  // the signed note: the log's signature, then any cosignature lines
};

// Appends `entries` (each 1..65,535 bytes) to the log of `log_key` (its name is the origin),
// signs a checkpoint of the new tree and keeps it as the latest; audited as exchange.publish.
// Signing an unchanged tree again is allowed (a fresh signature for witnesses).
Result<SignedCheckpoint> publish_entries(store::Transaction& tx, const Ed25519Signer& log_key,
                                         std::span<const std::string> entries, const Actor& actor);

// The latest signed checkpoint of the log, nullopt before the first publish.
Result<std::optional<SignedCheckpoint>> latest_checkpoint(store::Transaction& tx,
                                                          std::string_view origin);

// Adds cosignature lines ("— name base64\n") to the latest checkpoint when it is still the one
// of `size` entries (conflict otherwise: a newer one was signed meanwhile). Lines already there
// are not added twice.
Result<SignedCheckpoint> add_cosignatures(store::Transaction& tx, std::string_view origin,
                                          std::uint64_t size, std::span<const std::string> lines,
                                          const Actor& actor);

// What the node publishes under /exchange/v1/log/ (each in its own read snapshot): the latest
// signed checkpoint (not_found before the first publish), and the tiles and entry bundles of its
// tree (not_found for a tile beyond it).
Result<std::string> published_checkpoint(store::Store& store, std::string_view origin);
Result<std::string> published_tile(store::Store& store, std::string_view origin,
                                   const TilePath& tile);

}  // namespace echri::exchange
