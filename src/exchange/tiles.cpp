#include "exchange/tiles.hpp"

#include <algorithm>
#include <map>

#include "exchange/internal/encoding.hpp"

namespace echri::exchange {
namespace {

// How many hashes Merkle level 8 * tile_level has in a tree of tree_size leaves.
std::uint64_t hashes_at_tile_level(std::uint64_t tree_size, int tile_level) {
  const int shift = tile_level * kTileHeight;
  return shift >= 64 ? 0 : tree_size >> shift;
}

std::string width_suffix(std::uint64_t width) {
  return width == kTileWidth ? std::string() : ".p/" + std::to_string(width);
}

// Where in its tile a stored hash comes from: the tile and the hashes [first, first + count)
// whose Merkle root it is.
struct TileSlice {
  Tile tile;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

Result<TileSlice> slice_for(std::uint64_t tree_size, std::uint64_t index) {
  const SubtreeId id = split_stored_hash_index(index);
  const int tile_level = id.level / kTileHeight;
  const int inner = id.level % kTileHeight;
  const std::uint64_t first = id.n << inner;  // at Merkle level 8 * tile_level
  const std::uint64_t count = std::uint64_t{1} << inner;
  const std::uint64_t available = hashes_at_tile_level(tree_size, tile_level);
  if (first + count > available) {
    return fail(ErrorKind::not_found, "stored hash " + std::to_string(index) +
                                          " is not in a tree of " + std::to_string(tree_size));
  }
  const std::uint64_t tile_index = first / kTileWidth;
  const std::uint64_t width = std::min(kTileWidth, available - tile_index * kTileWidth);
  return TileSlice{{tile_level, tile_index, width}, first - tile_index * kTileWidth, count};
}

Hash hash_slice(std::string_view data, std::uint64_t first, std::uint64_t count) {
  std::vector<Hash> level(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::copy_n(data.data() + (first + i) * 32, 32, level[i].begin());
  }
  while (level.size() > 1) {
    for (std::size_t i = 0; i < level.size() / 2; ++i) {
      level[i] = node_hash(level[2 * i], level[2 * i + 1]);
    }
    level.resize(level.size() / 2);
  }
  return level.front();
}

Result<TilePath> bad_path(std::string_view path) {
  return fail(ErrorKind::invalid_input, "not a tile path: " + std::string(path), "path");
}

}  // namespace

std::string tile_index_path(std::uint64_t index) {
  std::string digits = std::to_string(index);
  digits.insert(0, (3 - digits.size() % 3) % 3, '0');
  std::string out;
  for (std::size_t i = 0; i < digits.size(); i += 3) {
    const bool last = i + 3 == digits.size();
    if (!last) out += 'x';
    out += digits.substr(i, 3);
    if (!last) out += '/';
  }
  return out;
}

std::string tile_path(const Tile& tile) {
  return "tile/" + std::to_string(tile.level) + "/" + tile_index_path(tile.index) +
         width_suffix(tile.width);
}

std::string entry_bundle_path(std::uint64_t index, std::uint64_t width) {
  return "tile/entries/" + tile_index_path(index) + width_suffix(width);
}

Result<TilePath> parse_tile_path(std::string_view path) {
  // Reads leniently, then accepts only what tile_path/entry_bundle_path would write back.
  constexpr std::string_view kPrefix = "tile/";
  if (!path.starts_with(kPrefix)) return bad_path(path);
  std::string_view rest = path.substr(kPrefix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return bad_path(path);
  const std::string_view level_text = rest.substr(0, slash);
  rest.remove_prefix(slash + 1);

  TilePath out;
  if (level_text == "entries") {
    out.entries = true;
  } else {
    const auto level = internal::parse_decimal(level_text);
    if (!level || *level > 63) return bad_path(path);
    out.tile.level = static_cast<int>(*level);
  }
  std::uint64_t width = kTileWidth;
  if (const std::size_t partial = rest.find(".p/"); partial != std::string_view::npos) {
    const auto parsed = internal::parse_decimal(rest.substr(partial + 3));
    if (!parsed || *parsed == 0 || *parsed >= kTileWidth) return bad_path(path);
    width = *parsed;
    rest = rest.substr(0, partial);
  }
  std::string digits;
  for (char c : rest) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.empty() || digits.size() > 19) return bad_path(path);
  std::uint64_t index = 0;
  for (char c : digits) index = index * 10 + static_cast<std::uint64_t>(c - '0');
  out.tile.index = index;
  out.tile.width = width;
  const std::string canonical = out.entries ? entry_bundle_path(index, width) : tile_path(out.tile);
  if (canonical != path) return bad_path(path);
  return out;
}

std::vector<Tile> tiles_for_tree(std::uint64_t tree_size) {
  std::vector<Tile> out;
  for (int level = 0;; ++level) {
    const std::uint64_t count = hashes_at_tile_level(tree_size, level);
    if (count == 0) break;
    for (std::uint64_t n = 0; n < count / kTileWidth; ++n) out.push_back({level, n, kTileWidth});
    if (count % kTileWidth != 0) out.push_back({level, count / kTileWidth, count % kTileWidth});
  }
  return out;
}

Result<Tile> tile_for_stored_hash(std::uint64_t tree_size, std::uint64_t index) {
  ECHRI_ASSIGN_OR_RETURN(const TileSlice slice, slice_for(tree_size, index));
  return slice.tile;
}

Result<std::vector<Tile>> tiles_for_indexes(std::uint64_t tree_size,
                                            std::span<const std::uint64_t> indexes) {
  std::vector<Tile> out;
  for (const std::uint64_t index : indexes) {
    ECHRI_ASSIGN_OR_RETURN(const Tile tile, tile_for_stored_hash(tree_size, index));
    out.push_back(tile);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<Tile>> inclusion_proof_tiles(std::uint64_t leaf_index, std::uint64_t tree_size) {
  if (leaf_index >= tree_size) {
    return fail(ErrorKind::invalid_input, "leaf beyond the tree", "leaf_index");
  }
  return tiles_for_indexes(tree_size, inclusion_proof_indexes(leaf_index, tree_size));
}

Result<std::vector<Tile>> consistency_proof_tiles(std::uint64_t old_size, std::uint64_t tree_size) {
  if (old_size > tree_size) {
    return fail(ErrorKind::invalid_input, "old tree larger than the new one", "old_size");
  }
  return tiles_for_indexes(tree_size, consistency_proof_indexes(old_size, tree_size));
}

Result<std::string> tile_data(const Tile& tile, const HashReader& reader) {
  if (tile.width == 0 || tile.width > kTileWidth || tile.level < 0 ||
      tile.level * kTileHeight >= 64) {
    return fail(ErrorKind::invalid_input, "no such tile: " + tile_path(tile), "tile");
  }
  std::vector<std::uint64_t> indexes;
  indexes.reserve(tile.width);
  for (std::uint64_t i = 0; i < tile.width; ++i) {
    indexes.push_back(stored_hash_index(tile.level * kTileHeight, tile.index * kTileWidth + i));
  }
  ECHRI_ASSIGN_OR_RETURN(const auto hashes, reader(indexes));
  if (hashes.size() != indexes.size()) {
    return fail(ErrorKind::internal, "hash reader returned the wrong number of hashes");
  }
  std::string out;
  out.reserve(hashes.size() * 32);
  for (const Hash& hash : hashes) out.append(hash.begin(), hash.end());
  return out;
}

HashReader tile_hash_reader(std::uint64_t tree_size, TileFetcher fetch) {
  return [tree_size, fetch = std::move(fetch)](
             std::span<const std::uint64_t> indexes) -> Result<std::vector<Hash>> {
    std::map<Tile, std::string> fetched;  // each tile once per call
    std::vector<Hash> out;
    out.reserve(indexes.size());
    for (const std::uint64_t index : indexes) {
      ECHRI_ASSIGN_OR_RETURN(const TileSlice slice, slice_for(tree_size, index));
      auto found = fetched.find(slice.tile);
      if (found == fetched.end()) {
        ECHRI_ASSIGN_OR_RETURN(std::string data, fetch(slice.tile));
        if (data.size() != slice.tile.width * 32) {
          return fail(ErrorKind::invalid_input,
                      "tile has " + std::to_string(data.size()) + " bytes, expected " +
                          std::to_string(slice.tile.width * 32),
                      tile_path(slice.tile));
        }
        found = fetched.emplace(slice.tile, std::move(data)).first;
      }
      out.push_back(hash_slice(found->second, slice.first, slice.count));
    }
    return out;
  };
}

Result<std::string> encode_entry_bundle(std::span<const std::string> entries) {
  if (entries.size() > kTileWidth) {
    return fail(ErrorKind::invalid_input, "more than 256 entries in one bundle", "entries");
  }
  std::string out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string& entry = entries[i];
    if (entry.size() > 0xFFFF) {
      return fail(ErrorKind::invalid_input, "entry longer than 65535 bytes",
                  "entries[" + std::to_string(i) + "]");
    }
    out += static_cast<char>(entry.size() >> 8);
    out += static_cast<char>(entry.size() & 0xFF);
    out += entry;
  }
  return out;
}

Result<std::vector<std::string>> decode_entry_bundle(std::string_view bundle) {
  std::vector<std::string> out;
  while (!bundle.empty()) {
    if (bundle.size() < 2) {
      return fail(ErrorKind::invalid_input, "truncated entry length",
                  "entry " + std::to_string(out.size()));
    }
    const std::size_t size =
        (static_cast<std::size_t>(static_cast<unsigned char>(bundle[0])) << 8) |
        static_cast<unsigned char>(bundle[1]);
    bundle.remove_prefix(2);
    if (bundle.size() < size) {
      return fail(ErrorKind::invalid_input, "truncated entry",
                  "entry " + std::to_string(out.size()));
    }
    out.emplace_back(bundle.substr(0, size));
    bundle.remove_prefix(size);
    if (out.size() > kTileWidth) {
      return fail(ErrorKind::invalid_input, "more than 256 entries in one bundle", "entries");
    }
  }
  return out;
}

}  // namespace echri::exchange
