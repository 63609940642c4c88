#include "exchange/node.hpp"

#include <algorithm>

#include "core/file_io.hpp"
#include "exchange/cosignature.hpp"
#include "exchange/inbox.hpp"
#include "exchange/internal/records.hpp"
#include "exchange/sealed.hpp"
#include "exchange/stored_log.hpp"

namespace echri::exchange {
namespace {

using nlohmann::json;

// The audit sequence the last audit_head entry published (id: the origin).
constexpr std::string_view kPublishedHeadRecord = "exchange_published_head";

Result<std::vector<Peer>> read_peers(store::Store& store) {
  return store::read_returning<std::vector<Peer>>(
      store, [](store::Transaction& tx) { return list_peers(tx); });
}

}  // namespace

ExchangeNode::ExchangeNode(store::Store& store, const NodeKeys& keys, Network& network,
                           std::function<std::string()> clock)
    : store_(store),
      keys_(keys),
      network_(network),
      clock_(clock ? std::move(clock) : std::function<std::string()>(core::utc_timestamp)) {}

Result<PublishReport> ExchangeNode::publish(NotificationKind kind, const json& body,
                                            std::vector<std::string> audience, const Actor& actor) {
  std::sort(audience.begin(), audience.end());
  audience.erase(std::unique(audience.begin(), audience.end()), audience.end());
  Entry entry;
  entry.issuer = keys_.state;
  entry.issued_at = clock_();
  entry.audience = audience;
  if (audience.empty()) {
    entry.kind = kind;
    entry.body = body;
  } else {
    if (is_public_only(kind))
      return fail(ErrorKind::invalid_input,
                  "a " + std::string(to_string(kind)) +
                      " concerns every state: it cannot be "
                      "addressed to named states",
                  "$.audience");
    ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
    std::vector<SealedRecipient> recipients;
    for (std::size_t i = 0; i < audience.size(); ++i) {
      const auto& state = audience[i];
      if (state == keys_.state) {
        recipients.push_back({state, keys_.encryption.public_key()});
        continue;
      }
      const auto peer = std::find_if(peers.begin(), peers.end(),
                                     [&](const Peer& known) { return known.state == state; });
      if (peer == peers.end())
        return fail(ErrorKind::invalid_input, "no known node of the state '" + state + "'",
                    "$.audience[" + std::to_string(i) + "]");
      ECHRI_ASSIGN_OR_RETURN(const auto key, parse_encryption_key(peer->encryption_key));
      recipients.push_back({state, key});
    }
    ECHRI_ASSIGN_OR_RETURN(const auto plaintext, encode_sealed_plaintext(kind, body));
    ECHRI_ASSIGN_OR_RETURN(const auto sealed,
                           seal(plaintext, recipients, entry_header_for_sealing(entry)));
    entry.sealed = sealed_to_json(sealed);
  }
  ECHRI_ASSIGN_OR_RETURN(auto bytes, encode_entry(entry));
  return append_and_cosign({std::move(bytes)}, actor);
}

Result<std::optional<PublishReport>> ExchangeNode::publish_audit_head(const Actor& actor) {
  ECHRI_ASSIGN_OR_RETURN(const auto head, store_.audit_head());
  ECHRI_ASSIGN_OR_RETURN(
      const auto published,
      store::read_returning<std::int64_t>(store_, [&](store::Transaction& tx) {
        return catch_failure([&]() -> Result<std::int64_t> {
          const auto body = internal::read_body(tx, kPublishedHeadRecord, origin());
          return body ? body->value("sequence", std::int64_t{-1}) : std::int64_t{-1};
        });
      }));
  // Publishing writes audit records of its own (exchange.*): only other records since the last
  // published head make it worth publishing again, or the log would grow on every call.
  if (published >= 0) {
    ECHRI_ASSIGN_OR_RETURN(const auto since, store_.audit_records(published + 1, 10'000));
    const bool moved = std::any_of(since.begin(), since.end(), [](const store::AuditRecord& r) {
      return !r.draft.action.starts_with("exchange.");
    });
    if (!moved && since.size() < 10'000) return std::nullopt;
  }
  Entry entry;
  entry.issuer = keys_.state;
  entry.issued_at = clock_();
  entry.kind = NotificationKind::audit_head;
  entry.body = {{"sequence", head.sequence}, {"hash", head.hash}};
  ECHRI_ASSIGN_OR_RETURN(auto bytes, encode_entry(entry));
  ECHRI_ASSIGN_OR_RETURN(auto report, append_and_cosign({std::move(bytes)}, actor));
  ECHRI_TRY(store_.write([&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<void> {
      internal::write_body(
          tx, actor, "exchange.audit_head", kPublishedHeadRecord, origin(),
          {{"sequence", head.sequence}, {"hash", head.hash}, {"index", report.index}},
          {{"sequence", head.sequence}});
      return {};
    });
  }));
  return report;
}

Result<PublishReport> ExchangeNode::append_and_cosign(std::vector<std::string> entries,
                                                      const Actor& actor) {
  const auto count = entries.size();
  ECHRI_ASSIGN_OR_RETURN(
      auto checkpoint,
      store::write_returning<SignedCheckpoint>(store_, [&](store::Transaction& tx) {
        return publish_entries(tx, keys_.log, entries, actor);
      }));
  PublishReport report;
  report.index = checkpoint.checkpoint.size - count;
  report.checkpoint = std::move(checkpoint);
  ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
  gather_cosignatures(report, peers, actor);
  return report;
}

void ExchangeNode::gather_cosignatures(PublishReport& report, const std::vector<Peer>& peers,
                                       const Actor& actor) {
  const auto size = report.checkpoint.checkpoint.size;
  std::vector<std::string> lines;
  const auto ask = [&](const Peer& peer, std::uint64_t old_size) -> Result<WitnessAnswer> {
    ECHRI_ASSIGN_OR_RETURN(
        auto proof, store::read_returning<std::vector<Hash>>(store_, [&](store::Transaction& tx) {
          return prove_consistency(old_size, size, stored_hash_reader(tx, origin()));
        }));
    return network_.add_checkpoint(peer, {old_size, std::move(proof), report.checkpoint.note});
  };
  for (const auto& peer : peers) {
    const auto failed = [&](const std::string& why) {
      report.witness_failures.push_back(peer.origin + ": " + why);
    };
    auto witness = CosignatureVerifier::parse(peer.witness_key);
    if (!witness) {
      failed(witness.error().describe());
      continue;
    }
    std::uint64_t known = 0;
    {
      const std::lock_guard lock(witnessed_mutex_);
      known = witnessed_[peer.origin];
    }
    auto answer = ask(peer, std::min(known, size));
    // The witness knows another size (it restarted from a backup, or this cache is cold): once
    // more from there, as tlog-witness intends.
    if (answer && !answer->cosignature && answer->known_size <= size)
      answer = ask(peer, answer->known_size);
    if (!answer) {
      failed(answer.error().describe());
      continue;
    }
    if (!answer->cosignature) {
      failed("the witness knows a tree of " + std::to_string(answer->known_size) +
             " entries, larger than this log");
      continue;
    }
    // A bad line would make the note fail to open at every peer that knows this witness.
    const NoteVerifier* known_keys[] = {&*witness};
    const auto cosigned =
        std::string(note_text(report.checkpoint.note).value_or("")) + "\n" + *answer->cosignature;
    auto opened = open_note(cosigned, known_keys);
    if (!opened || opened->verified.empty()) {
      failed("the witness answered a cosignature that does not verify");
      continue;
    }
    lines.push_back(*answer->cosignature);
    report.cosigned_by.push_back(peer.origin);
    const std::lock_guard lock(witnessed_mutex_);
    witnessed_[peer.origin] = size;
  }
  if (lines.empty()) return;
  auto stored = store::write_returning<SignedCheckpoint>(store_, [&](store::Transaction& tx) {
    return add_cosignatures(tx, origin(), size, lines, actor);
  });
  // A newer checkpoint signed meanwhile gathers its own cosignatures.
  if (stored) report.checkpoint = std::move(*stored);
}

Result<WitnessAnswer> ExchangeNode::witness(const AddCheckpointRequest& request,
                                            const Actor& actor) {
  ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
  std::vector<Ed25519Verifier> log_keys;
  for (const auto& peer : peers) {
    // save_peer checked the key; a record that no longer parses cosigns nothing.
    if (auto key = Ed25519Verifier::parse(peer.log_key)) log_keys.push_back(std::move(*key));
  }
  return witness_checkpoint(store_, keys_.witness, log_keys, request, actor);
}

Result<SyncReport> ExchangeNode::sync(const std::string& peer_origin, const Actor& actor) {
  ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
  const auto peer = std::find_if(peers.begin(), peers.end(),
                                 [&](const Peer& known) { return known.origin == peer_origin; });
  if (peer == peers.end())
    return fail(ErrorKind::not_found, "no peer with the origin '" + peer_origin + "'", "peer");
  ECHRI_ASSIGN_OR_RETURN(auto policy,
                         policy_for(*peer, peers, CosignatureSigner(keys_.witness).verifier()));
  ECHRI_ASSIGN_OR_RETURN(auto source, network_.source(*peer));
  return sync_peer(store_, policy, *source, actor);
}

Result<std::vector<PeerSyncResult>> ExchangeNode::sync_all(const Actor& actor) {
  ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
  std::vector<PeerSyncResult> results;
  for (const auto& peer : peers) {
    auto report = sync(peer.origin, actor);
    results.push_back(report ? PeerSyncResult{peer.origin, std::move(*report), std::nullopt}
                             : PeerSyncResult{peer.origin, std::nullopt, report.error()});
  }
  return results;
}

Result<json> ExchangeNode::status() {
  return store::read_returning<json>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<json> {
      json out;
      ECHRI_ASSIGN_OR_RETURN(const auto latest, latest_checkpoint(tx, origin()));
      out["log"] = {{"origin", origin()},
                    {"state", keys_.state},
                    {"size", latest ? latest->checkpoint.size : 0},
                    {"checkpoint", latest ? json(latest->note) : json(nullptr)}};
      ECHRI_ASSIGN_OR_RETURN(const auto peers, list_peers(tx));
      out["peers"] = json::array();
      for (const auto& peer : peers) {
        auto view = peer_view(peer);
        ECHRI_ASSIGN_OR_RETURN(const auto head, verified_head(tx, peer.origin));
        view["verified_size"] = head.size;
        view["halted"] = head.halted;
        view["alert"] = head.alert.empty() ? json(nullptr) : json(head.alert);
        out["peers"].push_back(std::move(view));
      }
      store::RecordQuery query;
      query.kind = std::string(kAlertRecord);
      query.order = store::RecordOrder::newest;
      query.limit = 100;
      ECHRI_ASSIGN_OR_RETURN(const auto alerts, tx.list(query));
      out["alerts"] = json::array();
      for (const auto& record : alerts.records) {
        auto alert = json::parse(record.body);
        alert["id"] = record.id;
        alert["raised_at"] = record.created_at;
        alert["state"] = record.state;
        out["alerts"].push_back(std::move(alert));
      }
      out["alert_count"] = alerts.total;
      return out;
    });
  });
}

