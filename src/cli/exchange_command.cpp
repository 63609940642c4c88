// `echri exchange keys|peers|publish|sync|verify|status|inbox|states`: this node's part in the
// exchange between Subscribing States, on its database and key file directly. publish and sync
// reach the peers over the network (their witnesses, their logs); the others do not.

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/database_option.hpp"
#include "cli/exchange_keys_file.hpp"
#include "cli/output.hpp"
#include "core/file_io.hpp"
#include "core/text_util.hpp"
#include "exchange/cosignature.hpp"
#include "exchange/inbox.hpp"
#include "exchange/node.hpp"
#include "exchange/peers.hpp"
#include "http/peer_network.hpp"

namespace echri::cli {
namespace {

using nlohmann::json;

struct ExchangeOptions {
  std::string db;
  std::string keys;
  bool init = false;
  std::string origin;
  std::string state;
  std::string public_file;
  std::string url;
  std::string token;
  std::size_t witnesses_required = 1;
  std::string kind;
  std::string body_file;
  std::string to;
  std::string peer;
  bool json = false;
};

const exchange::Actor kCommandLine{"cli", "admin", ""};

// Runs `work` with the node: its keys, its database, the network to its peers.
template <class Work>
int with_node(Context& context, const ExchangeOptions& options, Work&& work) {
  auto keys = load_exchange_keys(exchange_keys_path(context, options.keys));
  if (!keys) return report_error(context, keys.error());
  auto store = open_database(context, options.db, DatabaseUse::read);
  if (!store) return report_error(context, store.error());
  http::HttpPeerNetwork network;
  exchange::ExchangeNode node(**store, *keys, network);
  return work(node, **store);
}

int keys_command(Context& context, const ExchangeOptions& options) {
  const auto path = exchange_keys_path(context, options.keys);
  if (options.init) {
    if (options.origin.empty() || options.state.empty())
      return report_error(context,
                          {ErrorKind::invalid_input, "--init needs --origin and --state", "--init"},
                          kExitUsage);
    auto created = create_exchange_keys(path, options.origin, options.state);
    if (!created) return report_error(context, created.error());
    *context.err << "echri: created the exchange keys of " << created->origin() << " in "
                 << path.string() << " (keep this file private; give peers the lines below)\n";
    *context.out << exchange::public_node_keys(*created);
    return kExitOk;
  }
  auto keys = load_exchange_keys(path);
  if (!keys) return report_error(context, keys.error());
  *context.out << exchange::public_node_keys(*keys);
  return kExitOk;
}

int peers_add(Context& context, const ExchangeOptions& options) {
  auto text = core::read_text_file(options.public_file);
  if (!text) return report_error(context, text.error());
  auto keys = exchange::parse_public_node_keys(*text, options.public_file);
  if (!keys) return report_error(context, keys.error());
  exchange::Peer peer{keys->origin,  keys->state,      options.url,   keys->log,
                      keys->witness, keys->encryption, options.token, options.witnesses_required};
  auto store = open_database(context, options.db, DatabaseUse::create);
  if (!store) return report_error(context, store.error());
  auto saved = (*store)->write(
      [&](store::Transaction& tx) { return exchange::save_peer(tx, peer, kCommandLine); });
  if (!saved) return report_error(context, saved.error());
  *context.out << "peer " << peer.origin << " (" << peer.state << ") at " << peer.url
               << "; its checkpoints need " << peer.witnesses_required << " cosignature(s)\n";
  return kExitOk;
}

int peers_list(Context& context, const ExchangeOptions& options) {
  auto store = open_database(context, options.db, DatabaseUse::read);
  if (!store) return report_error(context, store.error());
  auto peers = store::read_returning<std::vector<exchange::Peer>>(
      **store, [](store::Transaction& tx) { return exchange::list_peers(tx); });
  if (!peers) return report_error(context, peers.error());
  if (options.json) {
    auto out = json::array();
    for (const auto& peer : *peers) out.push_back(exchange::peer_view(peer));
    *context.out << out.dump(2) << "\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows{{"ORIGIN", "STATE", "URL", "COSIGNATURES", "TOKEN"}};
  for (const auto& peer : *peers)
    rows.push_back({peer.origin, peer.state, peer.url, std::to_string(peer.witnesses_required),
                    peer.token.empty() ? "no" : "yes"});
  print_table(*context.out, rows);
  return kExitOk;
}

int publish_command(Context& context, const ExchangeOptions& options) {
  const auto kind = exchange::parse_notification_kind(options.kind);
  if (!kind)
    return report_error(context,
                        {ErrorKind::invalid_input, "unknown kind '" + options.kind + "'", "--kind"},
                        kExitUsage);
  auto text = core::read_text_file(options.body_file);
  if (!text) return report_error(context, text.error());
  json body;
  try {
    body = json::parse(*text);
  } catch (const json::parse_error& error) {
    return report_error(context, {ErrorKind::invalid_input,
                                  std::string("not JSON: ") + error.what(), options.body_file});
  }
  std::vector<std::string> audience;
  if (!options.to.empty() && options.to != "all") audience = core::split_trimmed(options.to, ",");
  return with_node(context, options, [&](exchange::ExchangeNode& node, store::Store&) {
    auto report = node.publish(*kind, body, audience, kCommandLine);
    if (!report) {
      auto error = report.error();
      if (error.where.starts_with("$")) error.where = options.body_file + ": " + error.where;
      return report_error(context, error);
    }
    *context.out << "published entry " << report->index << " of " << node.origin()
                 << "; the log holds " << report->checkpoint.checkpoint.size << " entries\n";
    for (const auto& witness : report->cosigned_by)
      *context.out << "cosigned by " << witness << "\n";
    for (const auto& failure : report->witness_failures)
      *context.err << "echri: warning: no cosignature from " << failure << "\n";
    return kExitOk;
  });
}

int sync_command(Context& context, const ExchangeOptions& options) {
  return with_node(context, options, [&](exchange::ExchangeNode& node, store::Store&) {
    std::vector<exchange::PeerSyncResult> results;
    if (!options.peer.empty()) {
      auto report = node.sync(options.peer, kCommandLine);
      results.push_back(report
                            ? exchange::PeerSyncResult{options.peer, *report, std::nullopt}
                            : exchange::PeerSyncResult{options.peer, std::nullopt, report.error()});
    } else {
      auto all = node.sync_all(kCommandLine);
      if (!all) return report_error(context, all.error());
      results = std::move(*all);
    }
    // The node's periodic duty: its audit head goes into its log for the peers to witness.
    if (auto head = node.publish_audit_head(kCommandLine); !head)
      return report_error(context, head.error());
    else if (*head)
      *context.out << "published the audit head in entry " << (*head)->index << "\n";
    int exit_code = kExitOk;
    for (const auto& result : results) {
      if (result.error) {
        *context.err << "echri: " << result.origin << ": " << result.error->describe() << "\n";
        exit_code = kExitFailure;
      } else if (result.report->alert) {
        *context.err << "echri: ALERT " << result.report->alert_id << " "
                     << exchange::to_string(*result.report->alert) << " in the log of "
                     << result.origin << ": " << result.report->detail
                     << " (nothing more is accepted from it; both checkpoints are kept)\n";
        exit_code = kExitFailure;
      } else {
        *context.out << result.origin << ": verified " << result.report->size_after << " entries ("
                     << result.report->size_after - result.report->size_before << " new)\n";
      }
    }
    return exit_code;
  });
}

int verify_command(Context& context, const ExchangeOptions& options) {
  return with_node(context, options, [&](exchange::ExchangeNode& node, store::Store&) {
    auto problems = node.verify_logs();
    if (!problems) return report_error(context, problems.error());
    if (problems->empty()) {
      *context.out << "every stored exchange log matches its signed checkpoint\n";
      return kExitOk;
    }
    for (const auto& problem : *problems) *context.out << "PROBLEM " << problem << "\n";
    return kExitFailure;
  });
}

int status_command(Context& context, const ExchangeOptions& options) {
  return with_node(context, options, [&](exchange::ExchangeNode& node, store::Store&) {
    auto status = node.status();
    if (!status) return report_error(context, status.error());
    if (options.json) {
      *context.out << status->dump(2) << "\n";
      return kExitOk;
    }
    const auto& log = (*status)["log"];
    *context.out << "log " << log["origin"].get<std::string>() << " ("
                 << log["state"].get<std::string>() << "): " << log["size"] << " entries\n";
    std::vector<std::vector<std::string>> rows{{"PEER", "STATE", "VERIFIED", "STATUS"}};
    for (const auto& peer : (*status)["peers"])
      rows.push_back(
          {peer["origin"], peer["state"],
           std::to_string(peer["verified_size"].get<std::uint64_t>()),
           peer["halted"].get<bool>() ? "HALTED by " + peer["alert"].get<std::string>() : "ok"});
    print_table(*context.out, rows);
    for (const auto& alert : (*status)["alerts"])
      *context.out << "ALERT " << alert["id"].get<std::string>() << " "
                   << alert["kind"].get<std::string>() << " in " << alert["peer"].get<std::string>()
                   << ": " << alert["detail"].get<std::string>() << "\n";
    return kExitOk;
  });
}

int inbox_command(Context& context, const ExchangeOptions& options) {
  std::optional<exchange::NotificationKind> kind;
  if (!options.kind.empty()) {
    kind = exchange::parse_notification_kind(options.kind);
    if (!kind)
      return report_error(
          context, {ErrorKind::invalid_input, "unknown kind '" + options.kind + "'", "--kind"},
          kExitUsage);
  }
  return with_node(context, options, [&](exchange::ExchangeNode& node, store::Store&) {
    auto entries = node.read_all();
    if (!entries) return report_error(context, entries.error());
    auto out = json::array();
    std::vector<std::vector<std::string>> rows{{"LOG", "#", "ISSUED", "FROM", "KIND", "AUDIENCE"}};
    for (const auto& entry : *entries) {
      if (!entry.readable || entry.kind == exchange::NotificationKind::audit_head) continue;
      if (kind && entry.kind != kind) continue;
      std::string audience = entry.entry.audience.empty() ? "all" : "";
      for (const auto& state : entry.entry.audience)
        audience += (audience.empty() ? "" : ",") + state;
      out.push_back({{"log", entry.log},
                     {"index", entry.index},
                     {"issued_at", entry.entry.issued_at},
                     {"issuer", entry.entry.issuer},
                     {"audience", audience},
                     {"kind", std::string(exchange::to_string(*entry.kind))},
                     {"body", entry.body}});
      rows.push_back({entry.log, std::to_string(entry.index), entry.entry.issued_at,
                      entry.entry.issuer, std::string(exchange::to_string(*entry.kind)), audience});
    }
    if (options.json)
      *context.out << out.dump(2) << "\n";
    else
      print_table(*context.out, rows);
    return kExitOk;
  });
}

int states_command(Context& context, const ExchangeOptions& options) {
  return with_node(context, options, [&](exchange::ExchangeNode& node, store::Store&) {
    auto view = node.directory();
    if (!view) return report_error(context, view.error());
    for (const auto& problem : view->problems)
      *context.err << "echri: warning: directory change not applied: " << problem << "\n";
    if (options.json) {
      *context.out << view->directory.to_json().dump(2) << "\n";
      return kExitOk;
    }
    std::vector<std::vector<std::string>> rows{{"CODE", "NAME", "ENDORSED", "NODE", "CONTACT"}};
    for (const auto& [code, state] : view->directory.states())
      rows.push_back({code + (code == view->directory.central_contact() ? " *" : ""), state.name,
                      state.endorsed_on.value_or("-"),
                      state.node_origin.empty() ? "-" : state.node_origin,
                      state.point_of_contact.email.empty() ? "-" : state.point_of_contact.email});
    print_table(*context.out, rows);
    *context.out << "* central contact\n";
    return kExitOk;
  });
}

}  // namespace

void add_exchange_commands(CLI::App& app, Context& context) {
  auto options = std::make_shared<ExchangeOptions>();
  auto* exchange = app.add_subcommand(
      "exchange", "The exchange between Subscribing States: keys, peers, publish, sync, verify");
  exchange->require_subcommand(1);
  const auto common = [&](CLI::App* command) {
    add_database_option(command, options->db);
    command->add_option("--keys", options->keys,
                        "The node's key file (default: <data dir>/exchange.keys)");
  };

  auto* keys = exchange->add_subcommand(
      "keys", "Print the node's public keys (C2SP verifier keys) for the directory and peers");
  keys->add_option("--keys", options->keys,
                   "The node's key file (default: <data dir>/exchange.keys)");
  keys->add_flag("--init", options->init, "Create the node's keys (never replaces existing ones)");
  keys->add_option("--origin", options->origin,
                   "The log's origin, e.g. echri.authority.example/log");
  keys->add_option("--state", options->state, "The node's state (ISO 3166-1 alpha-2; XK)");
  keys->callback([&context, options] { context.exit_code = keys_command(context, *options); });

  auto* peers = exchange->add_subcommand("peers", "The peer nodes this node follows and witnesses");
  peers->require_subcommand(1);
  auto* add = peers->add_subcommand("add", "Add or update a peer from its public keys");
  add_database_option(add, options->db);
  add->add_option("--public", options->public_file,
                  "The peer's `echri exchange keys` output, handed over out of band")
      ->required();
  add->add_option("--url", options->url, "The peer node's URL (https://host:port)")->required();
  add->add_option("--token", options->token,
                  "The bearer token the peer issued to this node (role peer_node)");
  add->add_option("--witnesses-required", options->witnesses_required,
                  "Cosignatures a checkpoint of this peer needs (default 1)")
      ->check(CLI::Range(0, 16));
  add->callback([&context, options] { context.exit_code = peers_add(context, *options); });
  auto* list = peers->add_subcommand("list", "List the peers");
  add_database_option(list, options->db);
  list->add_flag("--json", options->json, "JSON output");
  list->callback([&context, options] { context.exit_code = peers_list(context, *options); });

  auto* publish = exchange->add_subcommand("publish", "Publish a notification in this node's log");
  common(publish);
  publish->add_option("--kind", options->kind, "denial, threat_report, best_practice, ...")
      ->required();
  publish->add_option("--body", options->body_file, "The notification's body (a JSON file)")
      ->required();
  publish->add_option("--to", options->to,
                      "Named states only (comma-separated codes): the entry is encrypted to "
                      "them; default all");
  publish->callback(
      [&context, options] { context.exit_code = publish_command(context, *options); });

  auto* sync = exchange->add_subcommand("sync", "Fetch and verify the peers' logs");
  common(sync);
  sync->add_option("--peer", options->peer, "Only this peer (its origin)");
  sync->callback([&context, options] { context.exit_code = sync_command(context, *options); });

  auto* verify = exchange->add_subcommand(
      "verify", "Re-check every stored log against its signed checkpoint (exit 1 on a problem)");
  common(verify);
  verify->callback([&context, options] { context.exit_code = verify_command(context, *options); });

  auto* status = exchange->add_subcommand("status", "This node's log, its peers and the alerts");
  common(status);
  status->add_flag("--json", options->json, "JSON output");
  status->callback([&context, options] { context.exit_code = status_command(context, *options); });

  auto* inbox = exchange->add_subcommand("inbox", "The notifications this node can read");
  common(inbox);
  inbox->add_option("--kind", options->kind, "Only this kind");
  inbox->add_flag("--json", options->json, "JSON output (with the bodies)");
  inbox->callback([&context, options] { context.exit_code = inbox_command(context, *options); });

  auto* states = exchange->add_subcommand("states", "The directory of Subscribing States");
  common(states);
  states->add_flag("--json", options->json, "JSON output");
  states->callback([&context, options] { context.exit_code = states_command(context, *options); });
}

}  // namespace echri::cli
