#pragma once
// C2SP tlog-tiles: the log published as static files. Hash tiles hold 256 consecutive hashes of
// one level of the tree (tile level L holds Merkle level 8 * L); entry bundles hold 256 entries.
// A tile that is not full yet is published as a partial tile of width W (`.p/W`) and replaced by
// the full one later, so every path stays immutable once written.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/result.hpp"
#include "exchange/merkle.hpp"

namespace echri::exchange {

inline constexpr int kTileHeight = 8;
inline constexpr std::uint64_t kTileWidth = 256;

struct Tile {
  int level = 0;                     // tile level: hashes of Merkle level 8 * level
  std::uint64_t index = 0;           // N: the tile's position in its level
  std::uint64_t width = kTileWidth;  // 1..256 hashes
  friend bool operator==(const Tile&, const Tile&) = default;
  // Level first, then position: the order in which tiles_for_tree lists them.
  friend bool operator<(const Tile& a, const Tile& b) {
    return std::tie(a.level, a.index, a.width) < std::tie(b.level, b.index, b.width);
  }
};

// "x001/x234/067" for 1234067: three-digit groups, all but the last prefixed with 'x'.
std::string tile_index_path(std::uint64_t index);
// "tile/<L>/<N>" or "tile/<L>/<N>.p/<W>".
std::string tile_path(const Tile& tile);
// "tile/entries/<N>" or "tile/entries/<N>.p/<W>".
std::string entry_bundle_path(std::uint64_t index, std::uint64_t width = kTileWidth);

// A parsed tile path; entries == true for entry bundles (level is then 0). Only the canonical
// spelling is accepted (no leading zeros, no ".p/256", width 1..255 for partial tiles).
struct TilePath {
  bool entries = false;
  Tile tile;
};
Result<TilePath> parse_tile_path(std::string_view path);

// Every hash tile of a tree of `tree_size` leaves, full and partial, level by level.
std::vector<Tile> tiles_for_tree(std::uint64_t tree_size);
// The tile (as published at tree_size) from which stored hash `index` is computed; not_found
// when that hash is not part of the tree of tree_size leaves.
Result<Tile> tile_for_stored_hash(std::uint64_t tree_size, std::uint64_t index);
// The distinct tiles needed to read `indexes` at tree_size, sorted.
Result<std::vector<Tile>> tiles_for_indexes(std::uint64_t tree_size,
                                            std::span<const std::uint64_t> indexes);
// Shorthands for the tiles a client fetches for a proof.
Result<std::vector<Tile>> inclusion_proof_tiles(std::uint64_t leaf_index, std::uint64_t tree_size);
Result<std::vector<Tile>> consistency_proof_tiles(std::uint64_t old_size, std::uint64_t tree_size);

// A tile's content (width * 32 bytes) from the log's stored hashes.
Result<std::string> tile_data(const Tile& tile, const HashReader& reader);

// Returns a tile's bytes (as published: width * 32 bytes).
using TileFetcher = std::function<Result<std::string>(const Tile&)>;
// A HashReader that computes stored hashes from tiles of the tree of tree_size leaves. The hashes
// are only as good as the tiles: what it yields must be checked against a signed root (a tree
// hash, an inclusion or a consistency check) before it is trusted.
HashReader tile_hash_reader(std::uint64_t tree_size, TileFetcher fetch);

// Entry bundles: each entry as a big-endian uint16 length followed by its bytes.
Result<std::string> encode_entry_bundle(std::span<const std::string> entries);
Result<std::vector<std::string>> decode_entry_bundle(std::string_view bundle);

}  // namespace echri::exchange
