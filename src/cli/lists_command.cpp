// `echri lists import|status|diff|update`: the restricted-party lists on this node.

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/entity_json.hpp"
#include "screening/index_snapshot.hpp"
#include "screening/list_download.hpp"
#include "screening/list_format.hpp"
#include "screening/list_store.hpp"

namespace echri::cli {
namespace {

using nlohmann::json;

// "sha256:0123456789abcdef..." -> "0123456789ab": enough to tell versions apart in a table.
std::string short_version(const std::string& version) {
  const auto colon = version.find(':');
  const std::string hex = colon == std::string::npos ? version : version.substr(colon + 1);
  return hex.substr(0, 12);
}

void print_saved(Context& context, const std::vector<screening::ListVersion>& versions) {
  for (const auto& version : versions) {
    *context.out << "imported " << version.list_id << ": " << version.entity_count
                 << " entities, version " << version.version << "\n";
  }
}

// Saves the parsed lists (all or nothing) and writes the index snapshot that the screening
// commands map, so that the first screen after an import is as quick as any other.
int save_and_index(Context& context, const std::vector<screening::ParsedList>& lists) {
  screening::ListStore store(context.data_dir());
  auto saved = store.save_all(lists);
  if (!saved) return report_error(context, saved.error(), kExitFailure);
  print_saved(context, *saved);
  auto indexed = screening::rebuild_list_index(context.data_dir());
  if (!indexed) {
    // The lists are in place; the next screening command builds the index itself.
    *context.err << "echri: warning: the index snapshot was not written: "
                 << indexed.error().describe() << "\n";
    return kExitOk;
  }
  const auto stats = indexed->index.stats();
  *context.out << "indexed " << stats.names << " names of " << stats.entities << " entities in "
               << screening::index_snapshot_path(context.data_dir()).string() << "\n";
  return kExitOk;
}

// Parses everything first and saves only when every file parsed: all or nothing.
int import_files(Context& context, const std::vector<std::filesystem::path>& paths,
                 screening::ListFormat format) {
  auto lists = screening::parse_list_files(paths, format);
  if (!lists) return report_error(context, lists.error(), kExitFailure);
  return save_and_index(context, *lists);
}

struct ImportOptions {
  std::vector<std::string> paths;
  std::string format = "auto";
};

int run_import(Context& context, const ImportOptions& options) {
  const auto format = screening::parse_list_format(options.format);
  if (!format) {
    *context.err << "echri: unknown format '" << options.format << "'\n";
    return kExitUsage;
  }
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  return import_files(context, paths, *format);
}

struct StatusOptions {
  bool json = false;
};

int run_status(Context& context, const StatusOptions& options) {
  screening::ListStore store(context.data_dir());
  auto versions = store.status();
  if (!versions) return report_error(context, versions.error(), kExitFailure);
  if (options.json) {
    json out = json::array();
    for (const auto& v : *versions) {
      out.push_back({{"list_id", v.list_id},
                     {"title", v.title},
                     {"format", v.format},
                     {"entities", v.entity_count},
                     {"version", v.version},
                     {"imported_at", v.imported_at},
                     {"published", v.published},
                     {"source_files", v.source_files}});
    }
    *context.out << out.dump(2) << "\n";
    return versions->empty() ? kExitNotFound : kExitOk;
  }
  if (versions->empty()) {
    *context.err << "echri: no lists imported in " << (context.data_dir() / "lists").string()
                 << "; run `echri lists import FILE...` or `echri lists update`\n";
    return kExitNotFound;
  }
  std::vector<std::vector<std::string>> rows{
      {"LIST", "TITLE", "ENTITIES", "VERSION", "IMPORTED", "PUBLISHED"}};
  for (const auto& v : *versions) {
    rows.push_back({v.list_id, v.title, std::to_string(v.entity_count), short_version(v.version),
                    v.imported_at, v.published.empty() ? "-" : v.published});
  }
  print_table(*context.out, rows);
  return kExitOk;
}

struct DiffOptions {
  std::string old_side;
  std::string new_side;
  bool json = false;
};

// A diff operand is a list file (parsed, format detected) or the id of an imported list.
Result<std::vector<core::ListedEntity>> load_operand(Context& context, const std::string& operand) {
  std::error_code code;
  if (std::filesystem::is_regular_file(operand, code)) {
    auto lists = screening::parse_list_files({operand}, screening::ListFormat::auto_detect);
    if (!lists) return tl::unexpected(lists.error());
    std::vector<core::ListedEntity> entities;
    for (auto& list : *lists) {
      entities.insert(entities.end(), std::make_move_iterator(list.entities.begin()),
                      std::make_move_iterator(list.entities.end()));
    }
    return entities;
  }
  screening::ListStore store(context.data_dir());
  auto entities = store.load(operand);
  if (!entities && entities.error().kind == ErrorKind::not_found)
    return fail(ErrorKind::not_found, "neither a list file nor the id of an imported list",
                operand);
  return entities;
}

json brief(const core::ListedEntity& entity) {
  return {{"list", entity.list}, {"source_id", entity.source_id}, {"name", entity.name}};
}

int run_diff(Context& context, const DiffOptions& options) {
  auto before = load_operand(context, options.old_side);
  if (!before)
    return report_error(context, before.error(),
                        before.error().kind == ErrorKind::not_found ? kExitNotFound : kExitFailure);
  auto after = load_operand(context, options.new_side);
  if (!after)
    return report_error(context, after.error(),
                        after.error().kind == ErrorKind::not_found ? kExitNotFound : kExitFailure);
  const auto diff = screening::diff_lists(*before, *after);
  const std::size_t unchanged = after->size() - diff.added.size() - diff.changed.size();
  if (options.json) {
    json out = {{"counts",
                 {{"added", diff.added.size()},
                  {"removed", diff.removed.size()},
                  {"changed", diff.changed.size()},
                  {"unchanged", unchanged}}},
                {"added", json::array()},
                {"removed", json::array()},
                {"changed", json::array()}};
    for (const auto& e : diff.added) out["added"].push_back(core::to_json(e));
    for (const auto& e : diff.removed) out["removed"].push_back(core::to_json(e));
    for (const auto& change : diff.changed) {
      json item = brief(change.after);
      item["changed_fields"] = change.changed_fields;
      item["before"] = core::to_json(change.before);
      item["after"] = core::to_json(change.after);
      out["changed"].push_back(std::move(item));
    }
    *context.out << out.dump(2) << "\n";
    return kExitOk;
  }
  auto& out = *context.out;
  out << diff.added.size() << " added, " << diff.removed.size() << " removed, "
      << diff.changed.size() << " changed, " << unchanged << " unchanged\n";
  for (const auto& e : diff.added) out << "+ " << e.source_id << "  " << e.name << "\n";
  for (const auto& e : diff.removed) out << "- " << e.source_id << "  " << e.name << "\n";
  for (const auto& change : diff.changed) {
    out << "~ " << change.after.source_id << "  " << change.after.name << "  (";
    for (std::size_t i = 0; i < change.changed_fields.size(); ++i)
      out << (i == 0 ? "" : ", ") << change.changed_fields[i];
    out << ")\n";
  }
  return kExitOk;
}

struct UpdateOptions {
  std::vector<std::string> lists;
  std::vector<std::string> urls;  // ID=URL
  std::string config;
};

// A folder under the data directory for the downloads, removed with everything in it.
class DownloadFolder {
 public:
  explicit DownloadFolder(const std::filesystem::path& data_dir)
      : path_(data_dir / "tmp" /
              ("update-" + std::to_string(::getpid()) + "-" + std::to_string(std::time(nullptr)))) {
  }
  ~DownloadFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  DownloadFolder(const DownloadFolder&) = delete;
  DownloadFolder& operator=(const DownloadFolder&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The config file: {"lists": ["un-sc", ...], "urls": {"un-sc": "https://...", ...}}, both optional.
Result<void> read_update_config(const std::string& file, std::vector<std::string>& lists,
                                std::vector<std::pair<std::string, std::string>>& urls) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, "cannot open the config file", file);
  json config;
  try {
    config = json::parse(in);
  } catch (const json::parse_error& error) {
    return fail(ErrorKind::invalid_input, std::string("invalid JSON: ") + error.what(), file);
  }
  if (!config.is_object())
    return fail(ErrorKind::invalid_input, "expected an object", file + ": $");
  if (config.contains("lists")) {
    const auto& items = config.at("lists");
    if (!items.is_array())
      return fail(ErrorKind::invalid_input, "expected an array of list ids", file + ": $.lists");
    for (const auto& item : items) {
      if (!item.is_string())
        return fail(ErrorKind::invalid_input, "expected a list id", file + ": $.lists");
      lists.push_back(item.get<std::string>());
    }
  }
  if (config.contains("urls")) {
    const auto& items = config.at("urls");
    if (!items.is_object())
      return fail(ErrorKind::invalid_input, "expected an object of id: URL", file + ": $.urls");
    for (const auto& [id, url] : items.items()) {
      if (!url.is_string())
        return fail(ErrorKind::invalid_input, "expected a URL string", file + ": $.urls." += id);
      urls.emplace_back(id, url.get<std::string>());
    }
  }
  return {};
}

int run_update(Context& context, const UpdateOptions& options) {
  std::vector<std::string> wanted;
  std::vector<std::pair<std::string, std::string>> urls;
  if (!options.config.empty()) {
    if (auto read = read_update_config(options.config, wanted, urls); !read)
      return report_error(context, read.error(), kExitFailure);
  }
  // The command line wins over the config file.
  if (!options.lists.empty()) wanted = options.lists;
  for (const auto& pair : options.urls) {
    const auto equals = pair.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == pair.size()) {
      *context.err << "echri: --url expects ID=URL, got '" << pair << "'\n";
      return kExitUsage;
    }
    urls.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
  }
  std::vector<screening::ListSource> sources;
  if (wanted.empty()) {
    for (const auto& source : screening::known_list_sources())
      if (source.updated_by_default) sources.push_back(source);
  } else {
    for (const auto& id : wanted) {
      auto source = screening::find_list_source(id);
      if (!source) {
        *context.err << "echri: unknown list id '" << id << "' (known:";
        for (const auto& known : screening::known_list_sources())
          *context.err << " " << known.list_id;
        *context.err << ")\n";
        return kExitUsage;
      }
      if (std::none_of(sources.begin(), sources.end(),
                       [&](const auto& s) { return s.list_id == id; }))
        sources.push_back(*source);
    }
  }
  for (const auto& [id, url] : urls) {
    const std::string& url_list = id;  // clang 14 cannot capture a structured binding
    const auto it = std::find_if(sources.begin(), sources.end(),
                                 [&](const auto& s) { return s.list_id == url_list; });
    if (it == sources.end()) {
      if (!screening::find_list_source(id)) {
        *context.err << "echri: --url names unknown list id '" << id << "'\n";
        return kExitUsage;
      }
      continue;  // a URL for a list that is not being updated this time
    }
    it->url = url;
  }

