#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/context.hpp"
#include "cli/index_loader.hpp"
#include "cli/output.hpp"
#include "core/csv_writer.hpp"
#include "screening/batch_screening.hpp"
#include "screening/match_json.hpp"

namespace echri::cli {
namespace {

struct ScreenOptions {
  std::string name;
  std::string type;
  std::string country;
  std::string dob;
  std::string identifier;
  double threshold = screening::kDefaultThreshold;
  std::size_t limit = 10;
  bool json = false;
  std::string batch_file;
  std::string out_file;
  unsigned threads = 0;
};

struct CompareOptions {
  std::string name_a;
  std::string name_b;
  std::string type;
  bool json = false;
};

std::string format_score(double score) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(3) << score;
  return text.str();
}

void print_explanation(std::ostream& out, const screening::MatchExplanation& explanation) {
  out << "        matched "
      << (explanation.alias ? (explanation.weak_alias ? "weak alias" : "alias") : "name") << " \""
      << explanation.matched_name << "\", name score " << format_score(explanation.name_score)
      << "\n";
  if (!explanation.name.pairs.empty()) {
    out << "        tokens:";
    for (const auto& pair : explanation.name.pairs) {
      out << " " << pair.query << "~" << pair.candidate << " (" << format_score(pair.similarity)
          << " " << screening::to_string(pair.how) << ")";
    }
    out << "\n";
  }
  const auto list = [&](const char* label, const std::vector<std::string>& tokens) {
    if (tokens.empty()) return;
    out << "        " << label << ":";
    for (const auto& token : tokens) out << " " << token;
    out << "\n";
  };
  list("only in query", explanation.name.unmatched_query);
  list("only in listed name", explanation.name.unmatched_candidate);
  for (const auto& effect : explanation.qualifiers) {
    out << "        " << effect.qualifier << " " << screening::to_string(effect.outcome) << " ("
        << effect.detail << ")";
    if (effect.factor != 1.0) out << " x" << format_score(effect.factor);
    out << "\n";
  }
}

Result<screening::ScreeningQuery> query_from(const ScreenOptions& options) {
  screening::ScreeningQuery query;
  query.name = options.name;
  if (!options.type.empty()) {
    const auto type = core::parse_entity_type(options.type);
    if (!type)
      return fail(ErrorKind::invalid_input, "--type: unknown type '" + options.type +
                                                "' (person, organization, vessel, aircraft)");
    query.type = *type;
  }
  query.country = options.country;
  query.date_of_birth = options.dob;
  query.identifier = options.identifier;
  if (auto error = screening::qualifier_error(query)) {
    return fail(ErrorKind::invalid_input, "--" + *error);
  }
  return query;
}

int screen_one(Context& context, const ScreenOptions& options) {
  auto query = query_from(options);
  if (!query) return report_error(context, query.error());
  auto index = load_screening_index(context.data_dir());
  if (!index) return report_error(context, index.error());
  auto result =
      index->screen_counted(*query, screening::ScreeningOptions{options.threshold, options.limit});
  const auto& matches = result.matches;
  const std::size_t total = result.total;
  auto& out = *context.out;
  if (options.json) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& match : matches) results.push_back(screening::to_json(match, *index));
    out << nlohmann::json{{"query", screening::to_json(*query)},
                          {"threshold", options.threshold},
                          {"total_matches", total},
                          {"matches", std::move(results)}}
               .dump(2)
        << "\n";
    return kExitOk;
  }
  if (matches.empty()) {
    out << "no match at or above " << format_score(options.threshold) << " for \"" << query->name
        << "\" (" << index->entity_count() << " listed entities screened)\n";
    return kExitOk;
  }
  if (total > matches.size()) {
    out << matches.size() << " of " << total << " matches for \"" << query->name << "\" (--limit "
        << options.limit << "; raise it to see more):\n";
  } else {
    out << matches.size() << " match" << (matches.size() == 1 ? "" : "es") << " for \""
        << query->name << "\":\n";
  }
  const auto joined = [](const std::vector<std::string>& values) {
    std::string text;
    for (const auto& value : values) text += (text.empty() ? "" : ", ") + value;
    return text;
  };
  // The party's facts from every list that carries it, each fact once.
  const auto gather = [&](const screening::ScreeningMatch& match,
                          std::vector<std::string> core::ListedEntity::*field) {
    std::vector<std::string> values = index->entity(match.entity_index).*field;
    for (const auto& [member, score] : match.sources)
      for (const auto& value : index->entity(member).*field)
        if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
    return values;
  };
  for (const auto& match : matches) {
    const auto& entity = index->entity(match.entity_index);
    out << "  " << format_score(match.score) << "  " << entity.list << " " << entity.source_id
        << "  " << core::to_string(entity.type) << "  " << entity.name << "\n";
    if (match.sources.size() > 1) {
      out << "        listed on:";
      const char* separator = " ";
      for (const auto& [member, score] : match.sources) {
        const auto& listing = index->entity(member);
        out << separator << listing.list << " " << listing.source_id;
        if (listing.name != entity.name) out << " \"" << listing.name << "\"";
        separator = "; ";
      }
      out << " (one party: " << match.merged_on << ")\n";
    }
    std::string facts;
    const auto programs = gather(match, &core::ListedEntity::programs);
    const auto births = gather(match, &core::ListedEntity::dates_of_birth);
    const auto countries = gather(match, &core::ListedEntity::countries);
    if (!programs.empty()) facts += "programmes: " + joined(programs);
    if (!births.empty())
      facts += (facts.empty() ? "" : "; ") + std::string("born: ") + joined(births);
    if (!countries.empty())
      facts += (facts.empty() ? "" : "; ") + std::string("countries: ") + joined(countries);
    if (!facts.empty()) out << "        " << facts << "\n";
    print_explanation(out, match.explanation);
  }
  return kExitOk;
}

