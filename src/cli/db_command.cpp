// `echri db migrate|backup|restore` and `echri audit verify`: operating the database directly.

#include <memory>
#include <string>

#include "cli/context.hpp"
#include "cli/database_option.hpp"
#include "cli/output.hpp"
#include "store/audit_chain.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/store.hpp"

namespace echri::cli {
namespace {

struct DbOptions {
  std::string db;           // store::open_store's URL; "" is SQLite under --data-dir
  std::string file;         // backup or restore file
  std::string expect_head;  // audit verify: SEQUENCE:HASH, "" for none
};

int run_migrate(Context& context, const DbOptions& options) {
  // Opened without migrating so that this command reports what it applied.
  auto store = open_database(context, options.db, DatabaseUse::create, false);
  if (!store) return report_error(context, store.error());
  auto applied = (*store)->migrate();
  if (!applied) return report_error(context, applied.error());
  auto version = (*store)->schema_version();
  if (!version) return report_error(context, version.error());
  *context.out << (*store)->describe() << ": schema at version " << *version << " ("
               << (*applied == 0 ? std::string("already up to date")
                                 : "applied " + std::to_string(*applied) + " migration" +
                                       (*applied == 1 ? "" : "s"))
               << ")\n";
  return kExitOk;
}

int run_backup(Context& context, const DbOptions& options) {
  auto store = open_database(context, options.db, DatabaseUse::read);
  if (!store) return report_error(context, store.error());
  auto summary = store::backup_store(**store, options.file);
  if (!summary) return report_error(context, summary.error());
  *context.out << "backed up " << (*store)->describe() << " to " << options.file << ": "
               << summary->records << " records, " << summary->counters << " counters, "
               << summary->documents << " documents, " << summary->audit_records
               << " audit records, " << summary->log_entries << " exchange log entries\n";
  return kExitOk;
}

int run_restore(Context& context, const DbOptions& options) {
  auto store = open_database(context, options.db, DatabaseUse::create);
  if (!store) return report_error(context, store.error());
  auto summary = store::restore_store(**store, options.file);
  if (!summary) return report_error(context, summary.error());
  *context.out << "restored " << options.file << " into " << (*store)->describe() << ": "
               << summary->restored.records << " records, " << summary->restored.counters
               << " counters, " << summary->restored.documents << " documents, "
               << summary->restored.audit_records << " audit records, "
               << summary->restored.log_entries << " exchange log entries\n";
  if (!summary->audit.intact)
    return report_error(
        context,
        {ErrorKind::internal, "the restored audit chain does not verify: " + summary->audit.problem,
         (*store)->describe()});
  *context.out << "audit chain intact: " << summary->audit.checked << " records\n";
  return kExitOk;
}

std::string plural(std::int64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

int run_verify(Context& context, const DbOptions& options) {
  store::VerifyOptions verify_options;
  if (!options.expect_head.empty()) {
    auto expected = store::parse_audit_head(options.expect_head);
    if (!expected) return report_error(context, expected.error(), kExitUsage);
    verify_options.expect_head = std::move(*expected);
  }
  auto store = open_database(context, options.db, DatabaseUse::read);
  if (!store) return report_error(context, store.error());
  auto verified = store::verify_audit(**store, verify_options);
  if (!verified) return report_error(context, verified.error());
  auto& out = *context.out;
  if (!verified->intact) {
    out << "audit verification FAILED: "
        << plural(static_cast<std::int64_t>(verified->problem_count), "problem");
    if (verified->first_bad_sequence)
      out << "; the chain is sound up to record " << *verified->first_bad_sequence - 1;
    out << "\n";
    for (const auto& problem : verified->problems) out << "  " << problem.text << "\n";
    if (verified->problem_count > verified->problems.size())
      out << "  ... and " << verified->problem_count - verified->problems.size() << " more\n";
    return kExitFailure;
  }
  // The head is printed so that it can be kept elsewhere and given back as --expect-head.
  out << "audit chain intact: " << plural(verified->checked, "record") << ", head "
      << verified->head.sequence << ":" << verified->head.hash << "; "
      << plural(verified->records_checked, "stored record") << " and "
      << plural(verified->documents_checked, "document") << " match it";
  if (verify_options.expect_head)
    out << "; it contains the expected head " << verify_options.expect_head->sequence;
  out << "\n";
  return kExitOk;
}

}  // namespace

void add_db_commands(CLI::App& app, Context& context) {
  auto* db = app.add_subcommand("db", "Migrate, back up and restore the database");
  db->require_subcommand(1);

  auto migrate_options = std::make_shared<DbOptions>();
  auto* migrate = db->add_subcommand(
      "migrate", "Apply pending schema migrations (opening the database does this too)");
  add_database_option(migrate, migrate_options->db);
  migrate->callback(
      [&context, migrate_options] { context.exit_code = run_migrate(context, *migrate_options); });

  auto backup_options = std::make_shared<DbOptions>();
  auto* backup = db->add_subcommand(
      "backup", "Write a consistent logical backup (JSON Lines) that any backend can restore");
  backup->add_option("file", backup_options->file, "The backup file to write")->required();
  add_database_option(backup, backup_options->db);
  backup->callback(
      [&context, backup_options] { context.exit_code = run_backup(context, *backup_options); });

  auto restore_options = std::make_shared<DbOptions>();
  auto* restore = db->add_subcommand(
      "restore", "Load a backup into an empty database, then verify its audit chain");
  restore->add_option("file", restore_options->file, "The backup file to read")->required();
  add_database_option(restore, restore_options->db);
  restore->callback(
      [&context, restore_options] { context.exit_code = run_restore(context, *restore_options); });

  auto* audit = app.add_subcommand("audit", "Check the tamper-evident audit log");
  audit->require_subcommand(1);
  auto verify_options = std::make_shared<DbOptions>();
  auto* verify = audit->add_subcommand(
      "verify",
      "Walk the audit hash chain and check every stored record and document against it; exit 1 "
      "naming each record that is wrong");
  add_database_option(verify, verify_options->db);
  verify->add_option("--expect-head", verify_options->expect_head,
                     "SEQUENCE:HASH of a head kept elsewhere (as this command prints it): the "
                     "chain must contain exactly that record, so that a rewritten chain is caught");
  verify->callback(
      [&context, verify_options] { context.exit_code = run_verify(context, *verify_options); });
}

}  // namespace echri::cli
