#include "exchange/stored_log.hpp"

#include <bit>
#include <utility>

#include "exchange/notification.hpp"

namespace echri::exchange {
namespace {

// The stored-hash indexes of the perfect subtrees that make up a tree of `size` leaves, left to
// right: the only hashes the next appends read.
std::vector<std::uint64_t> right_edge(std::uint64_t size) {
  std::vector<std::uint64_t> edge;
  std::uint64_t start = 0;
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if ((size & width) == 0) continue;
    edge.push_back(stored_hash_index(level, start >> level));
    start += width;
  }
  return edge;
}

}  // namespace

HashReader stored_hash_reader(store::Transaction& tx, std::string log) {
  return [&tx, log = std::move(log)](std::span<const std::uint64_t> indexes) {
    return tx.log_hashes(log, indexes);
  };
}

Result<Hash> stored_tree_hash(store::Transaction& tx, std::string_view log,
                              std::uint64_t tree_size) {
  return tree_hash(tree_size, stored_hash_reader(tx, std::string(log)));
}

Result<LogAppender> LogAppender::open(store::Transaction& tx, std::string log) {
  LogAppender appender(tx, std::move(log));
  ECHRI_ASSIGN_OR_RETURN(appender.extent_, tx.log_extent(appender.log_));
  if (appender.extent_.hashes != stored_hash_count(appender.extent_.entries))
    return fail(ErrorKind::conflict,
                "exchange log '" + appender.log_ + "' holds " +
                    std::to_string(appender.extent_.entries) + " entries but " +
                    std::to_string(appender.extent_.hashes) + " stored hashes, not " +
                    std::to_string(stored_hash_count(appender.extent_.entries)));
  appender.size_ = appender.extent_.entries;
  const auto edge = right_edge(appender.size_);
  ECHRI_ASSIGN_OR_RETURN(const auto hashes, tx.log_hashes(appender.log_, edge));
  for (std::size_t i = 0; i < edge.size(); ++i) appender.known_.emplace(edge[i], hashes[i]);
  return appender;
}

HashReader LogAppender::reader() const {
  return [this](std::span<const std::uint64_t> indexes) -> Result<std::vector<Hash>> {
    std::vector<Hash> out;
    out.reserve(indexes.size());
    std::vector<std::uint64_t> missing;
    for (const auto index : indexes)
      if (!known_.contains(index)) missing.push_back(index);
    std::unordered_map<std::uint64_t, Hash> fetched;
    if (!missing.empty()) {
      ECHRI_ASSIGN_OR_RETURN(const auto hashes, tx_->log_hashes(log_, missing));
      for (std::size_t i = 0; i < missing.size(); ++i) fetched.emplace(missing[i], hashes[i]);
    }
    for (const auto index : indexes) {
      const auto known = known_.find(index);
      out.push_back(known != known_.end() ? known->second : fetched.at(index));
    }
    return out;
  };
}

Result<void> LogAppender::add(std::string entry) {
  if (entry.empty() || entry.size() > kMaxEntryBytes)
    return fail(ErrorKind::invalid_input,
                "an exchange log entry must be 1 to 65,535 bytes long, not " +
                    std::to_string(entry.size()));
  const std::uint64_t n = size_;
  ECHRI_ASSIGN_OR_RETURN(auto hashes, stored_hashes_for_leaf(n, leaf_hash(entry), reader()));
  // The siblings just read merge into the subtree that now ends the tree: only that one stays on
  // the right edge, so the map holds O(log n) hashes however many entries are added.
  const int completed = static_cast<int>(hashes.size()) - 1;
  for (int level = 0; level < completed; ++level)
    known_.erase(stored_hash_index(level, (n >> level) - 1));
  known_.emplace(extent_.hashes + hashes_.size() + hashes.size() - 1, hashes.back());
  hashes_.insert(hashes_.end(), hashes.begin(), hashes.end());
  entries_.push_back(std::move(entry));
  ++size_;
  return {};
}

Result<Hash> LogAppender::root() const {
  return tree_hash(size_, reader());
}

Result<void> LogAppender::commit() {
  ECHRI_TRY(tx_->append_log(store::LogAppend{log_, extent_, entries_, hashes_}));
  extent_ = {size_, extent_.hashes + hashes_.size()};
  entries_.clear();
  hashes_.clear();
  return {};
}

Result<std::string> stored_tile(store::Transaction& tx, std::string_view log,
                                std::uint64_t tree_size, const TilePath& path) {
  const auto& tile = path.tile;
  const int merkle_level = path.entries ? 0 : tile.level * kTileHeight;
  const std::uint64_t count = merkle_level >= 64 ? 0 : tree_size >> merkle_level;
  const std::uint64_t first = tile.index * kTileWidth;
  if (first >= count || tile.width > count - first)
    return fail(ErrorKind::not_found,
                "the tile is not part of the tree of " + std::to_string(tree_size) + " entries");
  if (!path.entries) return tile_data(tile, stored_hash_reader(tx, std::string(log)));
  ECHRI_ASSIGN_OR_RETURN(const auto entries, tx.log_entries(log, first, tile.width));
  if (entries.size() != tile.width)
    return fail(ErrorKind::internal, "exchange log '" + std::string(log) + "' lacks entries " +
                                         std::to_string(first) + " to " +
                                         std::to_string(first + tile.width - 1));
  return encode_entry_bundle(entries);
}

}  // namespace echri::exchange
