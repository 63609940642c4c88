#pragma once
// Imported lists under <data-dir>/lists/: one snapshot per list, replaced atomically, so a failed
// import leaves the previous version active. Also the diff between two versions of a list.

#include <filesystem>
#include <string>
#include <vector>

#include "core/entity.hpp"
#include "core/result.hpp"
#include "screening/list_format.hpp"

namespace echri::screening {

struct ListVersion {
  std::string list_id;
  std::string title;
  std::string format;       // to_string(ListFormat)
  std::string version;      // "sha256:<hex>" of the canonical entity content
  std::string imported_at;  // UTC, "2026-11-22T10:00:00Z"
  std::string published;    // as stated by the source, may be empty
  std::size_t entity_count = 0;
  std::vector<std::string> source_files;
};

class ListStore {
 public:
  explicit ListStore(const std::filesystem::path& data_dir);

  // Writes the snapshot to a temporary file, syncs it, then renames it over the old one.
  Result<ListVersion> save(const ParsedList& list);
  // Saves several lists as one step: every snapshot is written and synced before any replaces its
  // predecessor, so a failure while writing leaves all previous versions in place.
  Result<std::vector<ListVersion>> save_all(const std::vector<ParsedList>& lists);
  // Every imported list's version, sorted by list id. No lists is an empty vector, not an error.
  Result<std::vector<ListVersion>> status() const;
  Result<std::vector<core::ListedEntity>> load(const std::string& list_id) const;
  // All entities of all imported lists, in list-id order.
  Result<std::vector<core::ListedEntity>> load_all() const;

 private:
  std::filesystem::path lists_dir_;
};

// "sha256:<hex>" over the canonical JSON of the entities, independent of their order in the file.
std::string content_version(const std::vector<core::ListedEntity>& entities);

struct EntityChange {
  core::ListedEntity before;
  core::ListedEntity after;
  std::vector<std::string> changed_fields;  // "name", "aliases", "addresses", ...
};

struct ListDiff {
  std::vector<core::ListedEntity> added;
  std::vector<core::ListedEntity> removed;
  std::vector<EntityChange> changed;
};

// Entities are keyed by (list, source_id). Pure.
ListDiff diff_lists(const std::vector<core::ListedEntity>& before,
                    const std::vector<core::ListedEntity>& after);

}  // namespace echri::screening
