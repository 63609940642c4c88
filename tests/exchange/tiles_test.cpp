#include "exchange/tiles.hpp"

#include <gtest/gtest.h>

#include <map>

#include "support/result_matchers.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

MemoryHashes log_of(std::uint64_t size) {
  MemoryHashes log;
  for (std::uint64_t i = 0; i < size; ++i) log.append("entry " + std::to_string(i));
  return log;
}

TEST(Tiles, PathsFollowTlogTiles) {
  EXPECT_EQ(tile_index_path(0), "000");
  EXPECT_EQ(tile_index_path(7), "007");
  EXPECT_EQ(tile_index_path(1000), "x001/000");
  EXPECT_EQ(tile_index_path(1234067), "x001/x234/067");
  EXPECT_EQ(tile_path({0, 1234067, 256}), "tile/0/x001/x234/067");
  EXPECT_EQ(tile_path({1, 0, 10}), "tile/1/000.p/10");
  EXPECT_EQ(entry_bundle_path(1234067), "tile/entries/x001/x234/067");
  EXPECT_EQ(entry_bundle_path(5, 3), "tile/entries/005.p/3");
}

TEST(Tiles, ParsesOnlyCanonicalPaths) {
  const auto tile = parse_tile_path("tile/2/x001/x234/067.p/8");
  ASSERT_THAT(tile, IsOk());
  EXPECT_FALSE(tile->entries);
  EXPECT_EQ(tile->tile, (Tile{2, 1234067, 8}));
  const auto bundle = parse_tile_path("tile/entries/012");
  ASSERT_THAT(bundle, IsOk());
  EXPECT_TRUE(bundle->entries);
  EXPECT_EQ(bundle->tile.index, 12u);
  for (const char* bad :
       {"tile/0/12", "tile/0/0012", "tile/0/x001/000.p/256", "tile/0/000.p/0", "tile/0/000.p/07",
        "tile/00/000", "tile/0/1234", "tile/0/001/002", "tiles/0/000", "tile/0/", "tile/-1/000",
        "tile/0/x000/001", "tile/entries/000.p/", "tile/0/000/"}) {
    EXPECT_THAT(parse_tile_path(bad), FailsWith(ErrorKind::invalid_input)) << bad;
  }
}

TEST(Tiles, TilesForTreeCountsFullAndPartialTiles) {
  EXPECT_TRUE(tiles_for_tree(0).empty());
  EXPECT_EQ(tiles_for_tree(5), (std::vector<Tile>{{0, 0, 5}}));
  EXPECT_EQ(tiles_for_tree(256), (std::vector<Tile>{{0, 0, 256}, {1, 0, 1}}));
  const auto tiles = tiles_for_tree(70000);  // 273 full + 112, then 1 full + 17, then 1
  EXPECT_EQ(tiles.size(), 274u + 2u + 1u);
  EXPECT_EQ(tiles[273], (Tile{0, 273, 112}));
  EXPECT_EQ(tiles.back(), (Tile{2, 0, 1}));
}

TEST(Tiles, TileReaderGivesTheSameHashesAsTheLog) {
  for (const std::uint64_t size : {1u, 7u, 255u, 256u, 257u, 600u, 65536u + 300u}) {
    const MemoryHashes log = log_of(size);
    std::map<Tile, std::string> published;
    for (const Tile& tile : tiles_for_tree(size)) published[tile] = *tile_data(tile, log.reader());
    int fetches = 0;
    const HashReader reader = tile_hash_reader(size, [&](const Tile& tile) -> Result<std::string> {
      ++fetches;
      const auto found = published.find(tile);
      if (found == published.end()) return fail(ErrorKind::not_found, tile_path(tile));
      return found->second;
    });
    EXPECT_EQ(*tree_hash(size, reader), log.root()) << size;
    for (const std::uint64_t i : {std::uint64_t{0}, size / 2, size - 1}) {
      const auto proof = prove_inclusion(i, size, reader);
      ASSERT_THAT(proof, IsOk());
      EXPECT_EQ(*proof, *prove_inclusion(i, size, log.reader()));
      const auto tiles = inclusion_proof_tiles(i, size);
      ASSERT_THAT(tiles, IsOk());
      for (const Tile& tile : *tiles) EXPECT_TRUE(published.contains(tile)) << tile_path(tile);
    }
    const auto consistency = prove_consistency(size / 3, size, reader);
    ASSERT_THAT(consistency, IsOk());
    EXPECT_EQ(*consistency, *prove_consistency(size / 3, size, log.reader()));
    EXPECT_THAT(consistency_proof_tiles(size / 3, size), IsOk());
    EXPECT_GT(fetches, 0);
  }
}

TEST(Tiles, RejectsShortTilesAndHashesOutsideTheTree) {
  const MemoryHashes log = log_of(20);
  const HashReader reader =
      tile_hash_reader(20, [](const Tile&) -> Result<std::string> { return std::string(31, 'x'); });
  EXPECT_THAT(tree_hash(20, reader), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(tile_for_stored_hash(20, stored_hash_index(0, 20)), FailsWith(ErrorKind::not_found));
  EXPECT_THAT(tile_for_stored_hash(20, stored_hash_index(5, 0)), FailsWith(ErrorKind::not_found));
  EXPECT_EQ(*tile_for_stored_hash(20, stored_hash_index(4, 0)), (Tile{0, 0, 20}));
  EXPECT_THAT(tile_data({0, 0, 0}, log.reader()), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(tile_data({0, 0, 21}, log.reader()), FailsWith(ErrorKind::not_found));
}

TEST(Tiles, EntryBundlesRoundTripAndRejectTruncation) {
  const std::vector<std::string> entries = {"", "a", std::string(300, 'b'),
                                            std::string(65535, 'c')};
  const auto bundle = encode_entry_bundle(entries);
  ASSERT_THAT(bundle, IsOk());
  EXPECT_EQ(bundle->substr(0, 5), std::string("\x00\x00\x00\x01"
                                              "a",
                                              5));
  EXPECT_EQ(*decode_entry_bundle(*bundle), entries);
  EXPECT_THAT(encode_entry_bundle(std::vector<std::string>{std::string(65536, 'd')}),
              FailsWith(ErrorKind::invalid_input, "entries[0]"));
  EXPECT_THAT(encode_entry_bundle(std::vector<std::string>(257, "e")),
              FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(decode_entry_bundle(bundle->substr(0, bundle->size() - 1)),
              FailsWith(ErrorKind::invalid_input, "entry 3"));
  EXPECT_THAT(decode_entry_bundle(std::string(1, '\x00')), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(decode_entry_bundle(std::string(std::size_t{257} * 2, '\x00')),
              FailsWith(ErrorKind::invalid_input));
}

}  // namespace
}  // namespace echri::exchange
