#pragma once
// The screening index saved as a binary file beside the imported lists
// (<data-dir>/lists/screening.index), so that a command answers without preparing every listed
// name again: the file is mapped and its tables are used where they lie.
//
// The file names what it was built from (its fingerprint): the snapshot format, a digest of how
// this build prepares a set of probe names in every script it handles, and each list's id and
// content version. A snapshot whose fingerprint differs from the current one is stale and is
// rebuilt, so neither a new list version nor a new release of the name model is ever screened
// against an old index. A file that is cut short, from another format, or corrupt is refused
// with an error and rebuilt; nothing is read out of its bounds.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "screening/list_store.hpp"
#include "screening/screening_index.hpp"

namespace echri::screening {

inline constexpr std::string_view kIndexSnapshotFile = "screening.index";

std::filesystem::path index_snapshot_path(const std::filesystem::path& data_dir);

// What an index of these lists, built by this program, is identified by.
std::string index_fingerprint(const std::vector<ListVersion>& lists);

// Writes the snapshot atomically (temporary file, sync, rename).
Result<void> write_index_snapshot(const ScreeningIndex& index, const std::string& fingerprint,
                                  const std::filesystem::path& file);

// Maps the snapshot. Fails with not_found when there is none, `stale` when its fingerprint is
// not `fingerprint`, invalid_input when the file is not a whole, well-formed snapshot.
Result<ScreeningIndex> read_index_snapshot(const std::filesystem::path& file,
                                           const std::string& fingerprint);

struct ListIndex {
  ScreeningIndex index;
  std::vector<ListVersion> lists;  // what the index holds, by list id
  bool from_snapshot = false;
  // Why the snapshot was not used ("no snapshot yet", "stale: ..."); empty when it was.
  std::string rebuilt_because;
};

// The index of every imported list: the snapshot when it is current, else built from the lists,
// and the snapshot written for the next command. Writing is best effort: a read-only data
// directory still screens. Fails with not_found when no list has been imported.
Result<ListIndex> load_list_index(const std::filesystem::path& data_dir);

// Builds the index of the imported lists and writes its snapshot, as `lists import` does.
Result<ListIndex> rebuild_list_index(const std::filesystem::path& data_dir);

}  // namespace echri::screening