Result<ExchangeNode::DirectoryView> ExchangeNode::directory() {
  ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
  return store::read_returning<DirectoryView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<DirectoryView> {
      DirectoryView view{builtin_directory_seed(), {}};
      std::map<std::string, std::uint64_t> read_up_to;  // per log: entries already applied
      // Each designation moves to another log; a log is never read twice from the same point,
      // so this ends.
      for (int hops = 0; hops < 64; ++hops) {
        const auto contact = view.directory.central_contact();
        LogOwner log{origin(), keys_.state};
        if (contact != keys_.state) {
          const auto peer = std::find_if(peers.begin(), peers.end(),
                                         [&](const Peer& p) { return p.state == contact; });
          if (peer == peers.end()) break;
          log = {peer->origin, peer->state};
        }
        ECHRI_ASSIGN_OR_RETURN(const auto extent, tx.log_extent(log.origin));
        auto& from = read_up_to[log.origin];
        if (from >= extent.entries) break;
        ECHRI_ASSIGN_OR_RETURN(const auto entries,
                               read_entries(tx, keys_, log, from, extent.entries - from));
        bool moved = false;
        for (const auto& received : entries) {
          ++from;
          if (!received.readable || received.kind != NotificationKind::directory_change) continue;
          if (auto applied = view.directory.apply(received.entry); !applied)
            view.problems.push_back(log.origin + "#" + std::to_string(received.index) + ": " +
                                    applied.error().describe());
          if (view.directory.central_contact() != contact) {
            moved = true;
            break;
          }
        }
        if (!moved) break;
      }
      return view;
    });
  });
}

