#include "exchange/inbox.hpp"

#include <algorithm>

#include "exchange/sealed.hpp"

namespace echri::exchange {
namespace {

ReceivedEntry decode(const NodeKeys& keys, const LogOwner& log, std::uint64_t index,
                     const std::string& bytes) {
  ReceivedEntry received;
  received.log = log.origin;
  received.index = index;
  auto entry = parse_entry(bytes);
  if (!entry) {
    received.problem = "the entry does not parse: " + entry.error().describe();
    return received;
  }
  received.entry = std::move(*entry);
  const auto& parsed = received.entry;
  if (parsed.issuer != log.state) {
    received.problem =
        "the entry names " + parsed.issuer + " as its issuer, but the log is " + log.state + "'s";
    return received;
  }
  if (!parsed.is_sealed()) {
    received.readable = true;
    received.kind = parsed.kind;
    received.body = parsed.body;
    return received;
  }
  if (std::find(parsed.audience.begin(), parsed.audience.end(), keys.state) ==
      parsed.audience.end())
    return received;  // for other states: verified, not readable here, and no problem
  auto sealed = sealed_from_json(parsed.sealed, "$.sealed");
  if (!sealed) {
    received.problem = "the sealed content is malformed: " + sealed.error().describe();
    return received;
  }
  auto plaintext =
      open_sealed(*sealed, keys.state, keys.encryption, entry_header_for_sealing(parsed));
  if (!plaintext) {
    received.problem = "the sealed content does not open: " + plaintext.error().describe();
    return received;
  }
  auto content = parse_sealed_plaintext(*plaintext);
  if (!content) {
    received.problem = "the sealed content does not parse: " + content.error().describe();
    return received;
  }
  received.readable = true;
  received.kind = content->first;
  received.body = std::move(content->second);
  return received;
}

}  // namespace

Result<std::vector<ReceivedEntry>> read_entries(store::Transaction& tx, const NodeKeys& keys,
                                                const LogOwner& log, std::uint64_t first,
                                                std::size_t count) {
  ECHRI_ASSIGN_OR_RETURN(const auto stored, tx.log_entries(log.origin, first, count));
  std::vector<ReceivedEntry> out;
  out.reserve(stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i)
    out.push_back(decode(keys, log, first + i, stored[i]));
  return out;
}

Result<std::vector<ReceivedEntry>> read_all_entries(store::Transaction& tx, const NodeKeys& keys,
                                                    std::span<const LogOwner> logs) {
  std::vector<ReceivedEntry> out;
  for (const auto& log : logs) {
    ECHRI_ASSIGN_OR_RETURN(const auto extent, tx.log_extent(log.origin));
    ECHRI_ASSIGN_OR_RETURN(auto entries, read_entries(tx, keys, log, 0, extent.entries));
    std::move(entries.begin(), entries.end(), std::back_inserter(out));
  }
  return out;
}

}  // namespace echri::exchange
