#pragma once
// An exchange log kept in the store (store::Transaction's log_* calls): this node's own log and
// the verified copies of its peers' logs share this code. Appends compute the stored Merkle
// hashes (merkle.hpp) in memory from the tree's right edge, which is read once, and write entries
// and hashes in one statement batch; reads serve tiles, proofs and entry bundles.
//
// REQUIRES: every function runs inside one store transaction (a write one to append), which the
// caller opens; nothing here commits.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "exchange/merkle.hpp"
#include "exchange/tiles.hpp"
#include "store/store.hpp"

namespace echri::exchange {

// A HashReader over the stored hashes of `log`; valid while `tx` is.
HashReader stored_hash_reader(store::Transaction& tx, std::string log);

// The RFC 6962 root of the log's first `tree_size` entries.
Result<Hash> stored_tree_hash(store::Transaction& tx, std::string_view log,
                              std::uint64_t tree_size);

// Appends entries to a stored log. The hashes are computed as entries are added and kept until
// commit(), so that a verifier can compare the new root with a signed one before anything is
// written (a rejected sync writes nothing).
class LogAppender {
 public:
  // Reads the log's extent and the hashes of its right edge; conflict when the log's entries and
  // hashes do not agree (a table edited outside the store).
  static Result<LogAppender> open(store::Transaction& tx, std::string log);

  // invalid_input when the entry is empty or longer than a tile bundle allows (65,535 bytes).
  Result<void> add(std::string entry);
  [[nodiscard]] std::uint64_t size() const { return size_; }
  [[nodiscard]] std::uint64_t stored_size() const { return extent_.entries; }
  // The root over the stored and the added entries.
  [[nodiscard]] Result<Hash> root() const;
  // Writes what was added; the appender is then at the new extent.
  Result<void> commit();

 private:
  LogAppender(store::Transaction& tx, std::string log) : tx_(&tx), log_(std::move(log)) {}
  [[nodiscard]] HashReader reader() const;

  store::Transaction* tx_;
  std::string log_;
  store::LogExtent extent_;
  std::uint64_t size_ = 0;
  // The stored hashes the next appends or the root may read that are not yet written: the right
  // edge read at open(), then everything added.
  std::unordered_map<std::uint64_t, Hash> known_;
  std::vector<std::string> entries_;
  std::vector<Hash> hashes_;
};

// The bytes of a tile of the log's tree at `tree_size` (hash tiles and entry bundles alike);
// not_found when the tile is not part of that tree.
Result<std::string> stored_tile(store::Transaction& tx, std::string_view log,
                                std::uint64_t tree_size, const TilePath& tile);

}  // namespace echri::exchange
