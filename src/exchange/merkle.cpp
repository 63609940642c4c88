#include "exchange/merkle.hpp"

#include <bit>
#include <string>

namespace echri::exchange {
namespace {

// How many hashes are stored before leaf i's own: 2i - popcount(i), since leaf j stores
// 1 + ctz(j + 1) hashes and the trailing zeros of 1..i add up to i - popcount(i).
std::uint64_t leaf_position(std::uint64_t leaf) {
  return 2 * leaf - static_cast<std::uint64_t>(std::popcount(leaf));
}

// The largest power of two strictly below n (n >= 2): RFC 6962's split point k.
std::uint64_t split_point(std::uint64_t n) {
  return std::bit_floor(n - 1);
}

// A range of leaves [lo, hi) whose hash a proof or tree head needs.
struct Range {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
};

// The stored hashes that make up a range: its perfect subtrees, largest first. Every range a
// computation here asks for starts at a multiple of its left part's size, so the greedy
// decomposition lands on stored subtrees.
void append_range_indexes(Range range, std::vector<std::uint64_t>& out) {
  while (range.lo < range.hi) {
    const std::uint64_t size = std::bit_floor(range.hi - range.lo);
    const int level = std::countr_zero(size);
    out.push_back(stored_hash_index(level, range.lo >> level));
    range.lo += size;
  }
}

std::size_t range_part_count(Range range) {
  return static_cast<std::size_t>(std::popcount(range.hi - range.lo));
}

// Folds the perfect subtrees of a range from the right, as MTH does.
Hash combine_range(std::span<const Hash> parts) {
  Hash hash = parts.back();
  for (std::size_t i = parts.size() - 1; i-- > 0;) hash = node_hash(parts[i], hash);
  return hash;
}

void inclusion_ranges(std::uint64_t m, Range range, std::vector<Range>& out) {
  if (range.hi - range.lo <= 1) return;
  const std::uint64_t k = split_point(range.hi - range.lo);
  if (m < range.lo + k) {
    inclusion_ranges(m, {range.lo, range.lo + k}, out);
    out.push_back({range.lo + k, range.hi});
  } else {
    inclusion_ranges(m, {range.lo + k, range.hi}, out);
    out.push_back({range.lo, range.lo + k});
  }
}

// RFC 6962 SUBPROOF(m, D[lo:hi], whole_old_tree) as ranges.
void consistency_ranges(std::uint64_t m, Range range, bool whole_old_tree,
                        std::vector<Range>& out) {
  if (m == range.hi) {
    if (!whole_old_tree) out.push_back(range);
    return;
  }
  const std::uint64_t k = split_point(range.hi - range.lo);
  if (m <= range.lo + k) {
    consistency_ranges(m, {range.lo, range.lo + k}, whole_old_tree, out);
    out.push_back({range.lo + k, range.hi});
  } else {
    consistency_ranges(m, {range.lo + k, range.hi}, false, out);
    out.push_back({range.lo, range.lo + k});
  }
}

std::vector<std::uint64_t> indexes_of(const std::vector<Range>& ranges) {
  std::vector<std::uint64_t> indexes;
  for (const Range& range : ranges) append_range_indexes(range, indexes);
  return indexes;
}

Result<std::vector<Hash>> read_exactly(const HashReader& reader,
                                       std::span<const std::uint64_t> indexes) {
  if (indexes.empty()) return std::vector<Hash>{};
  ECHRI_ASSIGN_OR_RETURN(auto hashes, reader(indexes));
  if (hashes.size() != indexes.size()) {
    return fail(ErrorKind::internal, "hash reader returned " + std::to_string(hashes.size()) +
                                         " hashes for " + std::to_string(indexes.size()));
  }
  return hashes;
}

// Reads the hashes of all ranges in one batch and returns one hash per range.
Result<std::vector<Hash>> range_hashes(const std::vector<Range>& ranges, const HashReader& reader) {
  const std::vector<std::uint64_t> indexes = indexes_of(ranges);
  ECHRI_ASSIGN_OR_RETURN(const auto parts, read_exactly(reader, indexes));
  std::vector<Hash> out;
  out.reserve(ranges.size());
  std::size_t next = 0;
  for (const Range& range : ranges) {
    const std::size_t count = range_part_count(range);
    out.push_back(combine_range(std::span(parts).subspan(next, count)));
    next += count;
  }
  return out;
}

Result<void> proof_failed(std::string what) {
  return fail(ErrorKind::invalid_input, std::move(what), "proof");
}

}  // namespace

Hash leaf_hash(std::string_view entry) {
  const std::uint8_t prefix = 0x00;
  return core::Sha256().update(&prefix, 1).update(entry).digest();
}

Hash node_hash(const Hash& left, const Hash& right) {
  const std::uint8_t prefix = 0x01;
  return core::Sha256()
      .update(&prefix, 1)
      .update(left.data(), left.size())
      .update(right.data(), right.size())
      .digest();
}

Hash empty_tree_hash() {
  return core::sha256({});
}

std::uint64_t stored_hash_index(int level, std::uint64_t n) {
  // The subtree is completed by its last leaf and stored `level` places after that leaf's hash.
  const std::uint64_t last_leaf = ((n + 1) << level) - 1;
  return leaf_position(last_leaf) + static_cast<std::uint64_t>(level);
}

SubtreeId split_stored_hash_index(std::uint64_t index) {
  // The last leaf stored at or before `index`: leaf_position is strictly increasing and at most
  // 2i, so the answer lies in [index / 2, index].
  std::uint64_t lo = index / 2;
  std::uint64_t hi = index;
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo + 1) / 2;
    if (leaf_position(mid) <= index) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  const int level = static_cast<int>(index - leaf_position(lo));
  return {level, ((lo + 1) >> level) - 1};
}

