#include "exchange/witness_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/digest.hpp"
#include "exchange/checkpoint.hpp"
#include "exchange/cosignature.hpp"
#include "exchange/internal/encoding.hpp"
#include "exchange/internal/records.hpp"

namespace echri::exchange {
namespace {

constexpr std::size_t kMaxProofLines = 63;

std::string hex_of(const Hash& hash) {
  return core::to_hex(hash.data(), hash.size());
}

}  // namespace

Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body) {
  AddCheckpointRequest request;
  std::size_t line_number = 0;
  std::size_t start = 0;
  const auto bad = [&](std::string message) {
    return fail(ErrorKind::invalid_input, std::move(message),
                "add-checkpoint line " + std::to_string(line_number));
  };
  const auto next_line = [&]() -> std::optional<std::string_view> {
    const auto end = body.find('\n', start);
    if (end == std::string_view::npos) return std::nullopt;
    const auto line = body.substr(start, end - start);
    start = end + 1;
    ++line_number;
    return line;
  };
  auto first = next_line();
  if (!first || !first->starts_with("old ")) return bad("the first line must be 'old <size>'");
  const auto size = internal::parse_decimal(first->substr(4));
  if (!size) return bad("'" + std::string(first->substr(4)) + "' is not a tree size");
  request.old_size = *size;
  for (;;) {
    auto line = next_line();
    if (!line) return bad("no blank line before the checkpoint");
    if (line->empty()) break;
    if (request.proof.size() == kMaxProofLines) return bad("more than 63 proof lines");
    const auto bytes = internal::base64_decode(*line);
    if (!bytes || bytes->size() != 32) return bad("a proof line is not the base64 of 32 bytes");
    Hash hash{};
    std::copy(bytes->begin(), bytes->end(), hash.begin());
    request.proof.push_back(hash);
  }
  request.note = std::string(body.substr(start));
  if (request.note.empty()) return bad("no checkpoint");
  return request;
}

std::string format_add_checkpoint(const AddCheckpointRequest& request) {
  std::string out = "old " + std::to_string(request.old_size) + "\n";
  for (const auto& hash : request.proof) out += internal::base64_encode(hash) + "\n";
  out += "\n";
  out += request.note;
  return out;
}

Result<WitnessAnswer> witness_checkpoint(store::Store& store, const Ed25519Signer& witness_key,
                                         std::span<const Ed25519Verifier> log_keys,
                                         const AddCheckpointRequest& request, const Actor& actor) {
  // The origin, to find the log key; the note is verified under it below.
  const auto text = note_text(request.note);
  if (!text)
    return fail(ErrorKind::invalid_input, "the checkpoint is not a signed note", "checkpoint");
  const auto origin = std::string(text->substr(0, text->find('\n')));
  const auto log_key =
      std::find_if(log_keys.begin(), log_keys.end(),
                   [&](const Ed25519Verifier& key) { return key.name() == origin; });
  if (log_key == log_keys.end())
    return fail(ErrorKind::not_found, "this witness does not cosign the log '" + origin + "'",
                "checkpoint");

  return store::write_returning<WitnessAnswer>(store, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<WitnessAnswer> {
      Witness witness{CosignatureSigner(witness_key)};
      Witness::Known known{0, empty_tree_hash()};
      if (const auto body = internal::read_body(tx, kWitnessedRecord, origin)) {
        const auto root = core::sha256_from_hex(body->value("root", std::string()));
        if (!root) raise(ErrorKind::internal, "the witnessed head of '" + origin + "' is bad");
        known = {body->value("size", std::uint64_t{0}), *root};
        witness.restore(origin, known);
      }
      if (request.old_size != known.size) return WitnessAnswer{std::nullopt, known.size};
      ECHRI_ASSIGN_OR_RETURN(auto line, witness.add_checkpoint(request.note, request.old_size,
                                                               request.proof, *log_key));
      const auto& next = witness.latest().at(origin);
      if (next.size != known.size || next.root != known.root)
        internal::write_body(tx, actor, "exchange.witness", kWitnessedRecord, origin,
                             {{"size", next.size}, {"root", hex_of(next.root)}},
                             {{"from", known.size}, {"to", next.size}});
      return WitnessAnswer{std::move(line), next.size};
    });
  });
}

}  // namespace echri::exchange
