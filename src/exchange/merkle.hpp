#pragma once
// RFC 6962 Merkle tree math over SHA-256: tree heads, inclusion and consistency proofs.
//
// Hashes live in "stored hash" order (the order of Go's sumdb/tlog): appending leaf i stores its
// leaf hash, then the hash of every perfect subtree that leaf completes. That order is append-only
// and flat, so a store can keep it as one table (or one file) and a log never rewrites a hash.
// Everything here reads hashes through a HashReader, never all at once, so the same code serves
// an in-memory log, a database-backed one and a client reading tiles.

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/digest.hpp"
#include "core/result.hpp"

namespace echri::exchange {

using Hash = core::Sha256Digest;

Hash leaf_hash(std::string_view entry);               // SHA-256(0x00 || entry)
Hash node_hash(const Hash& left, const Hash& right);  // SHA-256(0x01 || left || right)
Hash empty_tree_hash();                               // SHA-256 of nothing (RFC 6962 MTH({}))

// Position in stored-hash order of the hash of the perfect subtree at `level` (0 = leaves)
// numbered `n` from the left, i.e. covering leaves [n * 2^level, (n + 1) * 2^level).
std::uint64_t stored_hash_index(int level, std::uint64_t n);
struct SubtreeId {
  int level = 0;
  std::uint64_t n = 0;
  friend bool operator==(const SubtreeId&, const SubtreeId&) = default;
};
SubtreeId split_stored_hash_index(std::uint64_t index);
// How many stored hashes a tree of `tree_size` leaves has.
std::uint64_t stored_hash_count(std::uint64_t tree_size);

// Returns the stored hashes at `indexes`, in that order (exactly one per index), or an error.
using HashReader = std::function<Result<std::vector<Hash>>(std::span<const std::uint64_t> indexes)>;

// The hashes to store when appending leaf number `n` (the tree has n leaves before): the leaf
// hash first, then the subtrees it completes. Reads the left siblings it needs through `reader`.
Result<std::vector<Hash>> stored_hashes_for_leaf(std::uint64_t n, const Hash& leaf,
                                                 const HashReader& reader);

// The stored-hash indexes each computation reads; a tile client uses them to know which tiles
// to fetch before computing (see tiles.hpp).
std::vector<std::uint64_t> tree_hash_indexes(std::uint64_t tree_size);
std::vector<std::uint64_t> inclusion_proof_indexes(std::uint64_t leaf_index,
                                                   std::uint64_t tree_size);
std::vector<std::uint64_t> consistency_proof_indexes(std::uint64_t old_size,
                                                     std::uint64_t tree_size);

// RFC 6962 MTH of the first `tree_size` leaves.
Result<Hash> tree_hash(std::uint64_t tree_size, const HashReader& reader);
// RFC 6962 PATH(leaf_index, D[0:tree_size]); invalid_input when leaf_index >= tree_size.
Result<std::vector<Hash>> prove_inclusion(std::uint64_t leaf_index, std::uint64_t tree_size,
                                          const HashReader& reader);
// RFC 6962 PROOF(old_size, D[0:tree_size]); empty when old_size is 0 or equals tree_size;
// invalid_input when old_size > tree_size.
Result<std::vector<Hash>> prove_consistency(std::uint64_t old_size, std::uint64_t tree_size,
                                            const HashReader& reader);

// Verification (RFC 9162 2.1.3.2 and 2.1.4.2, written independently of the generation above).
// Ok when the proof shows the leaf hash at leaf_index in the tree with that root; invalid_input
// otherwise.
Result<void> check_inclusion(std::span<const Hash> proof, std::uint64_t leaf_index,
                             const Hash& leaf, std::uint64_t tree_size, const Hash& root);
// Ok when the tree of old_size leaves with old_root is a prefix of the tree of tree_size leaves
// with root. An empty old tree is a prefix of every tree (and needs an empty proof).
Result<void> check_consistency(std::span<const Hash> proof, std::uint64_t old_size,
                               const Hash& old_root, std::uint64_t tree_size, const Hash& root);

// A whole log's stored hashes in memory: for tests, benchmarks and small logs; a store-backed log
// keeps the same flat sequence in its table.
class MemoryHashes {
 public:
  // Appends one entry and returns its leaf index.
  std::uint64_t append(std::string_view entry);
  [[nodiscard]] std::uint64_t size() const { return size_; }
  [[nodiscard]] const std::vector<Hash>& stored() const { return stored_; }
  // A reader over the hashes stored so far; valid while this object lives.
  [[nodiscard]] HashReader reader() const;
  [[nodiscard]] Hash root() const;

 private:
  std::vector<Hash> stored_;
  std::uint64_t size_ = 0;
};

}  // namespace echri::exchange
