#pragma once
// The embedded database: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged
// write survives a killed process or a power cut. Connections are pooled (one per concurrent
// caller, each with its own prepared statements); readers run in parallel on WAL snapshots,
// writers queue on a mutex in this process and take the write lock up front (BEGIN IMMEDIATE)
// against other processes. Private to store/.

#include <filesystem>
#include <memory>

#include "core/result.hpp"
#include "store/internal/driver.hpp"

namespace echri::store::internal {

// With `create_if_missing`, creates the file's folder and the file when absent; without it, a
// missing file is not_found (naming the path) and nothing is created.
Result<std::unique_ptr<Driver>> open_sqlite_driver(const std::filesystem::path& path,
                                                   bool create_if_missing);

}  // namespace echri::store::internal
