#pragma once
// File helpers for the modules' data stores: whole-file reads, and replacement that is atomic
// and durable (temporary file, fsync, rename, directory fsync), so a crash or a failed import
// never leaves a half-written file in place.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace echri::core {

Result<std::string> read_text_file(const std::filesystem::path& path);

// Creates `path` (which must not exist), writes `content` and syncs it.
Result<void> write_synced(const std::filesystem::path& path, const std::string& content);

// Keeps the first `keep` bytes of `path` (created if absent), cuts off whatever follows, appends
// `content` and syncs: a log that records how far it is valid grows without ever keeping what a
// crash left after that point.
Result<void> append_synced(const std::filesystem::path& path, std::uint64_t keep,
                           std::string_view content);

// Makes renames in `dir` durable. Best effort: a failure here cannot undo them.
void sync_directory(const std::filesystem::path& dir);

// A temporary name beside `target`, unique within this machine: ".<name>.tmp.<pid>.<n>".
std::filesystem::path temporary_sibling(const std::filesystem::path& target);

// Writes `content` to a temporary sibling, syncs it and renames it over `target`; creates the
// parent folder. On failure the old file is untouched and the temporary file is removed.
Result<void> replace_file_atomically(const std::filesystem::path& target,
                                     const std::string& content);

// Now in UTC: "2026-11-22T10:00:00Z", and the date alone "2026-11-22".
std::string utc_timestamp();
std::string utc_date();

}  // namespace echri::core
