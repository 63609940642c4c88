// `echri organisations ...` and `echri users ...`: account management on the database directly,
// as the system principal. This is how the first admin is created (the API needs a token), and
// how an operator recovers when no admin token is left.

#include <nlohmann/json.hpp>

#include "cases/accounts.hpp"
#include "cli/context.hpp"
#include "cli/database_option.hpp"
#include "cli/output.hpp"
#include "store/store.hpp"

namespace echri::cli {
namespace {

struct AccountOptions {
  std::string db;  // the --db URL; "" is SQLite under --data-dir
  std::string id;
  std::string name;
  std::string role;
  std::string organisation;
  std::string kind;
  std::string country;
  bool json = false;
};

// Runs `work` with the accounts of the database the options name. Only the commands that add an
// organisation or a user may start a database from nothing; the others find none and say so.
template <class Work>
int with_accounts(Context& context, const AccountOptions& options, DatabaseUse use, Work&& work) {
  auto store = open_database(context, options.db, use);
  if (!store) return report_error(context, store.error());
  // No cache: one command, one verification at most.
  cases::Accounts accounts(**store, std::chrono::seconds(0));
  return work(accounts);
}

std::string roles_text() {
  std::string out;
  for (const auto role : cases::all_roles()) out += (out.empty() ? "" : ", ") + std::string(role);
  return out;
}

int add_organisation(Context& context, const AccountOptions& options) {
  const auto kind = cases::parse_organisation_kind(options.kind);
  if (!kind)
    return report_error(
        context,
        {ErrorKind::invalid_input,
         "unknown kind '" + options.kind + "' (authority, exporter, civil_society, peer_state)",
         "--kind"},
        kExitUsage);
  return with_accounts(context, options, DatabaseUse::create, [&](cases::Accounts& accounts) {
    auto added = accounts.add_organisation(cases::system_principal(),
                                           {options.id, options.name, *kind, options.country});
    if (!added) return report_error(context, added.error());
    *context.out << "added organisation " << added->id << " (" << cases::to_string(added->kind)
                 << ", " << added->country << ")\n";
    return kExitOk;
  });
}

int list_organisations(Context& context, const AccountOptions& options) {
  return with_accounts(context, options, DatabaseUse::read, [&](cases::Accounts& accounts) {
    auto all = accounts.organisations();
    if (!all) return report_error(context, all.error());
    if (options.json) {
      auto out = nlohmann::json::array();
      for (const auto& organisation : *all)
        out.push_back({{"id", organisation.id},
                       {"name", organisation.name},
                       {"kind", std::string(cases::to_string(organisation.kind))},
                       {"country", organisation.country}});
      *context.out << out.dump(2) << "\n";
      return kExitOk;
    }
    std::vector<std::vector<std::string>> rows{{"ID", "KIND", "COUNTRY", "NAME"}};
    for (const auto& organisation : *all)
      rows.push_back({organisation.id, std::string(cases::to_string(organisation.kind)),
                      organisation.country, organisation.name});
    print_table(*context.out, rows);
    return kExitOk;
  });
}

int add_user(Context& context, const AccountOptions& options) {
  const auto role = cases::parse_role(options.role);
  if (!role)
    return report_error(context,
                        {ErrorKind::invalid_input,
                         "unknown role '" + options.role + "' (" + roles_text() + ")", "--role"},
                        kExitUsage);
  return with_accounts(context, options, DatabaseUse::create, [&](cases::Accounts& accounts) {
    auto added = accounts.add_user(cases::system_principal(),
                                   {options.id, options.name, *role, options.organisation, true});
    if (!added) return report_error(context, added.error());
    *context.out << "added user " << added->id << " (" << cases::to_string(added->role) << " of "
                 << added->organisation << "); issue a token with: echri users token " << added->id
                 << "\n";
    return kExitOk;
  });
}

int list_users(Context& context, const AccountOptions& options) {
  return with_accounts(context, options, DatabaseUse::read, [&](cases::Accounts& accounts) {
    auto all = accounts.users();
    if (!all) return report_error(context, all.error());
    if (options.json) {
      auto out = nlohmann::json::array();
      for (const auto& user : *all)
        out.push_back({{"id", user.id},
                       {"name", user.name},
                       {"role", std::string(cases::to_string(user.role))},
                       {"organisation", user.organisation},
                       {"active", user.active}});
      *context.out << out.dump(2) << "\n";
      return kExitOk;
    }
    std::vector<std::vector<std::string>> rows{{"ID", "ROLE", "ORGANISATION", "ACTIVE", "NAME"}};
    for (const auto& user : *all)
      rows.push_back({user.id, std::string(cases::to_string(user.role)), user.organisation,
                      user.active ? "yes" : "no", user.name});
    print_table(*context.out, rows);
    return kExitOk;
  });
}

int issue_token(Context& context, const AccountOptions& options) {
  return with_accounts(context, options, DatabaseUse::read, [&](cases::Accounts& accounts) {
    auto issued = accounts.issue_token(cases::system_principal(), options.id);
    if (!issued) return report_error(context, issued.error());
    // The token alone on standard output, so that scripts can capture it; the advice goes to
    // standard error. The command acts as the system, never as the user: this is an enrolment
    // token, which the user exchanges for a token of their own before it can do anything.
    *context.out << issued->secret << "\n";
    *context.err << "echri: enrolment token " << issued->token_id << " for " << options.id
                 << ": shown once; give it to " << options.id
                 << ", who exchanges it once for a token of their own:\n"
                 << "  curl -d '' -H 'Authorization: Bearer <this token>' "
                    "http://HOST:PORT/api/v1/tokens/exchange\n"
                 << "until then it can do nothing else (revoke with: echri users revoke "
                 << issued->token_id << ")\n";
    return kExitOk;
  });
}

int revoke_token(Context& context, const AccountOptions& options) {
  return with_accounts(context, options, DatabaseUse::read, [&](cases::Accounts& accounts) {
    auto revoked = accounts.revoke_token(cases::system_principal(), options.id);
    if (!revoked) return report_error(context, revoked.error());
    // A running server notices within a second (it reads a token it holds in memory again every
    // second); revoking through the API takes effect at once.
    *context.out << "revoked token " << options.id << "\n";
    return kExitOk;
  });
}

int set_active(Context& context, const AccountOptions& options, bool active) {
  return with_accounts(context, options, DatabaseUse::read, [&](cases::Accounts& accounts) {
    auto changed = accounts.set_active(cases::system_principal(), options.id, active);
    if (!changed) return report_error(context, changed.error());
    *context.out << "user " << changed->id << " is " << (active ? "active" : "inactive")
                 << (active ? "; tokens revoked before stay revoked: issue a new one with: echri "
                              "users token " +
                                  changed->id
                            : "; its tokens are revoked (activating it again does not revive them)")
                 << "\n";
    return kExitOk;
  });
}

}  // namespace

void add_users_commands(CLI::App& app, Context& context) {
  auto* organisations = app.add_subcommand("organisations", "Manage organisations (as the system)");
  organisations->require_subcommand(1);
  {
    auto options = std::make_shared<AccountOptions>();
    auto* add = organisations->add_subcommand("add", "Add an organisation");
    add->add_option("id", options->id, "Organisation id: lower-case letters, digits and '-'")
        ->required();
    add->add_option("--name", options->name, "Display name")->required();
    add->add_option("--kind", options->kind, "authority, exporter, civil_society or peer_state")
        ->required();
    add->add_option("--country", options->country, "ISO 3166-1 alpha-2 country code")->required();
    add_database_option(add, options->db);
    add->callback([&context, options] { context.exit_code = add_organisation(context, *options); });
  }
  {
    auto options = std::make_shared<AccountOptions>();
    auto* list = organisations->add_subcommand("list", "List organisations");
    list->add_flag("--json", options->json, "JSON output");
    add_database_option(list, options->db);
    list->callback(
        [&context, options] { context.exit_code = list_organisations(context, *options); });
  }

  auto* users = app.add_subcommand("users", "Manage users and their API tokens (as the system)");
  users->require_subcommand(1);
  {
    auto options = std::make_shared<AccountOptions>();
    auto* add = users->add_subcommand("add", "Add a user");
    add->add_option("id", options->id, "Login name: lower-case letters, digits, '.', '_', '-'")
        ->required();
    add->add_option("--name", options->name, "Display name")->required();
    add->add_option("--role", options->role, roles_text())->required();
    add->add_option("--organisation", options->organisation, "Organisation id")->required();
    add_database_option(add, options->db);
    add->callback([&context, options] { context.exit_code = add_user(context, *options); });
  }
  {
    auto options = std::make_shared<AccountOptions>();
    auto* list = users->add_subcommand("list", "List users");
    list->add_flag("--json", options->json, "JSON output");
    add_database_option(list, options->db);
    list->callback([&context, options] { context.exit_code = list_users(context, *options); });
  }
  {
    auto options = std::make_shared<AccountOptions>();
    auto* token = users->add_subcommand(
        "token",
        "Issue an enrolment token for a user and print it (once: only its hash is kept); the user "
        "exchanges it for a token of their own (POST /api/v1/tokens/exchange)");
    token->add_option("id", options->id, "User id")->required();
    add_database_option(token, options->db);
    token->callback([&context, options] { context.exit_code = issue_token(context, *options); });
  }
  {
    auto options = std::make_shared<AccountOptions>();
    auto* revoke = users->add_subcommand("revoke", "Revoke an API token");
    revoke->add_option("token_id", options->id, "The token's id (the part after 'echri_')")
        ->required();
    add_database_option(revoke, options->db);
    revoke->callback([&context, options] { context.exit_code = revoke_token(context, *options); });
  }
  for (const bool active : {false, true}) {
    auto options = std::make_shared<AccountOptions>();
    auto* command = users->add_subcommand(
        active ? "activate" : "deactivate",
        active ? "Let a user sign in again (with new tokens: the old ones stay revoked)"
               : "Stop a user's tokens from working and revoke them");
    command->add_option("id", options->id, "User id")->required();
    add_database_option(command, options->db);
    command->callback(
        [&context, options, active] { context.exit_code = set_active(context, *options, active); });
  }
}

}  // namespace echri::cli
