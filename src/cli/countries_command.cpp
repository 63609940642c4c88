// `echri countries import|show|assess|status`: the human-rights indicators of destination
// countries and the authority's own assessments.

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "assessment/country_import.hpp"
#include "assessment/country_json.hpp"
#include "assessment/country_store.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/calendar.hpp"
#include "core/country.hpp"
#include "core/file_io.hpp"
#include "core/text_util.hpp"

namespace echri::cli {
namespace {

using assessment::CountryData;
using assessment::CountryProfile;
using assessment::ImportedIndicators;
using assessment::IndicatorSource;
using nlohmann::ordered_json;

// The staleness limit of `show`; the default policy uses the same, an assessment passes its own.
constexpr int kDefaultMaxAgeYears = 3;

struct SourceInfo {
  std::string_view id;
  std::string_view name;
  std::string_view example;  // what to import
};

constexpr SourceInfo kSources[] = {
    {"pts", "Political Terror Scale", "the PTS CSV from politicalterrorscale.org"},
    {"fiw", "Freedom in the World", "Freedom House's all-data CSV"},
    {"authority", "Authority assessments", "an authority JSON, or `echri countries assess`"},
};

// Indented JSON and a newline. Names and reasons typed on a command line need not be UTF-8:
// invalid bytes print as U+FFFD rather than abort the command.
std::string pretty(const ordered_json& json) {
  return json.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

int exit_code_for(const Error& error) {
  return error.kind == ErrorKind::not_found ? kExitNotFound : kExitFailure;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const auto& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

std::string years_of(const IndicatorSource& source) {
  if (source.first_year == 0) return "-";
  if (source.first_year == source.last_year) return std::to_string(source.first_year);
  return std::to_string(source.first_year) + "-" + std::to_string(source.last_year);
}

// ---- import ----------------------------------------------------------------------------------

struct ImportOptions {
  std::vector<std::string> paths;
  std::string format = "auto";
};

Result<ImportedIndicators> parse_path(const std::string& path,
                                      std::optional<assessment::CountryFormat> format) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return fail(ErrorKind::not_found, "no such file", path);
  auto content = core::read_text_file(path);
  if (!content) return tl::unexpected(content.error());
  if (!format) {
    auto detected = assessment::detect_country_format(*content, path);
    if (!detected) return tl::unexpected(detected.error());
    format = *detected;
  }
  return assessment::parse_country_file(*content, path, *format);
}

// Every file is parsed before anything is written: one bad file imports nothing.
Result<std::vector<ImportedIndicators>> parse_all(const std::vector<std::string>& paths,
                                                  std::optional<assessment::CountryFormat> format) {
  std::vector<ImportedIndicators> imports;
  for (const auto& path : paths) {
    auto imported = parse_path(path, format);
    if (!imported) return tl::unexpected(imported.error());
    for (const auto& earlier : imports)
      if (earlier.source.id == imported->source.id)
        return fail(ErrorKind::invalid_input,
                    "a second file for " + imported->source.id + " (the first is " +
                        earlier.source.files.front() + "); import one file per source",
                    path);
    imports.push_back(std::move(*imported));
  }
  return imports;
}

std::string what_was_imported(const IndicatorSource& source) {
  const std::string count = std::to_string(source.records);
  if (source.id == "pts") return count + " country-years, years " + years_of(source);
  if (source.id == "fiw") {
    const std::string data_years =
        source.first_year == 0
            ? "-"
            : std::to_string(source.first_year - 1) + "-" + std::to_string(source.last_year - 1);
    return count + " country-editions, editions " + years_of(source) + " (data years " +
           data_years + ")";
  }
  return count + " assessments, dated " + years_of(source);
}

void print_imported(std::ostream& out, const IndicatorSource& source) {
  out << "imported " << source.title << " from " << join(source.files, ", ") << ": "
      << what_was_imported(source) << "\n";
  if (!source.unresolved.empty())
    out << "  " << source.unresolved.size()
        << " names not resolved to a country, their rows skipped: " << join(source.unresolved, "; ")
        << "\n";
}

// An imported authority file replaces the stored assessments: the countries whose assessment it
// drops, so that the officer sees them go.
std::vector<std::string> dropped_assessments(const std::filesystem::path& data_dir,
                                             const std::vector<ImportedIndicators>& imports) {
  const auto imported = std::find_if(imports.begin(), imports.end(),
                                     [](const auto& i) { return i.source.id == "authority"; });
  if (imported == imports.end()) return {};
  auto held = assessment::CountryStore(data_dir).load();
  if (!held) return {};  // the import replaces a damaged file; nothing to compare with
  std::vector<std::string> dropped;
  for (const auto& old : held->authority_assessments()) {
    const bool kept = std::any_of(imported->authority.begin(), imported->authority.end(),
                                  [&](const auto& a) { return a.country == old.country; });
    if (!kept) dropped.push_back(old.country);
  }
  return dropped;
}

int run_import(Context& context, const ImportOptions& options) {
  std::optional<assessment::CountryFormat> format;
  if (options.format != "auto") {
    format = assessment::parse_country_format(options.format);
    if (!format) {
      *context.err << "echri: unknown format '" << options.format << "'\n";
      return kExitUsage;
    }
  }
  auto imports = parse_all(options.paths, format);
  if (!imports) return report_error(context, imports.error(), exit_code_for(imports.error()));
  const auto dropped = dropped_assessments(context.data_dir(), *imports);
  assessment::CountryStore store(context.data_dir());
  auto saved = store.save_all(*imports);
  if (!saved) return report_error(context, saved.error(), kExitFailure);
  for (const auto& source : *saved) print_imported(*context.out, source);
  if (!dropped.empty())
    *context.out << "note: the stored authority assessments of " << join(dropped, ", ")
                 << " are not in the imported file and were removed\n";
  return kExitOk;
}

// ---- show ------------------------------------------------------------------------------------

struct ShowOptions {
  std::string country;
  bool json = false;
  std::string as_of;
};

std::string level_text(const std::optional<int>& level) {
  return level ? std::to_string(*level) : "no report";
}

std::string status_name(std::string_view status) {
  if (status == "F") return "Free";
  if (status == "PF") return "Partly Free";
  if (status == "NF") return "Not Free";
  return std::string(status);
}

std::string optional_score(const std::optional<int>& score, int of) {
  return score ? std::to_string(*score) + "/" + std::to_string(of) : "-";
}

void print_authority(std::ostream& out, const CountryProfile& profile) {
  if (!profile.authority) {
    out << "Authority assessment: none recorded (record one with `echri countries assess "
        << profile.country.alpha2 << " --level ... --author ... --reason ...`)\n";
    return;
  }
  const auto& authority = *profile.authority;
  out << "Authority assessment: " << assessment::to_string(authority.level)
      << "  (OVERRIDES the indicators below)\n"
      << "  author: " << authority.author << "\n"
      << "  date:   " << authority.date << "\n"
      << "  reason: " << authority.reason << "\n";
}

void print_pts(std::ostream& out, const CountryProfile& profile) {
  if (!profile.pts) {
    out << "Political Terror Scale: no data\n";
    return;
  }
  const auto& pts = *profile.pts;
  out << "Political Terror Scale " << pts.year << ": level " << *pts.worst()
      << " of 5 (Amnesty International " << level_text(pts.amnesty) << ", Human Rights Watch "
      << level_text(pts.human_rights_watch) << ", US State Department "
      << level_text(pts.state_department) << ")" << (profile.pts_stale ? "  STALE" : "")
      << "  [source: pts]\n";
  std::vector<std::string> history;
  for (const auto& record : profile.pts_history)
    history.push_back(std::to_string(record.year) + ": " + std::to_string(*record.worst()));
  out << "  history (worst level): " << join(history, ", ") << "\n";
}

void print_fiw(std::ostream& out, const CountryProfile& profile) {
  if (!profile.fiw) {
    out << "Freedom in the World: no data\n";
    return;
  }
  const auto& fiw = *profile.fiw;
  out << "Freedom in the World " << fiw.edition << " edition (events of " << fiw.data_year()
      << "): " << status_name(fiw.status) << " (" << fiw.status << "), political rights rating "
      << fiw.political_rights_rating << ", civil liberties rating " << fiw.civil_liberties_rating
      << " (1 best, 7 worst); scores: political rights " << optional_score(fiw.political_rights, 40)
      << ", civil liberties " << optional_score(fiw.civil_liberties, 60) << ", total "
      << optional_score(fiw.total, 100) << (profile.fiw_stale ? "  STALE" : "")
      << "  [source: fiw]\n";
}

std::vector<const SourceInfo*> missing_sources(const CountryData& data) {
  std::vector<const SourceInfo*> missing;
  for (const auto& info : kSources)
    if (data.source(info.id) == nullptr) missing.push_back(&info);
  return missing;
}

void print_sources(std::ostream& out, const CountryData& data) {
  const auto missing = missing_sources(data);
  if (!missing.empty()) {
    out << "\nNot imported:\n";
    for (const auto* info : missing)
      out << "  " << info->name << " (" << info->id << "): import " << info->example
          << " with `echri countries import FILE`\n";
  }
  out << "\nSources:\n";
  for (const auto& source : data.sources())
    out << "  " << source.id << ": " << source.citation << " (imported " << source.imported_at
        << ")\n";
}

void print_profile(std::ostream& out, const CountryProfile& profile, const CountryData& data) {
  out << profile.country.name << " (" << profile.country.alpha2 << ", " << profile.country.alpha3
      << "), as of " << profile.as_of << "; data older than " << profile.max_age_years
      << " years is stale\n\n";
  print_authority(out, profile);
  out << "\n";
  print_pts(out, profile);
  print_fiw(out, profile);
  if (!profile.warnings.empty()) {
    out << "\nWarnings:\n";
    for (const auto& warning : profile.warnings) out << "  ! " << warning << "\n";
  }
  print_sources(out, data);
}

ordered_json profile_document(const CountryProfile& profile, const CountryData& data) {
  ordered_json document = assessment::to_json(profile);
  ordered_json sources = ordered_json::array();
  for (const auto& source : data.sources()) sources.push_back(assessment::to_json(source));
  ordered_json missing = ordered_json::array();
  for (const auto* info : missing_sources(data)) missing.push_back(info->id);
  document["sources"] = std::move(sources);
  document["not_imported"] = std::move(missing);
  return document;
}

Result<core::Country> country_named(const std::string& text) {
  if (auto country = core::resolve_country(text)) return *country;
  return fail(ErrorKind::not_found,
              "unknown country '" + text +
                  "' (give an ISO 3166 alpha-2 or alpha-3 code, like EG or EGY, or a name)");
}

int run_show(Context& context, const ShowOptions& options) {
  const std::string as_of = options.as_of.empty() ? core::utc_date() : options.as_of;
  if (!core::is_calendar_date(as_of)) {
    *context.err << "echri: --as-of expects a date YYYY-MM-DD, got '" << as_of << "'\n";
    return kExitUsage;
  }
  const auto country = country_named(options.country);
  if (!country) return report_error(context, country.error(), kExitNotFound);
  const auto data = assessment::CountryStore(context.data_dir()).load();
  if (!data) return report_error(context, data.error(), kExitFailure);
  const auto profile = assessment::build_profile(*data, *country, as_of, kDefaultMaxAgeYears);
  if (options.json)
    *context.out << pretty(profile_document(profile, *data));
  else
    print_profile(*context.out, profile, *data);
  return kExitOk;
}

// ---- assess ----------------------------------------------------------------------------------

struct AssessOptions {
  std::string country;
  std::string level;
  std::string author;
  std::string reason;
  std::string date;
};

Result<assessment::AuthorityAssessment> assessment_of(const AssessOptions& options) {
  auto country = country_named(options.country);
  if (!country) return tl::unexpected(country.error());
  assessment::AuthorityAssessment recorded;
  recorded.country = country->alpha2;
  recorded.level = assessment::parse_risk_level(options.level).value_or(recorded.level);
  recorded.author = std::string(core::trim(options.author));
  recorded.reason = std::string(core::trim(options.reason));
  recorded.date = options.date.empty() ? core::utc_date() : options.date;
  if (recorded.author.empty()) return fail(ErrorKind::invalid_input, "--author is empty");
  if (!core::is_valid_utf8(recorded.author) || !core::is_valid_utf8(recorded.reason))
    return fail(ErrorKind::invalid_input, "--author and --reason must be UTF-8 text");
  if (recorded.reason.empty())
    return fail(ErrorKind::invalid_input, "--reason is empty: say why, for the file");
  if (!core::is_calendar_date(recorded.date))
    return fail(ErrorKind::invalid_input, "--date expects YYYY-MM-DD, got '" + recorded.date + "'");
  return recorded;
}

int run_assess(Context& context, const AssessOptions& options) {
  const auto recorded = assessment_of(options);
  if (!recorded)
    return report_error(context, recorded.error(),
                        recorded.error().kind == ErrorKind::not_found ? kExitNotFound : kExitUsage);
  assessment::CountryStore store(context.data_dir());
  if (auto saved = store.set_authority(*recorded); !saved)
    return report_error(context, saved.error(), kExitFailure);
  const auto country = core::country_by_code(recorded->country);
  *context.out << "recorded the authority's assessment of " << country->name << " ("
               << recorded->country << "): " << assessment::to_string(recorded->level) << ", by "
               << recorded->author << " on " << recorded->date
               << "; it overrides the indicators in profiles and assessments\n";
  return kExitOk;
}

// ---- status ----------------------------------------------------------------------------------

struct StatusOptions {
  bool json = false;
};

std::string short_digest(const std::string& sha256) {
  return sha256.empty() ? "-" : sha256.substr(0, 12);
}

void print_status_table(std::ostream& out, const CountryData& data) {
  std::vector<std::vector<std::string>> rows{
      {"SOURCE", "TITLE", "RECORDS", "YEARS", "UNRESOLVED", "IMPORTED", "SHA256", "FILES"}};
  for (const auto& source : data.sources()) {
    rows.push_back({source.id, source.title, std::to_string(source.records), years_of(source),
                    std::to_string(source.unresolved.size()), source.imported_at,
                    short_digest(source.sha256),
                    source.files.empty() ? "-" : join(source.files, ", ")});
  }
  print_table(out, rows);
  for (const auto* info : missing_sources(data))
    out << "not imported: " << info->id << " (" << info->name << ")\n";
}

int run_status(Context& context, const StatusOptions& options) {
  const auto data = assessment::CountryStore(context.data_dir()).load();
  if (!data) return report_error(context, data.error(), kExitFailure);
  if (options.json) {
    ordered_json sources = ordered_json::array();
    for (const auto& source : data->sources()) sources.push_back(assessment::to_json(source));
    *context.out << pretty(sources);
    return data->sources().empty() ? kExitNotFound : kExitOk;
  }
  if (data->sources().empty()) {
    *context.err << "echri: no country data imported in "
                 << (context.data_dir() / "countries").string()
                 << "; run `echri countries import FILE...`\n";
    return kExitNotFound;
  }
  print_status_table(*context.out, *data);
  return kExitOk;
}

}  // namespace

void add_countries_commands(CLI::App& app, Context& context) {
  auto* countries = app.add_subcommand(
      "countries", "Import country human-rights indicators, show profiles, record assessments");
  countries->require_subcommand(1);

  auto import_options = std::make_shared<ImportOptions>();
  auto* import = countries->add_subcommand(
      "import",
      "Import Political Terror Scale, Freedom in the World or authority files; all or "
      "nothing");
  import->add_option("paths", import_options->paths, "The files, one per source")->required();
  import->add_option("--format", import_options->format, "auto, pts-csv, fiw-csv, authority-json")
      ->check(
          CLI::IsMember(std::vector<std::string>{"auto", "pts-csv", "fiw-csv", "authority-json"}));
  import->callback(
      [&context, import_options]() { context.exit_code = run_import(context, *import_options);
});

auto show_options = std::make_shared<ShowOptions>();
auto* show = countries->add_subcommand("show", "Show the human-rights profile of a country");
show->add_option("country", show_options->country, "Alpha-2 or alpha-3 code, or a name")
    ->required();
show->add_flag("--json", show_options->json, "Print JSON");
show->add_option("--as-of", show_options->as_of,
                 "Reference date YYYY-MM-DD for staleness (default: today, UTC)");
show->callback([&context, show_options]() {
  context.exit_code = run_show(context, *show_options);
});

auto assess_options = std::make_shared<AssessOptions>();
auto* assess = countries->add_subcommand(
    "assess", "Record the authority's own assessment of a country; it overrides the indicators");
assess->add_option("country", assess_options->country, "Alpha-2 or alpha-3 code, or a name")
    ->required();
assess->add_option("--level", assess_options->level, "low, medium, high or severe")
    ->required()
    ->check(CLI::IsMember(std::vector<std::string>{"low", "medium", "high", "severe"}));
assess->add_option("--author", assess_options->author, "Who made the assessment")->required();
assess->add_option("--reason", assess_options->reason, "Why, in a sentence or two")->required();
assess->add_option("--date", assess_options->date, "YYYY-MM-DD (default: today, UTC)");
assess->callback([&context, assess_options]() {
  context.exit_code = run_assess(context, *assess_options);
});

auto status_options = std::make_shared<StatusOptions>();
auto* status = countries->add_subcommand("status", "Show the imported country data sources");
status->add_flag("--json", status_options->json, "Print JSON");
status->callback([&context, status_options]() {
  context.exit_code = run_status(context, *status_options);
});
}  // namespace echri::cli

}  // namespace echri::cli
