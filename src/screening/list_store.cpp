#include "screening/list_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <unordered_map>

#include "core/digest.hpp"
#include "core/entity_json.hpp"
#include "core/file_io.hpp"

namespace echri::screening {
namespace {

using nlohmann::json;

constexpr int kSchema = 1;

// List ids become file names: keep them to a safe alphabet.
bool valid_list_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '.' || id.front() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// Canonical form of each entity: nlohmann's dump, whose object keys are sorted.
std::vector<std::string> canonical_dumps(const std::vector<core::ListedEntity>& entities) {
  std::vector<std::string> dumps;
  dumps.reserve(entities.size());
  for (const auto& entity : entities) dumps.push_back(core::to_json(entity).dump());
  return dumps;
}

std::string version_of(const std::vector<core::ListedEntity>& entities,
                       const std::vector<std::string>& dumps) {
  std::vector<std::size_t> order(entities.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (entities[a].source_id != entities[b].source_id)
      return entities[a].source_id < entities[b].source_id;
    return dumps[a] < dumps[b];
  });
  core::Sha256 hash;
  for (const std::size_t i : order) hash.update(dumps[i]).update("\n");
  return "sha256:" + hash.hex_digest();
}

json meta_json(const ListVersion& version) {
  return json{{"schema", kSchema},
              {"list_id", version.list_id},
              {"title", version.title},
              {"format", version.format},
              {"version", version.version},
              {"imported_at", version.imported_at},
              {"published", version.published},
              {"entity_count", version.entity_count},
              {"source_files", version.source_files}};
}

Result<ListVersion> meta_from_json(const json& meta, const std::string& where) {
  try {
    ListVersion version;
    version.list_id = meta.at("list_id").get<std::string>();
    version.title = meta.value("title", "");
    version.format = meta.value("format", "");
    version.version = meta.at("version").get<std::string>();
    version.imported_at = meta.value("imported_at", "");
    version.published = meta.value("published", "");
    version.entity_count = meta.at("entity_count").get<std::size_t>();
    version.source_files = meta.value("source_files", std::vector<std::string>{});
    return version;
  } catch (const json::exception& error) {
    return fail(ErrorKind::invalid_input, std::string("bad snapshot metadata: ") + error.what(),
                where + ": $.meta");
  }
}

// Writes everything, then syncs; the file is complete on disk when this returns without error.
std::vector<std::string> changed_fields(const core::ListedEntity& a, const core::ListedEntity& b) {
  std::vector<std::string> fields;
  const auto check = [&](const char* name, bool same) {
    if (!same) fields.emplace_back(name);
  };
  check("type", a.type == b.type);
  check("list_section", a.list_section == b.list_section);
  check("name", a.name == b.name);
  check("aliases", a.aliases == b.aliases);
  check("addresses", a.addresses == b.addresses);
  check("countries", a.countries == b.countries);
  check("dates_of_birth", a.dates_of_birth == b.dates_of_birth);
  check("identifiers", a.identifiers == b.identifiers);
  check("programs", a.programs == b.programs);
  check("remarks", a.remarks == b.remarks);
  check("listed_on", a.listed_on == b.listed_on);
  check("source_url", a.source_url == b.source_url);
  return fields;
}

}  // namespace

std::string content_version(const std::vector<core::ListedEntity>& entities) {
  return version_of(entities, canonical_dumps(entities));
}

ListStore::ListStore(const std::filesystem::path& data_dir) : lists_dir_(data_dir / "lists") {}

Result<ListVersion> ListStore::save(const ParsedList& list) {
  auto saved = save_all({list});
  if (!saved) return tl::unexpected(saved.error());
  return saved->front();
}

Result<std::vector<ListVersion>> ListStore::save_all(const std::vector<ParsedList>& lists) {
  std::error_code code;
  std::filesystem::create_directories(lists_dir_, code);
  if (code)
    return fail(ErrorKind::io, "cannot create the lists folder: " + code.message(),
                lists_dir_.string());

  struct Staged {
    std::filesystem::path temp;
    std::filesystem::path target;
  };
  std::vector<Staged> staged;
  // Removes the temporary files that were not renamed, whatever way this function returns.
  struct Cleanup {
    std::vector<Staged>& staged;
    ~Cleanup() {
      std::error_code ignored;
      for (const auto& s : staged) std::filesystem::remove(s.temp, ignored);
    }
  } cleanup{staged};

  std::vector<ListVersion> versions;
  const std::string now = core::utc_timestamp();
  for (const auto& list : lists) {
    if (!valid_list_id(list.list_id))
      return fail(ErrorKind::invalid_input, "invalid list id '" + list.list_id + "'");
    const auto dumps = canonical_dumps(list.entities);
    ListVersion version;
    version.list_id = list.list_id;
    version.title = list.title;
    version.format = std::string(to_string(list.format));
    version.version = version_of(list.entities, dumps);
    version.imported_at = now;
    version.published = list.published;
    version.entity_count = list.entities.size();
    for (const auto& file : list.source_files) {
      // Absolute, so that the status means the same from any working directory; URLs as given.
      const std::string text = file.string();
      version.source_files.push_back(
          text.find("://") != std::string::npos || file.is_absolute()
              ? text
              : std::filesystem::absolute(file).lexically_normal().string());
    }

    // Metadata first, so that a reader of the status needs only the head of the file.
    std::string content = "{\"meta\":" + meta_json(version).dump() + ",\n\"entities\":[\n";
    std::size_t total = content.size();
    for (const auto& dump : dumps) total += dump.size() + 2;
    content.reserve(total + 4);
    for (std::size_t i = 0; i < dumps.size(); ++i) {
      content += dumps[i];
      content += i + 1 < dumps.size() ? ",\n" : "\n";
    }
    content += "]}\n";

    const auto target = lists_dir_ / (list.list_id + ".json");
    Staged stage{core::temporary_sibling(target), target};
    staged.push_back(stage);
    if (auto written = core::write_synced(stage.temp, content); !written)
      return tl::unexpected(written.error());
    versions.push_back(std::move(version));
  }
  for (auto it = staged.begin(); it != staged.end();) {
    if (::rename(it->temp.c_str(), it->target.c_str()) != 0)
      return fail(ErrorKind::io,
                  std::string("cannot replace the snapshot: ") + std::strerror(errno),
                  it->target.string());
    it = staged.erase(it);
  }
  core::sync_directory(lists_dir_);
  return versions;
}

