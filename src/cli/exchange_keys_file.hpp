#pragma once
// The node's exchange key file (exchange/node_keys.hpp's private text): where it lives, creating
// it once with owner-only permissions, and reading it. Shared by `echri exchange` and `echri
// serve`.

#include <filesystem>
#include <optional>
#include <string>

#include "cli/context.hpp"
#include "core/result.hpp"
#include "exchange/node_keys.hpp"

namespace echri::cli {

// --keys as given, else <data dir>/exchange.keys.
std::filesystem::path exchange_keys_path(const Context& context, const std::string& option);

// Writes new keys to `path`, which must not exist (conflict otherwise: keys are never replaced
// by accident), readable and writable by the owner only.
Result<exchange::NodeKeys> create_exchange_keys(const std::filesystem::path& path,
                                                const std::string& origin,
                                                const std::string& state);

// not_found naming the file and the command that creates it when there is none.
Result<exchange::NodeKeys> load_exchange_keys(const std::filesystem::path& path);

}  // namespace echri::cli
