#include "exchange/peer_sync.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "core/digest.hpp"
#include "exchange/checkpoint.hpp"
#include "exchange/internal/records.hpp"
#include "exchange/stored_log.hpp"

namespace echri::exchange {
namespace {

using nlohmann::json;

VerifiedHead read_head(store::Transaction& tx, std::string_view origin) {
  VerifiedHead head;
  const auto body = internal::read_body(tx, kPeerLogRecord, origin);
  if (!body) return head;
  head.size = body->value("size", std::uint64_t{0});
  const auto root = core::sha256_from_hex(body->value("root", std::string()));
  if (!root)
    raise(ErrorKind::internal, "the verified head of '" + std::string(origin) + "' is bad");
  head.root = *root;
  head.note = body->value("note", std::string());
  head.halted = body->value("halted", false);
  head.alert = body->value("alert", std::string());
  return head;
}

json head_body(const VerifiedHead& head) {
  return {{"size", head.size},
          {"root", core::to_hex(head.root.data(), head.root.size())},
          {"note", head.note},
          {"halted", head.halted},
          {"alert", head.alert}};
}

// The entries [from, to) of the peer's tree of `to` entries, bundle by bundle; invalid_input
// when a bundle served does not hold what the tree says it holds.
Result<std::vector<std::string>> fetch_entries(PeerSource& source, std::uint64_t from,
                                               std::uint64_t to) {
  std::vector<std::string> entries;
  entries.reserve(to - from);
  for (std::uint64_t bundle = from / kTileWidth; bundle * kTileWidth < to; ++bundle) {
    const std::uint64_t first = bundle * kTileWidth;
    const std::uint64_t width = std::min(kTileWidth, to - first);
    ECHRI_ASSIGN_OR_RETURN(const auto bytes, source.tile({true, {0, bundle, width}}));
    auto decoded = decode_entry_bundle(bytes);
    if (!decoded || decoded->size() != width)
      return fail(ErrorKind::invalid_input,
                  "entry bundle " + entry_bundle_path(bundle, width) + " is malformed" +
                      (decoded ? " (" + std::to_string(decoded->size()) + " entries)"
                               : ": " + decoded.error().describe()));
    for (std::uint64_t i = std::max(first, from) - first; i < width; ++i)
      entries.push_back(std::move((*decoded)[i]));
  }
  return entries;
}

struct Offered {
  Checkpoint checkpoint;
  std::string note;
};

Result<std::string> raise_alert(store::Store& store, const PeerPolicy& policy, const Actor& actor,
                                AlertKind kind, const std::string& detail,
                                const std::string& offered_note) {
  return store::write_returning<std::string>(store, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<std::string> {
      auto head = read_head(tx, policy.origin);
      const auto number = value_or_raise(tx.next_number("exchange_alert"));
      const std::string id = "ALERT-" + std::to_string(number);
      json alert = {{"peer", policy.origin},
                    {"kind", std::string(to_string(kind))},
                    {"detail", detail},
                    {"verified_checkpoint", head.note},
                    {"offered_checkpoint", offered_note}};
      internal::write_body(tx, actor, "exchange.alert", kAlertRecord, id, alert,
                           {{"peer", policy.origin}, {"kind", std::string(to_string(kind))}},
                           "open");
      head.halted = true;
      head.alert = id;
      internal::write_body(tx, actor, "exchange.halt", kPeerLogRecord, policy.origin,
                           head_body(head), {{"alert", id}});
      return id;
    });
  });
}

// Why the entries did not give the signed root: a consistency proof read from the peer's tiles
// tells a tree that extends the verified one (so the entries served were wrong) from one that
// does not (a fork).
AlertKind diagnose(PeerSource& source, const VerifiedHead& head, const Checkpoint& offered) {
  if (head.size == 0) return AlertKind::entries_mismatch;
  auto reader = tile_hash_reader(offered.size, [&source](const Tile& tile) {
    return source.tile({false, tile});
  });
  auto proof = prove_consistency(head.size, offered.size, reader);
  if (!proof) return AlertKind::fork;
  return check_consistency(*proof, head.size, head.root, offered.size, offered.root)
             ? AlertKind::entries_mismatch
             : AlertKind::fork;
}

}  // namespace

