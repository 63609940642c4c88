#pragma once
// A few visibly fictional notifications in a new node's log, so that the exchange can be tried at
// once (`echri serve --demo`).

#include <cstddef>

#include "core/result.hpp"
#include "exchange/node.hpp"

namespace echri::exchange {

// Publishes the demo notifications when the node's log is empty; returns how many (0 when the log
// already held entries).
Result<std::size_t> seed_exchange_demo(ExchangeNode& node, store::Store& store);

}  // namespace echri::exchange
