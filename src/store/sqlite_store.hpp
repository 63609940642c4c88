#pragma once
// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged write
// survives a killed process or a power cut. Connections are pooled (one per concurrent caller,
// each with its own prepared statements); readers run in parallel on WAL snapshots, writers take
// the write lock up front (BEGIN IMMEDIATE) one at a time.

#include <filesystem>
#include <memory>

#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::store {

// Creates the file and its folder when absent; applies migrations when options.migrate. The
// returned store also implements dump.hpp's Dumpable.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path,
                                                 StoreOptions options);

}  // namespace echri::store
