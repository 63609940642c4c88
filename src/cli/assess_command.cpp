#include <algorithm>
#include <nlohmann/json.hpp>

#include "assessment/application_json.hpp"
#include "assessment/assessment_json.hpp"
#include "assessment/country_store.hpp"
#include "assessment/diligence.hpp"
#include "assessment/peer_denials.hpp"
#include "assessment/report_render.hpp"
#include "cases/party_screening.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/file_io.hpp"
#include "screening/name_score.hpp"

namespace echri::cli {
namespace {
using cases::load_lists_if_any;
using cases::LoadedLists;
using cases::screen_parties;

struct AssessOptions {
  std::string application_file;
  std::string policy_file;
  std::string format = "json";
  std::string as_of;
  std::string denials_file;
  std::string out_file;
  double threshold = screening::kDefaultThreshold;
};

// How alike two end-user names must be for two transactions to be "essentially identical".
constexpr double kSameEndUser = 0.85;

Result<assessment::Policy> policy_from(const AssessOptions& options) {
  if (options.policy_file.empty()) return assessment::Policy::builtin();
  return assessment::load_policy(options.policy_file, assessment::Catalogue::builtin());
}

Result<std::vector<assessment::PeerDenial>> denials_for(const AssessOptions& options,
                                                        const core::Application& application) {
  if (options.denials_file.empty()) return std::vector<assessment::PeerDenial>{};
  auto text = core::read_text_file(options.denials_file);
  if (!text) return tl::unexpected(text.error());
  auto denials = assessment::parse_peer_denials(*text, options.denials_file);
  if (!denials) return tl::unexpected(denials.error());
  const auto similarity = [](std::string_view a, std::string_view b) {
    return screening::compare_names(a, b, std::nullopt).name.score;
  };
  return assessment::essentially_identical(*denials, application, similarity, kSameEndUser);
}

Result<void> write_output(Context& context, const AssessOptions& options, const std::string& text) {
  if (options.out_file.empty()) {
    *context.out << text;
    return {};
  }
  return core::replace_file_atomically(options.out_file, text);
}

// Screening, country data and denials for one application, loaded from the data directory.
struct Evidence {
  std::optional<LoadedLists> lists;
  assessment::CountryData countries;
};

Result<Evidence> load_evidence(Context& context) {
  const auto data_dir = context.data_dir();
  Evidence evidence;
  auto lists = load_lists_if_any(data_dir);
  if (!lists) return tl::unexpected(lists.error());
  evidence.lists = std::move(*lists);
  if (!evidence.lists)
    *context.err << "echri: warning: no restricted-party lists under "
                 << (data_dir / "lists").string()
                 << ": the parties are not screened (echri lists import PATH...)\n";
  auto countries = assessment::CountryStore(data_dir).load();
  if (!countries) return tl::unexpected(countries.error());
  evidence.countries = std::move(*countries);
  if (evidence.countries.empty())
    *context.err << "echri: warning: no country data under " << (data_dir / "countries").string()
                 << ": the destination is assessed without indicators (echri countries import "
                    "PATH...)\n";
  return evidence;
}

Result<assessment::AssessmentInput> input_for(const AssessOptions& options,
                                              const core::Application& application,
                                              const Evidence& evidence) {
  auto denials = denials_for(options, application);
  if (!denials) return tl::unexpected(denials.error());
  assessment::AssessmentInput input;
  input.application = &application;
  input.screening =
      screen_parties(evidence.lists ? &*evidence.lists : nullptr, application, options.threshold);
  input.countries = &evidence.countries;
  input.peer_denials = std::move(*denials);
  input.as_of = !application.submitted_on.empty() ? application.submitted_on
                : !options.as_of.empty()          ? options.as_of
                                                  : core::utc_date();
  return input;
}

// Reads one document (an application or a questionnaire), assesses it with the data under
// --data-dir and writes the rendered report: what `assess` and `diligence` share.
template <class Parse, class ApplicationOf, class Render>
int run_command(Context& context, const AssessOptions& options, const std::string& what,
                Parse parse, ApplicationOf application_of, Render render) {
  const auto& catalogue = assessment::Catalogue::builtin();
  auto policy = policy_from(options);
  if (!policy) return report_error(context, policy.error());
  auto text = core::read_text_file(options.application_file);
  if (!text)
    return report_error(
        context, {ErrorKind::not_found, "cannot read the " + what, options.application_file});
  auto document = parse(*text, catalogue, options.application_file);
  if (!document) return report_error(context, document.error());
  auto evidence = load_evidence(context);
  if (!evidence) return report_error(context, evidence.error());
  auto input = input_for(options, application_of(*document), *evidence);
  if (!input) return report_error(context, input.error());
  const std::string rendered = render(*document, *input, catalogue, *policy);
  if (auto written = write_output(context, options, rendered); !written)
    return report_error(context, written.error());
  return kExitOk;
}

int assess_application(Context& context, const AssessOptions& options) {
  return run_command(
      context, options, "application", assessment::parse_application,
      [](const core::Application& application) -> const core::Application& { return application; },
      [&](const core::Application& application, const assessment::AssessmentInput& input,
          const assessment::Catalogue& catalogue, const assessment::Policy& policy) {
        const auto result = assessment::assess(input, catalogue, policy);
        if (options.format == "md") return assessment::render_markdown(result, application);
        if (options.format == "html") return assessment::render_html(result, application);
        return assessment::to_json(result, application).dump(2) + "\n";
      });
}

int run_diligence(Context& context, const AssessOptions& options) {
  return run_command(
      context, options, "questionnaire", assessment::parse_questionnaire,
      [](const assessment::DiligenceQuestionnaire& questionnaire) -> const core::Application& {
        return questionnaire.application;
      },
      [&](const assessment::DiligenceQuestionnaire& questionnaire,
          const assessment::AssessmentInput& input, const assessment::Catalogue& catalogue,
          const assessment::Policy& policy) {
        const auto result = assessment::run_diligence(questionnaire, input, catalogue, policy);
        if (options.format == "md") return assessment::render_markdown(result);
        if (options.format == "html") return assessment::render_html(result);
        return assessment::to_json(result, questionnaire.application).dump(2) + "\n";
      });
}

// The options both commands share.
void add_common_options(CLI::App* command, AssessOptions& options) {
  command
      ->add_option("--policy", options.policy_file,
                   "Assessment policy TOML (default: the built-in policy, docs/policy.md)")
      ->check(CLI::ExistingFile);
  command->add_option("--format", options.format, "Output format: json (default), md or html")
      ->check(CLI::IsMember({"json", "md", "html"}));
  command
      ->add_option("--as-of", options.as_of,
                   "Reference date YYYY-MM-DD when the application has no submitted_on "
                   "(default: today, UTC)")
      ->check(
          [](const std::string& value) {
            const bool shaped = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                                std::all_of(value.begin(), value.end(), [](char c) {
                                  return c == '-' || (c >= '0' && c <= '9');
                                });
            return shaped ? std::string() : "expected a date YYYY-MM-DD, found " + value;
          },
          "DATE");
  command->add_option("--denials", options.denials_file,
                      "Denials by other Subscribing States (JSON, docs/assessment.md)");
  command->add_option("--threshold", options.threshold, "Screening match threshold")
      ->check(CLI::Range(0.5, 1.0));
  command->add_option("--out", options.out_file, "Write the report to this file");
}

}  // namespace

void add_assess_commands(CLI::App& app, Context& context) {
  auto assess_options = std::make_shared<AssessOptions>();
  auto* assess = app.add_subcommand(
      "assess",
      "Assess the human-rights risk of a licence application (docs/application-format.md), "
      "screening its parties against the imported lists and its destination against the "
      "imported country data");
  assess->add_option("application", assess_options->application_file, "Application JSON file")
      ->required();
  add_common_options(assess, *assess_options);
  assess->callback([&context, assess_options] {
    context.exit_code = assess_application(context, *assess_options);
  });

  auto diligence_options = std::make_shared<AssessOptions>();
  auto* diligence = app.add_subcommand(
      "diligence",
      "The exporter's human-rights due diligence: runs the assessment on a questionnaire "
      "(docs/diligence.md) and reports, step by step, the actions still to take");
  diligence
      ->add_option("questionnaire", diligence_options->application_file, "Questionnaire JSON file")
      ->required();
  add_common_options(diligence, *diligence_options);
  diligence->callback([&context, diligence_options] {
    context.exit_code = run_diligence(context, *diligence_options);
  });
}

}  // namespace echri::cli