Result<std::vector<ListVersion>> ListStore::status() const {
  std::vector<ListVersion> versions;
  std::error_code code;
  if (!std::filesystem::is_directory(lists_dir_, code)) return versions;
  for (const auto& item : std::filesystem::directory_iterator(lists_dir_, code)) {
    const auto name = item.path().filename().string();
    if (name.starts_with('.') || item.path().extension() != ".json") continue;
    std::ifstream in(item.path(), std::ios::binary);
    if (!in) return fail(ErrorKind::io, "cannot open", item.path().string());
    json document;
    // save_all writes the metadata alone on the first line: reading it alone keeps the status
    // (which every screening command checks) from scanning megabytes of entities.
    std::string head;
    std::getline(in, head);
    if (head.starts_with("{\"meta\":") && head.ends_with(",")) {
      document = json::object();
      document["meta"] = json::parse(std::string_view(head).substr(8, head.size() - 9), nullptr,
                                     /*allow_exceptions=*/false);
      if (document["meta"].is_discarded()) document = json();
    }
    if (document.is_null()) {
      in.clear();
      in.seekg(0);
      // Skips the entities without building them.
      const json::parser_callback_t skip_entities = [](int depth, json::parse_event_t event,
                                                       json& parsed) {
        return !(depth == 1 && event == json::parse_event_t::key && parsed == "entities");
      };
      try {
        document = json::parse(in, skip_entities);
      } catch (const json::exception& error) {
        return fail(ErrorKind::invalid_input, std::string("bad snapshot: ") + error.what(),
                    item.path().string());
      }
    }
    if (!document.is_object() || !document.contains("meta"))
      return fail(ErrorKind::invalid_input, "bad snapshot: no meta object", item.path().string());
    auto version = meta_from_json(document.at("meta"), item.path().string());
    if (!version) return tl::unexpected(version.error());
    versions.push_back(std::move(*version));
  }
  if (code)
    return fail(ErrorKind::io, "cannot list the lists folder: " + code.message(),
                lists_dir_.string());
  std::sort(versions.begin(), versions.end(),
            [](const ListVersion& a, const ListVersion& b) { return a.list_id < b.list_id; });
  return versions;
}

Result<std::vector<core::ListedEntity>> ListStore::load(const std::string& list_id) const {
  if (!valid_list_id(list_id))
    return fail(ErrorKind::not_found, "no imported list '" + list_id + "'");
  const auto path = lists_dir_ / (list_id + ".json");
  std::error_code code;
  if (!std::filesystem::is_regular_file(path, code))
    return fail(ErrorKind::not_found, "no imported list '" + list_id + "'", path.string());
  auto text = core::read_text_file(path);
  if (!text) return tl::unexpected(text.error());
  json document;
  try {
    document = json::parse(*text);
  } catch (const json::exception& error) {
    return fail(ErrorKind::invalid_input, std::string("bad snapshot: ") + error.what(),
                path.string());
  }
  if (!document.is_object() || !document.contains("entities") ||
      !document.at("entities").is_array())
    return fail(ErrorKind::invalid_input, "bad snapshot: no entities array", path.string());
  const auto& items = document.at("entities");
  std::vector<core::ListedEntity> entities;
  entities.reserve(items.size());
  const std::string where = path.string() + ": $.entities[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto entity = core::entity_from_json(items[i], where + std::to_string(i) + "]");
    if (!entity) return tl::unexpected(entity.error());
    entities.push_back(std::move(*entity));
  }
  return entities;
}

Result<std::vector<core::ListedEntity>> ListStore::load_all() const {
  auto versions = status();
  if (!versions) return tl::unexpected(versions.error());
  std::vector<core::ListedEntity> all;
  for (const auto& version : *versions) {
    auto entities = load(version.list_id);
    if (!entities) return tl::unexpected(entities.error());
    all.insert(all.end(), std::make_move_iterator(entities->begin()),
               std::make_move_iterator(entities->end()));
  }
  return all;
}

ListDiff diff_lists(const std::vector<core::ListedEntity>& before,
                    const std::vector<core::ListedEntity>& after) {
  const auto key = [](const core::ListedEntity& e) { return e.list + '\x1f' + e.source_id; };
  std::unordered_map<std::string, const core::ListedEntity*> old_by_key;
  old_by_key.reserve(before.size());
  for (const auto& entity : before) old_by_key.emplace(key(entity), &entity);

  ListDiff diff;
  std::unordered_map<std::string, bool> seen;
  seen.reserve(after.size());
  for (const auto& entity : after) {
    const std::string k = key(entity);
    seen.emplace(k, true);
    const auto it = old_by_key.find(k);
    if (it == old_by_key.end()) {
      diff.added.push_back(entity);
    } else if (!(*it->second == entity)) {
      diff.changed.push_back(
          EntityChange{*it->second, entity, changed_fields(*it->second, entity)});
    }
  }
  for (const auto& entity : before) {
    if (!seen.contains(key(entity))) diff.removed.push_back(entity);
  }
  return diff;
}

}  // namespace echri::screening