// A progress bar on standard error, only when it is a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() {
    if (enabled_ && drawn_) std::cerr << "\n";
  }
  void update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    const std::lock_guard lock(mutex_);
    const auto percent = static_cast<int>(100 * done / total);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    drawn_ = true;
    constexpr int kWidth = 40;
    const int filled = percent * kWidth / 100;
    std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << percent
              << "% " << done << "/" << total << std::flush;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  int last_percent_ = -1;
  std::mutex mutex_;
};

int screen_batch_file(Context& context, const ScreenOptions& options) {
  std::ifstream in(options.batch_file, std::ios::binary);
  if (!in) {
    return report_error(context,
                        Error{ErrorKind::not_found, "cannot read batch file", options.batch_file});
  }
  std::ostringstream content;
  content << in.rdbuf();
  auto queries = screening::parse_batch_csv(content.str(), options.batch_file);
  if (!queries) return report_error(context, queries.error());
  auto index = load_screening_index(context.data_dir());
  if (!index) return report_error(context, index.error());

  ProgressBar bar(::isatty(STDERR_FILENO) == 1 && queries->size() >= 1000);
  // The CSV shows no explanation: aligning tokens for it would only cost time.
  const screening::ScreeningOptions screening_options{options.threshold, options.limit,
                                                      options.json};
  const auto results = screening::screen_batch(
      *index, *queries, screening_options, options.threads,
      [&bar](std::size_t done, std::size_t total) { bar.update(done, total); });

  std::string text(options.json ? "" : screening::kBatchCsvHeader);
  const auto format = options.json ? screening::BatchFormat::jsonl : screening::BatchFormat::csv;
  screening::append_batch_output(text, format, *index, *queries, results, true);
  std::size_t match_count = 0;
  for (const auto& result : results) match_count += result.matches.size();
  std::ostringstream output;
  output << text;
  if (options.out_file.empty()) {
    *context.out << output.str();
  } else {
    // Written whole to a temporary file and renamed, so a reader never sees half a result.
    const std::string temporary = options.out_file + ".tmp";
    {
      std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
      file << output.str();
      if (!file.flush()) {
        return report_error(context, Error{ErrorKind::io, "cannot write output", temporary});
      }
    }
    std::error_code error;
    std::filesystem::rename(temporary, options.out_file, error);
    if (error)
      return report_error(context, Error{ErrorKind::io, error.message(), options.out_file});
    *context.err << "screened " << queries->size() << " names: " << match_count
                 << " matches written to " << options.out_file << "\n";
  }
  return kExitOk;
}