Result<VerifiedHead> verified_head(store::Transaction& tx, std::string_view origin) {
  return catch_failure([&]() -> Result<VerifiedHead> { return read_head(tx, origin); });
}

std::string_view to_string(AlertKind kind) {
  switch (kind) {
    case AlertKind::bad_signature:
      return "bad_signature";
    case AlertKind::rollback:
      return "rollback";
    case AlertKind::fork:
      return "fork";
    case AlertKind::entries_mismatch:
      return "entries_mismatch";
  }
  return "unknown";
}

Result<SyncReport> sync_peer(store::Store& store, const PeerPolicy& policy, PeerSource& source,
                             const Actor& actor) {
  ECHRI_ASSIGN_OR_RETURN(const auto head,
                         store::read_returning<VerifiedHead>(store, [&](store::Transaction& tx) {
                           return verified_head(tx, policy.origin);
                         }));
  SyncReport report{policy.origin, head.size, head.size, std::nullopt, {}, {}};
  if (head.halted)
    return fail(ErrorKind::forbidden, "the log of '" + policy.origin + "' is halted by alert " +
                                          head.alert + ": nothing more is accepted from it");

  ECHRI_ASSIGN_OR_RETURN(const auto note, source.checkpoint());
  const auto alert = [&](AlertKind kind, std::string detail) -> Result<SyncReport> {
    ECHRI_ASSIGN_OR_RETURN(report.alert_id, raise_alert(store, policy, actor, kind, detail, note));
    report.alert = kind;
    report.detail = std::move(detail);
    return report;
  };

  std::vector<const NoteVerifier*> known{&policy.log_key};
  for (const auto& witness : policy.witnesses) known.push_back(&witness);
  auto opened = open_note(note, known);
  if (!opened) {
    if (opened.error().kind == ErrorKind::forbidden)
      return alert(AlertKind::bad_signature, opened.error().describe());
    return fail(ErrorKind::invalid_input, "the checkpoint of '" + policy.origin +
                                              "' is malformed: " + opened.error().describe());
  }
  bool log_signed = false;
  std::size_t cosigned = 0;
  for (const auto& signature : opened->verified) {
    if (signature.name == policy.log_key.name() && signature.key_id == policy.log_key.key_id())
      log_signed = true;
    else
      ++cosigned;
  }
  if (!log_signed)
    return alert(AlertKind::bad_signature,
                 "the checkpoint is not signed by the log's key " + policy.log_key.name());
  // Too few cosignatures keep a checkpoint from being accepted, but not from being evidence: the
  // log's own signature on a tree that contradicts the verified one proves a rollback or a fork
  // (witnesses refusing to cosign it is what happens then), so that is checked first.
  const auto uncosigned = [&]() {
    return fail(ErrorKind::forbidden, "the checkpoint of '" + policy.origin + "' carries " +
                                          std::to_string(cosigned) + " of the " +
                                          std::to_string(policy.witnesses_required) +
                                          " cosignatures the policy requires");
  };
  auto checkpoint = parse_checkpoint(opened->text);
  if (!checkpoint)
    return fail(ErrorKind::invalid_input, "the checkpoint of '" + policy.origin +
                                              "' is malformed: " + checkpoint.error().describe());
  if (checkpoint->origin != policy.origin)
    return alert(AlertKind::bad_signature, "the checkpoint names the origin '" +
                                               checkpoint->origin + "', not '" + policy.origin +
                                               "'");

  if (checkpoint->size < head.size)
    return alert(AlertKind::rollback,
                 "the log offers a tree of " + std::to_string(checkpoint->size) +
                     " entries after one of " + std::to_string(head.size) + " was verified");
  if (checkpoint->size == head.size) {
    if (checkpoint->root != head.root)
      return alert(AlertKind::fork, "two signed trees of " + std::to_string(head.size) +
                                        " entries with different roots");
    if (cosigned < policy.witnesses_required) return uncosigned();
    return report;
  }

  auto entries = fetch_entries(source, head.size, checkpoint->size);
  if (!entries && entries.error().kind == ErrorKind::invalid_input)
    return alert(AlertKind::entries_mismatch, entries.error().describe());
  if (!entries) return tl::unexpected(std::move(entries).error());
  bool matched = false;
  auto stored = store.write([&](store::Transaction& tx) -> Result<void> {
    return catch_failure([&]() -> Result<void> {
      ECHRI_ASSIGN_OR_RETURN(auto appender, LogAppender::open(tx, policy.origin));
      if (appender.size() != head.size)
        return fail(ErrorKind::conflict, "the stored copy of '" + policy.origin + "' holds " +
                                             std::to_string(appender.size()) +
                                             " entries, the verified head " +
                                             std::to_string(head.size));
      for (auto& entry : *entries) {
        if (auto added = appender.add(std::move(entry)); !added)
          return tl::unexpected(std::move(added).error());
      }
      ECHRI_ASSIGN_OR_RETURN(const auto root, appender.root());
      matched = root == checkpoint->root;
      // A mismatch writes nothing: the alert below is raised in its own unit of work.
      if (!matched) return {};
      if (cosigned < policy.witnesses_required) return uncosigned();
      ECHRI_TRY(appender.commit());
      VerifiedHead next{checkpoint->size, checkpoint->root, note, false, {}};
      internal::write_body(
          tx, actor, "exchange.sync", kPeerLogRecord, policy.origin, head_body(next),
          {{"from", head.size}, {"to", checkpoint->size}, {"cosignatures", cosigned}});
      return {};
    });
  });
  if (!stored) return tl::unexpected(std::move(stored).error());
  if (!matched) {
    const auto kind = diagnose(source, head, *checkpoint);
    return alert(kind, kind == AlertKind::fork
                           ? "the signed tree of " + std::to_string(checkpoint->size) +
                                 " entries does not extend the verified tree of " +
                                 std::to_string(head.size)
                           : "entries " + std::to_string(head.size) + " to " +
                                 std::to_string(checkpoint->size - 1) +
                                 " as served do not hash to the signed root: an entry was "
                                 "rewritten or dropped");
  }
  report.size_after = checkpoint->size;
  return report;
}