std::uint64_t stored_hash_count(std::uint64_t tree_size) {
  return leaf_position(tree_size);
}

Result<std::vector<Hash>> stored_hashes_for_leaf(std::uint64_t n, const Hash& leaf,
                                                 const HashReader& reader) {
  // Leaf n completes one subtree per trailing one bit of n; each needs its left sibling.
  const int completed = std::countr_one(n);
  std::vector<std::uint64_t> siblings;
  siblings.reserve(static_cast<std::size_t>(completed));
  for (int level = 0; level < completed; ++level) {
    siblings.push_back(stored_hash_index(level, (n >> level) - 1));
  }
  ECHRI_ASSIGN_OR_RETURN(const auto left, read_exactly(reader, siblings));
  std::vector<Hash> out{leaf};
  for (const Hash& sibling : left) out.push_back(node_hash(sibling, out.back()));
  return out;
}

std::vector<std::uint64_t> tree_hash_indexes(std::uint64_t tree_size) {
  std::vector<std::uint64_t> out;
  append_range_indexes({0, tree_size}, out);
  return out;
}

std::vector<std::uint64_t> inclusion_proof_indexes(std::uint64_t leaf_index,
                                                   std::uint64_t tree_size) {
  if (leaf_index >= tree_size) return {};
  std::vector<Range> ranges;
  inclusion_ranges(leaf_index, {0, tree_size}, ranges);
  return indexes_of(ranges);
}

std::vector<std::uint64_t> consistency_proof_indexes(std::uint64_t old_size,
                                                     std::uint64_t tree_size) {
  if (old_size == 0 || old_size >= tree_size) return {};
  std::vector<Range> ranges;
  consistency_ranges(old_size, {0, tree_size}, true, ranges);
  return indexes_of(ranges);
}

Result<Hash> tree_hash(std::uint64_t tree_size, const HashReader& reader) {
  if (tree_size == 0) return empty_tree_hash();
  ECHRI_ASSIGN_OR_RETURN(const auto hashes, range_hashes({Range{0, tree_size}}, reader));
  return hashes.front();
}

Result<std::vector<Hash>> prove_inclusion(std::uint64_t leaf_index, std::uint64_t tree_size,
                                          const HashReader& reader) {
  if (leaf_index >= tree_size) {
    return fail(
        ErrorKind::invalid_input,
        "leaf " + std::to_string(leaf_index) + " is not in a tree of " + std::to_string(tree_size),
        "leaf_index");
  }
  std::vector<Range> ranges;
  inclusion_ranges(leaf_index, {0, tree_size}, ranges);
  return range_hashes(ranges, reader);
}

Result<std::vector<Hash>> prove_consistency(std::uint64_t old_size, std::uint64_t tree_size,
                                            const HashReader& reader) {
  if (old_size > tree_size) {
    return fail(ErrorKind::invalid_input,
                "a tree of " + std::to_string(old_size) + " is not a prefix of one of " +
                    std::to_string(tree_size),
                "old_size");
  }
  if (old_size == 0 || old_size == tree_size) return std::vector<Hash>{};
  std::vector<Range> ranges;
  consistency_ranges(old_size, {0, tree_size}, true, ranges);
  return range_hashes(ranges, reader);
}

Result<void> check_inclusion(std::span<const Hash> proof, std::uint64_t leaf_index,
                             const Hash& leaf, std::uint64_t tree_size, const Hash& root) {
  if (leaf_index >= tree_size) return proof_failed("leaf index beyond the tree");
  std::uint64_t fn = leaf_index;
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return proof_failed("inclusion proof too long");
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      // Skip the levels where this node is a left child with no right sibling yet.
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return proof_failed("inclusion proof too short");
  if (r != root) return proof_failed("inclusion proof does not lead to the root");
  return {};
}

Result<void> check_consistency(std::span<const Hash> proof, std::uint64_t old_size,
                               const Hash& old_root, std::uint64_t tree_size, const Hash& root) {
  if (old_size > tree_size) return proof_failed("old tree larger than the new one");
  if (old_size == 0 || old_size == tree_size) {
    if (!proof.empty()) return proof_failed("consistency proof should be empty");
    if (old_size == tree_size && old_root != root) {
      return proof_failed("same tree size with different roots");
    }
    return {};
  }
  if (proof.empty()) return proof_failed("consistency proof is empty");
  // When the old tree is a perfect subtree, its root is the proof's implicit first element.
  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());

  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = tree_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path.front();
  Hash sr = path.front();
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return proof_failed("consistency proof too long");
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return proof_failed("consistency proof too short");
  if (fr != old_root) return proof_failed("consistency proof does not lead to the old root");
  if (sr != root) return proof_failed("consistency proof does not lead to the new root");
  return {};
}

std::uint64_t MemoryHashes::append(std::string_view entry) {
  const std::uint64_t index = size_;
  // Reading from our own vector cannot fail.
  auto hashes = stored_hashes_for_leaf(index, leaf_hash(entry), reader());
  stored_.insert(stored_.end(), hashes->begin(), hashes->end());
  ++size_;
  return index;
}

HashReader MemoryHashes::reader() const {
  return [this](std::span<const std::uint64_t> indexes) -> Result<std::vector<Hash>> {
    std::vector<Hash> out;
    out.reserve(indexes.size());
    for (const std::uint64_t index : indexes) {
      if (index >= stored_.size()) {
        return fail(ErrorKind::not_found, "no stored hash " + std::to_string(index) +
                                              " (the log has " + std::to_string(stored_.size()) +
                                              ")");
      }
      out.push_back(stored_[index]);
    }
    return out;
  };
}

Hash MemoryHashes::root() const {
  auto root = tree_hash(size_, reader());
  return *root;
}

}  // namespace echri::exchange
