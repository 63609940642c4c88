// Writes a log of N entries the way a node would publish it (C2SP tlog-tiles layout), its signed
// checkpoint with a witness cosignature, the keys and some proofs, for verify_log.go to check with
// Go's golang.org/x/mod/sumdb implementation.
//
//   echri_exchange_interop_writer OUT_DIR N

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "exchange/checkpoint.hpp"
#include "exchange/cosignature.hpp"
#include "exchange/internal/encoding.hpp"
#include "exchange/merkle.hpp"
#include "exchange/note.hpp"
#include "exchange/tiles.hpp"

namespace ex = echri::exchange;

namespace {

template <class T>
T or_exit(echri::Result<T> result) {
  if (!result) {
    std::cerr << "write_log: " << result.error().describe() << "\n";
    std::exit(1);
  }
  return std::move(*result);
}

void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) {
    std::cerr << "write_log: cannot write " << path << "\n";
    std::exit(1);
  }
}

std::string b64(const ex::Hash& hash) {
  return ex::internal::base64_encode(hash);
}

ex::Ed25519Signer key(std::string_view name, std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return or_exit(ex::Ed25519Signer::from_seed(name, seed));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: echri_exchange_interop_writer OUT_DIR N\n";
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const std::uint64_t size = std::stoull(argv[2]);

  ex::MemoryHashes log;
  std::vector<std::string> entries;
  for (std::uint64_t i = 0; i < size; ++i) {
    // Lengths vary, some entries are empty, one is long: the bundle framing is exercised.
    std::string entry = i % 17 == 0 ? std::string() : "echri denial " + std::to_string(i) + "\n";
    if (i == 3) entry = std::string(70000 % 65536, 'x');
    entries.push_back(entry);
    log.append(entry);
  }
  const ex::Hash root = log.root();

  for (const ex::Tile& tile : ex::tiles_for_tree(size)) {
    write(out / ex::tile_path(tile), or_exit(ex::tile_data(tile, log.reader())));
  }
  for (std::uint64_t first = 0; first < size; first += ex::kTileWidth) {
    const std::uint64_t width = std::min<std::uint64_t>(ex::kTileWidth, size - first);
    const std::vector<std::string> bundle(
        entries.begin() + static_cast<std::ptrdiff_t>(first),
        entries.begin() + static_cast<std::ptrdiff_t>(first + width));
    write(out / ex::entry_bundle_path(first / ex::kTileWidth, width),
          or_exit(ex::encode_entry_bundle(bundle)));
  }

  const ex::Ed25519Signer log_key = key("echri.example/interop-log", 11);
  const ex::CosignatureSigner witness(key("echri.example/witness", 12),
                                      [] { return std::uint64_t{1764547200}; });
  const std::string text = or_exit(ex::format_checkpoint(
      {"echri.example/interop-log", size, root, {"echri-extension interop"}}));
  const ex::NoteSigner* signers[] = {&log_key, &witness};
  write(out / "checkpoint", or_exit(ex::sign_note(text, signers)));
  write(out / "vkey", log_key.verifier_key() + "\n");
  write(out / "skey", log_key.private_key() + "\n");

  std::string inclusion;
  for (std::uint64_t i = 0; i < size; i += 1 + i / 3) {
    inclusion += std::to_string(i);
    for (const ex::Hash& hash : or_exit(ex::prove_inclusion(i, size, log.reader()))) {
      inclusion += " " + b64(hash);
    }
    inclusion += "\n";
  }
  write(out / "inclusion.txt", inclusion);
  std::string consistency;
  for (std::uint64_t m = 1; m <= size; m += 1 + m / 2) {
    consistency += std::to_string(m) + " " + b64(or_exit(ex::tree_hash(m, log.reader())));
    for (const ex::Hash& hash : or_exit(ex::prove_consistency(m, size, log.reader()))) {
      consistency += " " + b64(hash);
    }
    consistency += "\n";
  }
  write(out / "consistency.txt", consistency);
  return 0;
}
