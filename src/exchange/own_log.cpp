#include "exchange/own_log.hpp"

#include <nlohmann/json.hpp>

#include "core/digest.hpp"
#include "exchange/internal/records.hpp"
#include "exchange/stored_log.hpp"

namespace echri::exchange {
namespace {

using nlohmann::json;

json body_of(const SignedCheckpoint& signed_checkpoint) {
  const auto& root = signed_checkpoint.checkpoint.root;
  return {{"size", signed_checkpoint.checkpoint.size},
          {"root", core::to_hex(root.data(), root.size())},
          {"note", signed_checkpoint.note}};
}

SignedCheckpoint from_body(const json& body, std::string_view origin) {
  const auto note = body.value("note", std::string());
  auto checkpoint = parse_checkpoint(note_text(note).value_or(note));
  if (!checkpoint)
    raise(ErrorKind::internal, "the stored checkpoint of exchange log '" + std::string(origin) +
                                   "' does not parse: " + checkpoint.error().describe());
  return {std::move(*checkpoint), note};
}

}  // namespace

Result<SignedCheckpoint> publish_entries(store::Transaction& tx, const Ed25519Signer& log_key,
                                         std::span<const std::string> entries, const Actor& actor) {
  return catch_failure([&]() -> Result<SignedCheckpoint> {
    const std::string& origin = log_key.name();
    ECHRI_ASSIGN_OR_RETURN(auto appender, LogAppender::open(tx, origin));
    const auto first = appender.size();
    for (const auto& entry : entries) ECHRI_TRY(appender.add(entry));
    ECHRI_ASSIGN_OR_RETURN(const auto root, appender.root());
    ECHRI_TRY(appender.commit());
    Checkpoint checkpoint{origin, appender.size(), root, {}};
    ECHRI_ASSIGN_OR_RETURN(const auto text, format_checkpoint(checkpoint));
    const NoteSigner* signers[] = {&log_key};
    ECHRI_ASSIGN_OR_RETURN(auto note, sign_note(text, signers));
    SignedCheckpoint signed_checkpoint{std::move(checkpoint), std::move(note)};
    internal::write_body(tx, actor, "exchange.publish", kCheckpointRecord, origin,
                         body_of(signed_checkpoint),
                         {{"first", first}, {"added", entries.size()}, {"size", appender.size()}});
    return signed_checkpoint;
  });
}

Result<std::optional<SignedCheckpoint>> latest_checkpoint(store::Transaction& tx,
                                                          std::string_view origin) {
  return catch_failure([&]() -> Result<std::optional<SignedCheckpoint>> {
    const auto body = internal::read_body(tx, kCheckpointRecord, origin);
    if (!body) return std::nullopt;
    return from_body(*body, origin);
  });
}

Result<SignedCheckpoint> add_cosignatures(store::Transaction& tx, std::string_view origin,
                                          std::uint64_t size, std::span<const std::string> lines,
                                          const Actor& actor) {
  return catch_failure([&]() -> Result<SignedCheckpoint> {
    const auto body = internal::read_body(tx, kCheckpointRecord, origin);
    if (!body) return fail(ErrorKind::not_found, "no checkpoint of '" + std::string(origin) + "'");
    auto latest = from_body(*body, origin);
    if (latest.checkpoint.size != size)
      return fail(ErrorKind::conflict, "the latest checkpoint of '" + std::string(origin) +
                                           "' is of " + std::to_string(latest.checkpoint.size) +
                                           " entries, not " + std::to_string(size));
    std::size_t added = 0;
    for (const auto& line : lines) {
      if (line.empty() || line.back() != '\n' || latest.note.find(line) != std::string::npos)
        continue;
      latest.note += line;
      ++added;
    }
    if (added > 0)
      internal::write_body(tx, actor, "exchange.cosign", kCheckpointRecord, origin, body_of(latest),
                           {{"size", size}, {"cosignatures_added", added}});
    return latest;
  });
}

Result<std::string> published_checkpoint(store::Store& store, std::string_view origin) {
  return store::read_returning<std::string>(
      store, [&](store::Transaction& tx) -> Result<std::string> {
        ECHRI_ASSIGN_OR_RETURN(auto latest, latest_checkpoint(tx, origin));
        if (!latest) return fail(ErrorKind::not_found, "nothing is published yet");
        return std::move(latest->note);
      });
}

Result<std::string> published_tile(store::Store& store, std::string_view origin,
                                   const TilePath& tile) {
  return store::read_returning<std::string>(
      store, [&](store::Transaction& tx) -> Result<std::string> {
        ECHRI_ASSIGN_OR_RETURN(auto latest, latest_checkpoint(tx, origin));
        if (!latest) return fail(ErrorKind::not_found, "nothing is published yet");
        return stored_tile(tx, origin, latest->checkpoint.size, tile);
      });
}

}  // namespace echri::exchange