Result<std::vector<std::string>> verify_stored_log(store::Store& store, std::string_view origin,
                                                   std::string_view record_kind) {
  return store::read_returning<std::vector<std::string>>(store, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<std::vector<std::string>> {
      std::vector<std::string> problems;
      const auto body = internal::read_body(tx, record_kind, origin);
      if (!body)
        return fail(ErrorKind::not_found, "no verified head of '" + std::string(origin) + "'");
      const auto size = body->value("size", std::uint64_t{0});
      const auto root = core::sha256_from_hex(body->value("root", std::string()));
      ECHRI_ASSIGN_OR_RETURN(const auto extent, tx.log_extent(origin));
      if (extent.entries < size)
        problems.push_back("the stored copy holds " + std::to_string(extent.entries) +
                           " entries, fewer than the " + std::to_string(size) + " signed");
      MemoryHashes recomputed;
      constexpr std::size_t kBatch = 4096;
      for (std::uint64_t first = 0; first < size && problems.empty(); first += kBatch) {
        ECHRI_ASSIGN_OR_RETURN(const auto entries, tx.log_entries(origin, first, kBatch));
        for (const auto& entry : entries)
          if (recomputed.size() < size) recomputed.append(entry);
      }
      if (problems.empty() && (!root || recomputed.root() != *root))
        problems.push_back("the stored entries do not hash to the signed root of " +
                           std::to_string(size) + " entries: an entry was changed or removed");
      if (problems.empty()) {
        auto stored = tree_hash(size, stored_hash_reader(tx, std::string(origin)));
        if (!stored || !root || *stored != *root)
          problems.push_back("the stored Merkle hashes do not give the signed root");
      }
      return problems;
    });
  });
}

}  // namespace echri::exchange
