#include "exchange/merkle.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/result_matchers.hpp"

namespace echri::exchange {
namespace {

using echri::testing::FailsWith;
using echri::testing::IsOk;

std::string hex(const Hash& hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t byte : hash) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0F];
  }
  return out;
}

std::string entry(std::uint64_t i) {
  return "entry " + std::to_string(i);
}

MemoryHashes log_of(std::uint64_t size) {
  MemoryHashes log;
  for (std::uint64_t i = 0; i < size; ++i) log.append(entry(i));
  return log;
}

// MTH straight from RFC 6962's definition, to check the stored-hash machinery against.
Hash reference_root(const std::vector<Hash>& leaves, std::size_t lo, std::size_t hi) {
  if (hi - lo == 1) return leaves[lo];
  std::size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return node_hash(reference_root(leaves, lo, lo + k), reference_root(leaves, lo + k, hi));
}

std::size_t reference_split(std::size_t n) {
  std::size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// RFC 6962 PATH(m, D[lo:hi]) straight from its definition.
std::vector<Hash> reference_path(const std::vector<Hash>& leaves, std::size_t m, std::size_t lo,
                                 std::size_t hi) {
  if (hi - lo == 1) return {};
  const std::size_t k = reference_split(hi - lo);
  std::vector<Hash> path;
  if (m < k) {
    path = reference_path(leaves, m, lo, lo + k);
    path.push_back(reference_root(leaves, lo + k, hi));
  } else {
    path = reference_path(leaves, m - k, lo + k, hi);
    path.push_back(reference_root(leaves, lo, lo + k));
  }
  return path;
}

// RFC 6962 SUBPROOF(m, D[lo:hi], b) straight from its definition.
std::vector<Hash> reference_subproof(const std::vector<Hash>& leaves, std::size_t m, std::size_t lo,
                                     std::size_t hi, bool b) {
  if (m == hi - lo) {
    if (b) return {};
    return {reference_root(leaves, lo, hi)};
  }
  const std::size_t k = reference_split(hi - lo);
  std::vector<Hash> proof;
  if (m <= k) {
    proof = reference_subproof(leaves, m, lo, lo + k, b);
    proof.push_back(reference_root(leaves, lo + k, hi));
  } else {
    proof = reference_subproof(leaves, m - k, lo + k, hi, false);
    proof.push_back(reference_root(leaves, lo, lo + k));
  }
  return proof;
}

TEST(Merkle, ProofsEqualTheRfc6962Definitions) {
  const MemoryHashes log = log_of(70);
  std::vector<Hash> leaves;
  for (std::uint64_t i = 0; i < 70; ++i) leaves.push_back(leaf_hash(entry(i)));
  for (std::size_t n = 1; n <= 70; ++n) {
    for (std::size_t m = 0; m < n; ++m) {
      ASSERT_EQ(*prove_inclusion(m, n, log.reader()), reference_path(leaves, m, 0, n))
          << m << " " << n;
      if (m > 0) {
        ASSERT_EQ(*prove_consistency(m, n, log.reader()), reference_subproof(leaves, m, 0, n, true))
            << m << " " << n;
      }
    }
  }
}

TEST(Merkle, KnownAnswersFromRfc6962TestVectors) {
  // The eight leaves and roots used by the certificate-transparency test suites.
  const std::vector<std::string> leaves = {
      std::string(),
      std::string(1, '\x00'),
      std::string(1, '\x10'),
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  EXPECT_EQ(hex(empty_tree_hash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  MemoryHashes log;
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    log.append(leaves[i]);
    EXPECT_EQ(hex(log.root()), roots[i]) << "size " << i + 1;
  }
}

TEST(Merkle, StoredHashIndexRoundTripsAndCounts) {
  EXPECT_EQ(stored_hash_index(0, 0), 0u);
  EXPECT_EQ(stored_hash_index(0, 1), 1u);
  EXPECT_EQ(stored_hash_index(1, 0), 2u);
  EXPECT_EQ(stored_hash_index(0, 2), 3u);
  EXPECT_EQ(stored_hash_index(2, 0), 6u);
  for (std::uint64_t index = 0; index < 5000; ++index) {
    const SubtreeId id = split_stored_hash_index(index);
    EXPECT_EQ(stored_hash_index(id.level, id.n), index);
  }
  for (std::uint64_t size = 0; size < 300; ++size) {
    EXPECT_EQ(log_of(size).stored().size(), stored_hash_count(size));
  }
}

TEST(Merkle, RootMatchesTheDefinitionForEverySize) {
  MemoryHashes log;
  std::vector<Hash> leaves;
  for (std::uint64_t size = 1; size <= 300; ++size) {
    log.append(entry(size - 1));
    leaves.push_back(leaf_hash(entry(size - 1)));
    ASSERT_EQ(log.root(), reference_root(leaves, 0, leaves.size())) << size;
  }
}

TEST(Merkle, InclusionProofsForAllLeavesOfAllSizes) {
  const MemoryHashes log = log_of(130);
  for (std::uint64_t size = 1; size <= 130; ++size) {
    const Hash root = *tree_hash(size, log.reader());
    for (std::uint64_t i = 0; i < size; ++i) {
      const auto proof = prove_inclusion(i, size, log.reader());
      ASSERT_THAT(proof, IsOk());
      ASSERT_THAT(check_inclusion(*proof, i, leaf_hash(entry(i)), size, root), IsOk())
          << i << " in " << size;
      // The same proof fails for another leaf, index or root.
      EXPECT_FALSE(check_inclusion(*proof, i, leaf_hash("other"), size, root));
      if (size > 1) {
        EXPECT_FALSE(check_inclusion(*proof, (i + 1) % size, leaf_hash(entry(i)), size, root));
      }
    }
  }
}

TEST(Merkle, ConsistencyProofsForAllPairs) {
  const MemoryHashes log = log_of(130);
  std::vector<Hash> roots{empty_tree_hash()};
  for (std::uint64_t size = 1; size <= 130; ++size) roots.push_back(*tree_hash(size, log.reader()));
  for (std::uint64_t n = 1; n <= 130; ++n) {
    for (std::uint64_t m = 0; m <= n; ++m) {
      const auto proof = prove_consistency(m, n, log.reader());
      ASSERT_THAT(proof, IsOk());
      ASSERT_THAT(check_consistency(*proof, m, roots[m], n, roots[n]), IsOk()) << m << " " << n;
      if (m > 0 && m < n) {
        EXPECT_FALSE(check_consistency(*proof, m, roots[m], n, roots[n - 1]));
        EXPECT_FALSE(check_consistency(*proof, m, roots[m - 1], n, roots[n]));
        EXPECT_FALSE(check_consistency(*proof, m - 1 == 0 ? m + 1 : m - 1, roots[m], n, roots[n]));
        auto tampered = *proof;
        tampered.back()[0] ^= 1;
        EXPECT_FALSE(check_consistency(tampered, m, roots[m], n, roots[n]));
        auto shorter = *proof;
        shorter.pop_back();
        EXPECT_FALSE(check_consistency(shorter, m, roots[m], n, roots[n]));
        auto longer = *proof;
        longer.push_back(roots[1]);
        EXPECT_FALSE(check_consistency(longer, m, roots[m], n, roots[n]));
      }
    }
  }
}

TEST(Merkle, RejectsImpossibleRequestsAndProofs) {
  const MemoryHashes log = log_of(10);
  const Hash root = log.root();
  EXPECT_THAT(prove_inclusion(10, 10, log.reader()), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(prove_consistency(11, 10, log.reader()), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(tree_hash(11, log.reader()), FailsWith(ErrorKind::not_found));
  EXPECT_THAT(check_inclusion({}, 0, leaf_hash(entry(0)), 0, root),
              FailsWith(ErrorKind::invalid_input, "proof"));
  const auto proof = *prove_inclusion(3, 10, log.reader());
  auto longer = proof;
  longer.push_back(root);
  EXPECT_THAT(check_inclusion(longer, 3, leaf_hash(entry(3)), 10, root),
              FailsWith(ErrorKind::invalid_input));
  auto shorter = proof;
  shorter.pop_back();
  EXPECT_THAT(check_inclusion(shorter, 3, leaf_hash(entry(3)), 10, root),
              FailsWith(ErrorKind::invalid_input));
  // Equal sizes need equal roots and an empty proof; an empty old tree needs an empty proof.
  EXPECT_THAT(check_consistency({}, 10, root, 10, root), IsOk());
  EXPECT_THAT(check_consistency({}, 10, root, 10, empty_tree_hash()),
              FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(check_consistency(proof, 10, root, 10, root), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(check_consistency({}, 0, empty_tree_hash(), 10, root), IsOk());
  EXPECT_THAT(check_consistency({}, 4, root, 10, root), FailsWith(ErrorKind::invalid_input));
  EXPECT_THAT(check_consistency({}, 11, root, 10, root), FailsWith(ErrorKind::invalid_input));
}

TEST(Merkle, ReaderErrorsPassThroughAndShortAnswersAreCaught) {
  const HashReader broken = [](std::span<const std::uint64_t>) -> Result<std::vector<Hash>> {
    return fail(ErrorKind::io, "disk on fire");
  };
  EXPECT_THAT(tree_hash(5, broken), FailsWith(ErrorKind::io));
  const HashReader short_answer = [](std::span<const std::uint64_t>) -> Result<std::vector<Hash>> {
    return std::vector<Hash>{};
  };
  EXPECT_THAT(prove_inclusion(1, 5, short_answer), FailsWith(ErrorKind::internal));
}

TEST(Merkle, ProofSizesAreLogarithmic) {
  const MemoryHashes log = log_of(1000);
  EXPECT_EQ(prove_inclusion(0, 1000, log.reader())->size(), 10u);
  EXPECT_LE(prove_consistency(500, 1000, log.reader())->size(), 2u * 10u);
  EXPECT_EQ(prove_consistency(512, 1024, log_of(1024).reader())->size(), 1u);
}

}  // namespace
}  // namespace echri::exchange
