#pragma once
// C2SP tlog-witness on top of the store: the add-checkpoint request's text format (both sides),
// and the witness that cosigns its peers' checkpoints, remembering per log (store record
// exchange_witnessed, id: the origin) the last tree it cosigned, so that it never vouches for two
// histories of one log, across restarts and whichever server process answers.
//
//   old <size the log believes the witness knows>\n
//   <base64 consistency-proof hash>\n ...
//   \n
//   <the signed checkpoint note>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "exchange/actor.hpp"
#include "exchange/merkle.hpp"
#include "exchange/note.hpp"
#include "store/store.hpp"

namespace echri::exchange {

inline constexpr std::string_view kWitnessedRecord = "exchange_witnessed";

struct AddCheckpointRequest {
  std::uint64_t old_size = 0;
  std::vector<Hash> proof;
  std::string note;
};
// invalid_input naming the line for anything but the format above (at most 63 proof lines).
Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body);
std::string format_add_checkpoint(const AddCheckpointRequest& request);

struct WitnessAnswer {
  // The cosignature line(s) to append to the note; nullopt when old_size is not the size this
  // witness knows, which `known_size` then gives (HTTP 409, text/x.tlog.size).
  std::optional<std::string> cosignature;
  std::uint64_t known_size = 0;
};

// Cosigns `request` for a log whose key is among `log_keys` (not_found otherwise): the note must
// verify under that key (forbidden), and the checkpoint must extend the last one cosigned
// (conflict for a smaller tree or another root at the same size; invalid_input when the proof
// fails). Writes the new tree head and its audit record (exchange.witness) in one unit.
Result<WitnessAnswer> witness_checkpoint(store::Store& store, const Ed25519Signer& witness_key,
                                         std::span<const Ed25519Verifier> log_keys,
                                         const AddCheckpointRequest& request, const Actor& actor);

}  // namespace echri::exchange