int compare(Context& context, const CompareOptions& options) {
  std::optional<core::EntityType> type;
  if (!options.type.empty()) {
    type = core::parse_entity_type(options.type);
    if (!type) {
      return report_error(context, Error{ErrorKind::invalid_input,
                                         "--type: unknown type '" + options.type + "'", ""});
    }
  }
  const auto comparison = screening::compare_names(options.name_a, options.name_b, type);
  auto& out = *context.out;
  if (options.json) {
    auto json = screening::to_json(comparison.name);
    json["name_a"] = options.name_a;
    json["name_b"] = options.name_b;
    json["schema"] = comparison.schema == screening::NameSchema::person ? "person" : "organization";
    out << json.dump(2) << "\n";
    return kExitOk;
  }
  out << format_score(comparison.name.score) << "  \"" << options.name_a << "\" ~ \""
      << options.name_b << "\" (compared as "
      << (comparison.schema == screening::NameSchema::person ? "person" : "organization") << ")\n";
  screening::MatchExplanation explanation;
  explanation.matched_name = options.name_b;
  explanation.name_score = comparison.name.score;
  explanation.name = comparison.name;
  print_explanation(out, explanation);
  return kExitOk;
}

}  // namespace

void add_screen_commands(CLI::App& app, Context& context) {
  auto screen_options = std::make_shared<ScreenOptions>();
  auto* screen =
      app.add_subcommand("screen", "Screen a name, or a CSV of names, against the imported lists");
  screen->add_option("name", screen_options->name, "The name to screen");
  screen->add_option("--type", screen_options->type, "person, organization, vessel or aircraft");
  screen->add_option("--country", screen_options->country,
                     "Country code or name (a contradicting country lowers the score)");
  screen->add_option("--dob", screen_options->dob,
                     "Date of birth YYYY[-MM[-DD]] (a contradicting birth year lowers the score)");
  screen->add_option(
      "--id", screen_options->identifier,
      "Passport, national id or IMO number, with or without its kind (\"IMO 9116412\"); a "
      "match is decisive");
  screen->add_option("--threshold", screen_options->threshold, "Lowest score reported, 0 to 1")
      ->check(CLI::Range(0.0, 1.0));
  screen->add_option("--limit", screen_options->limit, "Most matches reported per name")
      ->check(CLI::Range(1, 1000));
  screen->add_flag("--json", screen_options->json, "JSON output (JSON Lines with --batch)");
  screen->add_option("--batch", screen_options->batch_file,
                     "CSV with columns id,name[,type,country,dob,identifier]");
  screen->add_option("--out", screen_options->out_file,
                     "Write batch results to this file (CSV, or JSON Lines with --json)");
  screen
      ->add_option("--threads", screen_options->threads,
                   "Threads for --batch (default: one per core)")
      ->check(CLI::Range(1U, 256U));
  screen->callback([&context, screen_options] {
    if (screen_options->batch_file.empty() == screen_options->name.empty()) {
      throw CLI::ValidationError("screen", "give either a NAME or --batch FILE.csv");
    }
    if (!screen_options->out_file.empty() && screen_options->batch_file.empty()) {
      throw CLI::ValidationError("--out", "only with --batch");
    }
    context.exit_code = screen_options->batch_file.empty()
                            ? screen_one(context, *screen_options)
                            : screen_batch_file(context, *screen_options);
  });

  auto compare_options = std::make_shared<CompareOptions>();
  auto* compare_command =
      app.add_subcommand("compare", "Score two names against each other, with the explanation");
  compare_command->add_option("name_a", compare_options->name_a, "First name")->required();
  compare_command->add_option("name_b", compare_options->name_b, "Second name")->required();
  compare_command->add_option("--type", compare_options->type,
                              "person or organization (default: guessed from legal forms)");
  compare_command->add_flag("--json", compare_options->json, "JSON output");
  compare_command->callback(
      [&context, compare_options] { context.exit_code = compare(context, *compare_options); });
}

}  // namespace echri::cli
