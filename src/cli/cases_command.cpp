// `echri cases ...`: workflow maintenance on the database directly, as the system. `rescreen`
// is what an operator runs after `echri lists import` or `echri lists update`: it screens the
// parties of every open case against the lists now imported and flags new matches.

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "cases/case_services.hpp"
#include "cases/evaluator.hpp"
#include "cases/party_screening.hpp"
#include "cli/context.hpp"
#include "cli/database_option.hpp"
#include "cli/output.hpp"
#include "screening/name_score.hpp"
#include "store/store.hpp"

namespace echri::cli {
namespace {

struct CasesOptions {
  std::string db;
  bool json = false;
};

int rescreen(Context& context, const CasesOptions& options) {
  const auto data_dir = context.data_dir();
  auto store = open_database(context, options.db, DatabaseUse::read);
  if (!store) return report_error(context, store.error());
  auto loaded = cases::load_lists_if_any(data_dir);
  if (!loaded) return report_error(context, loaded.error());
  if (!*loaded)
    return report_error(context,
                        {ErrorKind::not_found,
                         "no restricted-party lists under " + (data_dir / "lists").string() +
                             ": import them first (echri lists import PATH...)",
                         ""},
                        kExitNotFound);
  const cases::ListHolder lists(std::move(*loaded));
  // Screening only: the policy and country data do not take part in a re-screen.
  const cases::Evaluator evaluator(lists, assessment::Catalogue::builtin(),
                                   assessment::Policy::builtin(), {}, screening::kDefaultThreshold);
  cases::CaseServices service(**store, evaluator);
  auto report = service.applications.rescreen(cases::system_principal());
  if (!report) return report_error(context, report.error());
  if (options.json) {
    *context.out << nlohmann::json{{"cases_screened", report->cases_screened},
                                   {"parties_screened", report->parties_screened},
                                   {"flagged", report->flagged}}
                        .dump(2)
                 << "\n";
    return kExitOk;
  }
  *context.out << "re-screened " << report->cases_screened << " open cases ("
               << report->parties_screened << " parties); " << report->flagged.size()
               << " with new matches";
  const char* separator = ": ";
  for (const auto& id : report->flagged) {
    *context.out << separator << id;
    separator = ", ";
  }
  *context.out << "\n";
  return kExitOk;
}

}  // namespace

void add_cases_commands(CLI::App& app, Context& context) {
  auto* cases_command = app.add_subcommand("cases", "Licensing case maintenance (as the system)");
  cases_command->require_subcommand(1);
  auto options = std::make_shared<CasesOptions>();
  auto* rescreen_command = cases_command->add_subcommand(
      "rescreen",
      "Screen the parties of every open case against the imported lists again and "
      "flag new matches (run after a list update)");
  add_database_option(rescreen_command, options->db);
  rescreen_command->add_flag("--json", options->json, "JSON output");
  rescreen_command->callback(
      [&context, options] { context.exit_code = rescreen(context, *options); });
}

}  // namespace echri::cli
