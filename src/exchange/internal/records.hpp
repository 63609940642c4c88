#pragma once
// Internal to exchange/: the node's exchange state kept as store records (checkpoints, peers'
// verified heads, witness memory, alerts), each write with its audit record in the same unit.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "exchange/actor.hpp"
#include "store/store.hpp"

namespace echri::exchange::internal {

// The record's body as JSON, or nullopt when there is no such record.
std::optional<nlohmann::json> read_body(store::Transaction& tx, std::string_view kind,
                                        std::string_view id);

// Inserts or replaces the record `kind`/`id` with `body` and appends the audit record for
// `action`. Throws echri::Failure when the store refuses either.
void write_body(store::Transaction& tx, const Actor& actor, std::string_view action,
                std::string_view kind, std::string_view id, const nlohmann::json& body,
                const nlohmann::json& detail, std::string_view state = {});

}  // namespace echri::exchange::internal
