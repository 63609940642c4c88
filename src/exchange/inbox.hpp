#pragma once
// Reading the entries of the verified logs: each parsed (notification.hpp) and, when sealed to
// this node's state, opened with its key (sealed.hpp). An entry that does not parse or open, or
// that claims another issuer than the state whose log holds it, is still a verified part of its
// log: it is listed with the problem, never dropped, and never readable (so no state can publish
// in another's name, e.g. revoke another state's denial).
//
// REQUIRES: runs inside a store transaction.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "exchange/node_keys.hpp"
#include "exchange/notification.hpp"
#include "store/store.hpp"

namespace echri::exchange {

struct ReceivedEntry {
  std::string log;          // the origin of the log it was read from
  std::uint64_t index = 0;  // its leaf index in that log
  Entry entry;              // the envelope as parsed (empty when `problem` says it did not parse)
  bool readable = false;    // public, or sealed to this node's state and opened
  std::optional<NotificationKind> kind;  // when readable
  nlohmann::json body;                   // when readable
  std::string problem;                   // why it is not readable ("" when readable or not ours)
};

// A log and the state whose node keeps it: its entries must name that state as issuer.
struct LogOwner {
  std::string origin;
  std::string state;
};

// The entries [first, first + count) of `log` as stored.
Result<std::vector<ReceivedEntry>> read_entries(store::Transaction& tx, const NodeKeys& keys,
                                                const LogOwner& log, std::uint64_t first,
                                                std::size_t count);

// Every entry of the given logs, oldest first within each log, logs in the order given.
Result<std::vector<ReceivedEntry>> read_all_entries(store::Transaction& tx, const NodeKeys& keys,
                                                    std::span<const LogOwner> logs);

}  // namespace echri::exchange