  DownloadFolder folder(context.data_dir());
  std::vector<screening::ParsedList> lists;
  for (const auto& source : sources) {
    *context.out << "downloading " << source.list_id << " from " << source.url << "\n";
    auto primary = screening::download_list(source, folder.path() / source.list_id);
    if (!primary) return report_error(context, primary.error(), kExitFailure);
    auto parsed = screening::parse_list_files({*primary}, source.format);
    if (!parsed) return report_error(context, parsed.error(), kExitFailure);
    for (auto& list : *parsed) {
      // The downloaded files are deleted: the status names where the list came from.
      list.source_files.clear();
      for (const auto& url : screening::source_urls(source)) list.source_files.emplace_back(url);
      lists.push_back(std::move(list));
    }
  }
  return save_and_index(context, lists);
}

}  // namespace

void add_lists_commands(CLI::App& app, Context& context) {
  auto* lists = app.add_subcommand("lists", "Import, update and inspect restricted-party lists");
  lists->require_subcommand(1);

  auto import_options = std::make_shared<ImportOptions>();
  auto* import = lists->add_subcommand(
      "import", "Import list files in their official formats; all or nothing");
  import
      ->add_option("paths", import_options->paths,
                   "List files (an OFAC set is named by sdn.csv or cons_prim.csv)")
      ->required();
  import
      ->add_option("--format", import_options->format,
                   "auto, ofac-csv, csl-csv, csl-json, un-xml, eu-xml, uk-csv or dpl-tsv")
      ->check(CLI::IsMember(std::vector<std::string>{"auto", "ofac-csv", "csl-csv", "csl-json",
                                                     "un-xml", "eu-xml", "uk-csv", "dpl-tsv"}));
  import->callback([&context, import_options]() {
    context.exit_code = run_import(context, *import_options);
});

auto status_options = std::make_shared<StatusOptions>();
auto* status = lists->add_subcommand("status", "Show the imported lists and their versions");
status->add_flag("--json", status_options->json, "Print JSON");
status->callback([&context, status_options]() {
  context.exit_code = run_status(context, *status_options);
});

auto diff_options = std::make_shared<DiffOptions>();
auto* diff = lists->add_subcommand(
    "diff", "Compare two versions of a list: each a list file or an imported list id");
diff->add_option("old", diff_options->old_side, "Old version: file or list id")->required();
diff->add_option("new", diff_options->new_side, "New version: file or list id")->required();
diff->add_flag("--json", diff_options->json, "Print JSON");
diff->callback([&context, diff_options]() {
  context.exit_code = run_diff(context, *diff_options);
});

auto update_options = std::make_shared<UpdateOptions>();
auto* update = lists->add_subcommand(
    "update", "Download lists from their official URLs and import them; all or nothing");
update->add_option("--list", update_options->lists,
                   "List ids to update (default: us-ofac-sdn us-csl un-sc eu-fsf uk-ofsi)");
update->add_option("--url", update_options->urls, "Override a download URL: ID=URL");
update->add_option("--config", update_options->config,
                   "JSON file: {\"lists\": [ids], \"urls\": {\"id\": \"url\"}}");
update->callback([&context, update_options]() {
  context.exit_code = run_update(context, *update_options);
});
}  // namespace echri::cli

}  // namespace echri::cli
