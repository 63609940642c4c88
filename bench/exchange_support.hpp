#pragma once
// What the exchange benchmarks share: entries shaped like real denials, a node's keys from its key
// file, and a PeerSource that reads another store directly, so that sync is measured without
// HTTP.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "exchange/node_keys.hpp"
#include "exchange/note.hpp"
#include "exchange/peer_sync.hpp"
#include "store/store.hpp"

namespace echri::bench {

// Exits with the error's description, naming `program`.
void exit_on_error(const char* program, const Error& error);

template <class T>
T must(const char* program, Result<T> result) {
  if (!result) exit_on_error(program, result.error());
  return std::move(*result);
}

// The canonical bytes of a public denial entry (exchange/notification.hpp), about 1 KB, with
// fictional parties and references that differ from one `sequence` to the next: the size and
// variety of what a node publishes, so that storage and compression see realistic rows.
std::string denial_entry(std::uint64_t sequence);

// Appends `entries` to the node's own log, `batch` entries per exchange::publish_entries call, each
// call its own committed write transaction (so durable on return); returns the seconds taken.
double publish_in_batches(store::Store& store, const exchange::Ed25519Signer& log_key,
                          const std::vector<std::string>& entries, std::size_t batch);

// The keys in a node's key file (`echri exchange keys --init` writes it).
Result<exchange::NodeKeys> read_node_keys(const std::filesystem::path& path);

// A peer's published log read straight from its store (exchange/own_log.hpp), as its HTTP routes
// would serve it.
class StorePeerSource final : public exchange::PeerSource {
 public:
  StorePeerSource(store::Store& store, std::string origin)
      : store_(&store), origin_(std::move(origin)) {}
  Result<std::string> checkpoint() override;
  Result<std::string> tile(const exchange::TilePath& path) override;

 private:
  store::Store* store_;
  std::string origin_;
};

}  // namespace echri::bench