Result<std::vector<LogOwner>> ExchangeNode::logs() {
  ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
  std::vector<LogOwner> out{{origin(), keys_.state}};
  for (const auto& peer : peers) out.push_back({peer.origin, peer.state});
  return out;
}

Result<std::vector<ReceivedEntry>> ExchangeNode::read_all() {
  ECHRI_ASSIGN_OR_RETURN(const auto all, logs());
  return store::read_returning<std::vector<ReceivedEntry>>(
      store_, [&](store::Transaction& tx) { return read_all_entries(tx, keys_, all); });
}

Result<std::vector<std::string>> ExchangeNode::verify_logs() {
  std::vector<std::string> problems;
  const auto check = [&](const std::string& log, std::string_view kind) -> Result<void> {
    auto found = verify_stored_log(store_, log, kind);
    if (!found && found.error().kind == ErrorKind::not_found) return {};
    if (!found) return tl::unexpected(found.error());
    for (const auto& problem : *found) {
      std::string line = log;
      problems.push_back(line.append(": ").append(problem));
    }
    return {};
  };
  ECHRI_TRY(check(origin(), kCheckpointRecord));
  ECHRI_ASSIGN_OR_RETURN(const auto peers, read_peers(store_));
  for (const auto& peer : peers) ECHRI_TRY(check(peer.origin, kPeerLogRecord));
  return problems;
}

}  // namespace echri::exchange
