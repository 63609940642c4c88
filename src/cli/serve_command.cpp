// `echri serve`: the HTTP API (docs/api.md) over the database, the imported lists and the
// country data of --data-dir, over HTTP or HTTPS, until SIGINT or SIGTERM; SIGHUP reloads the TLS
// certificate.

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <ostream>
#include <stop_token>
#include <thread>

#include "assessment/catalogue.hpp"
#include "assessment/country_store.hpp"
#include "assessment/policy.hpp"
#include "cases/accounts.hpp"
#include "cases/case_services.hpp"
#include "cases/demo.hpp"
#include "cases/evaluator.hpp"
#include "cases/inquiries.hpp"
#include "cases/party_screening.hpp"
#include "cases/peer_denials_in_force.hpp"
#include "cli/context.hpp"
#include "cli/database_option.hpp"
#include "cli/exchange_keys_file.hpp"
#include "cli/output.hpp"
#include "core/file_io.hpp"
#include "exchange/demo.hpp"
#include "exchange/node.hpp"
#include "http/api.hpp"
#include "http/case_routes.hpp"
#include "http/peer_network.hpp"
#include "http/server.hpp"
#include "http/static_site.hpp"
#include "screening/screening_index.hpp"
#include "screening/screening_jobs.hpp"
#include "store/store.hpp"

namespace echri::cli {
namespace {

// Workers and I/O threads when --threads and --io-threads are not given. On SQLite the
// transport's own defaults (http/server.hpp) fit: a handler never waits, and beyond 2 workers and
// one I/O thread per core the threads only contend for the cores (on 2 cores, 4 workers served
// 55 % more database reads a second than 16; 2 I/O threads did as well as 4 with a lower p99:
// screening 4.4 ms, not 6.9). PostgreSQL answers over a socket: a worker, and an I/O thread
// running a read, waits for each round trip, and more of them hide it (16 workers served 27 %
// more than 4). docs/benchmarks.md has the figures. 0 leaves the choice to the transport.
std::size_t default_threads(const store::Store& store) {
  if (store.backend() != "postgres") return 0;
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  return std::max<std::size_t>(16, 4 * cores);
}

// Every connection is a descriptor: a soft limit of 1,024 (the usual default) would refuse
// connections long before --max-connections does. Raises the soft limit as far as the hard one
// allows and says so when that is still too low.
void raise_file_limit(std::size_t max_connections, std::ostream& err) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  // The database, the lists, the log and the listening sockets take a few more.
  const rlim_t wanted = static_cast<rlim_t>(max_connections) + 256;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  (void)::setrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < wanted)
    err << "echri serve: warning: the open-file limit (" << limit.rlim_cur << ") is below "
        << wanted << " for --max-connections " << max_connections
        << "; raise it (LimitNOFILE= in a systemd unit, ulimit -Hn) or lower --max-connections\n";
}

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string db;
  std::string policy_file;
  bool demo = false;
  std::string exchange_keys;  // "" is <data dir>/exchange.keys, used when it exists
  double sync_every = 0;      // seconds between syncs of the peers' logs; 0: none
  std::size_t threads = 0;
  std::size_t io_threads = 0;
  std::size_t max_connections = http::ServerOptions{}.max_connections;
  std::size_t max_connections_per_client = http::ServerOptions{}.max_connections_per_client;
  double header_timeout = 10;
  double body_timeout = 10;
  double keep_alive_timeout = 5;
  std::size_t auth_failures = http::ThrottleOptions{}.failures;
  std::string tls_certificate;
  std::string tls_key;
  std::string web_folder;
};

// SIGINT, SIGTERM and SIGHUP are blocked in every thread of the server (the workers inherit the
// mask of the thread that starts them) and taken synchronously by sigwait here: no handler runs in
// a random thread, and the stop is an ordinary call. The previous mask is restored afterwards.
class SignalWait {
 public:
  SignalWait() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  ~SignalWait() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalWait(const SignalWait&) = delete;
  SignalWait& operator=(const SignalWait&) = delete;

  int wait() const {
    int signal = 0;
    sigwait(&set_, &signal);
    return signal;
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

void print_demo(Context& context, const cases::DemoSeed& seed) {
  auto& out = *context.out;
  if (seed.already_seeded) {
    out << "demo data: already in the database (tokens are shown only when first seeded)\n";
    return;
  }
  out << "demo data seeded: " << seed.applications.size()
      << " applications; one user per role, each with a token of their own (shown once; the demo "
         "has exchanged the enrolment tokens the system issued, docs/api.md):\n";
  std::vector<std::vector<std::string>> rows{{"USER", "ROLE", "ORGANISATION", "TOKEN"}};
  for (const auto& user : seed.users)
    rows.push_back(
        {user.user, std::string(cases::to_string(user.role)), user.organisation, user.token});
  print_table(out, rows);
}

// Syncs the peers' logs and publishes the audit head every `period` on a thread of its own until
// destroyed; what fails is logged and tried again at the next tick.
class PeriodicSync {
 public:
  PeriodicSync(exchange::ExchangeNode& node, std::chrono::milliseconds period, std::ostream& log)
      : thread_([&node, period, &log, this](const std::stop_token& stop) {
          const exchange::Actor actor{"scheduler", "system", ""};
          std::unique_lock lock(mutex_);
          while (!wake_.wait_for(lock, stop, period, [] { return false; })) {
            lock.unlock();
            if (auto results = node.sync_all(actor); results) {
              for (const auto& result : *results)
                if (result.error)
                  log << "echri: sync " << result.origin << ": " << result.error->describe()
                      << "\n";
                else if (result.report->alert)
                  log << "echri: ALERT " << result.report->alert_id << " in the log of "
                      << result.origin << ": " << result.report->detail << "\n";
            } else {
              log << "echri: sync: " << results.error().describe() << "\n";
            }
            if (auto head = node.publish_audit_head(actor); !head)
              log << "echri: publishing the audit head: " << head.error().describe() << "\n";
            lock.lock();
          }
        }) {}

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: stopped and joined before the members it uses go
};

int serve(Context& context, const ServeOptions& options) {
  const auto data_dir = context.data_dir();
  auto address = http::parse_listen_address(options.listen);
  if (!address) return report_error(context, address.error(), kExitUsage);
  // Before the database is opened (or created): a broken build is reported with nothing done.
  std::optional<http::StaticSite> site;
  if (!options.web_folder.empty()) {
    auto loaded_site = http::StaticSite::load(options.web_folder);
    if (!loaded_site) return report_error(context, loaded_site.error());
    site = std::move(*loaded_site);
  }

  auto store = store::open_store(options.db, data_dir);
  if (!store) return report_error(context, store.error());
  cases::Accounts accounts(**store);
  // Tokens of versions that stored Argon2id hashes are refused now: say so once, at start.
  if (auto legacy = accounts.legacy_tokens(); legacy && *legacy > 0)
    *context.err << "echri: warning: " << *legacy
                 << " active API token(s) were stored as Argon2id hashes by an earlier version and "
                    "are no longer accepted: issue new ones (echri users token ID)\n";

  auto loaded = cases::load_lists_if_any(data_dir);
  if (!loaded) return report_error(context, loaded.error());
  if (!*loaded)
    *context.err << "echri: warning: no restricted-party lists under "
                 << (data_dir / "lists").string()
                 << ": screening answers 503 and assessments report screening as not performed "
                    "(echri lists import PATH...)\n";
  cases::ListHolder lists(std::move(*loaded));

  auto countries = assessment::CountryStore(data_dir).load();
  if (!countries) return report_error(context, countries.error());
  const auto& catalogue = assessment::Catalogue::builtin();
  auto policy = options.policy_file.empty()
                    ? Result<assessment::Policy>(assessment::Policy::builtin())
                    : assessment::load_policy(options.policy_file, catalogue);
  if (!policy) return report_error(context, policy.error());
  const cases::Evaluator evaluator(lists, catalogue, std::move(*policy), std::move(*countries),
                                   screening::kDefaultThreshold);
  // The exchange: with the node's keys (created for the demo), its log, witness and routes.
  const auto keys_path = exchange_keys_path(context, options.exchange_keys);
  std::optional<exchange::NodeKeys> exchange_keys;
  std::error_code missing;
  if (options.demo && !std::filesystem::exists(keys_path, missing)) {
    auto created = create_exchange_keys(keys_path, "demo-authority.echri.example/log", "DE");
    if (!created) return report_error(context, created.error());
  }
  if (!options.exchange_keys.empty() || std::filesystem::exists(keys_path, missing)) {
    auto loaded_keys = load_exchange_keys(keys_path);
    if (!loaded_keys) return report_error(context, loaded_keys.error());
    exchange_keys = std::move(*loaded_keys);
  }
  http::HttpPeerNetwork network;
  std::optional<exchange::ExchangeNode> exchange_node;
  if (exchange_keys) {
    exchange_node.emplace(**store, *exchange_keys, network);
  }

  // Denials received from the other states enter the assessments of the case workflow (never the
  // exporters' own assessments, which use `evaluator` directly).
  cases::PeerDenialSource peer_denials;
  if (exchange_node)
    peer_denials = [&node = *exchange_node]() -> Result<std::vector<assessment::PeerDenial>> {
      ECHRI_ASSIGN_OR_RETURN(auto entries, node.read_all());
      std::erase_if(entries, [&](const exchange::ReceivedEntry& entry) {
        return entry.log == node.origin();
      });
      return cases::denials_in_force(entries, core::utc_timestamp().substr(0, 10));
    };
  cases::CaseServices case_service(**store, evaluator, {}, std::move(peer_denials));
  cases::Inquiries inquiries(**store, evaluator);

  http::Services services{
      **store, accounts, lists, evaluator, &case_service, &inquiries, http::add_case_routes, {}};
  services.reload_lists = [&lists, data_dir]() -> Result<void> {
    auto reloaded = cases::load_lists_if_any(data_dir);
    if (!reloaded) return tl::unexpected(reloaded.error());
    lists.replace(std::move(*reloaded));
    return {};
  };
  if (site) services.site = &*site;
  if (exchange_node) services.exchange = &*exchange_node;
  // Before the first thread of the server (the jobs' runner, the workers) starts, so that every
  // thread inherits the mask and Ctrl-C or SIGTERM reach only the waiting main thread.
  const SignalWait signals;
  // Bulk screening jobs left queued or running by the last run resume now.
  auto screening_jobs = screening::ScreeningJobs::open(data_dir, cases::job_index_source(lists));
  if (!screening_jobs) return report_error(context, screening_jobs.error());
  services.screening_jobs = screening_jobs->get();

  if (options.demo) {
    auto seed = cases::seed_demo(accounts, case_service, inquiries);
    if (!seed) return report_error(context, seed.error());
    print_demo(context, *seed);
    auto notifications = exchange::seed_exchange_demo(*exchange_node, **store);
    if (!notifications) return report_error(context, notifications.error());
    if (*notifications > 0)
      *context.out << "demo exchange: " << *notifications << " fictional notifications in the log "
                   << exchange_node->origin() << "\n";
  }

  http::Limits limits;
  limits.authentication.failures = options.auth_failures;
  const auto router = http::make_router(services, limits);
  http::ServerOptions server_options;
  server_options.host = address->first;
  server_options.port = address->second;
  server_options.threads = options.threads > 0 ? options.threads : default_threads(**store);
  server_options.io_threads =
      options.io_threads > 0 ? options.io_threads : default_threads(**store);
  server_options.max_connections = options.max_connections;
  server_options.max_connections_per_client = options.max_connections_per_client;
  const auto millis = [](double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
  };
  server_options.header_timeout = millis(options.header_timeout);
  server_options.body_timeout = millis(options.body_timeout);
  server_options.keep_alive_timeout = millis(options.keep_alive_timeout);
  if (!options.tls_certificate.empty())
    server_options.tls = http::TlsFiles{options.tls_certificate, options.tls_key};
  // Name folding keeps an ICU transliterator per thread whose construction takes tens of
  // milliseconds: screening a name in several scripts on every worker before serving moves that
  // cost out of the first requests.
  server_options.warm_up = [&lists] {
    if (const auto current = lists.current())
      (void)current->index.screen({"Борис Фиктицкий محمد 王 Jose\u0301 Warm-up"}, {0.99, 1});
  };

  raise_file_limit(server_options.max_connections, *context.err);
  std::optional<PeriodicSync> periodic;
  if (exchange_node && options.sync_every > 0)
    periodic.emplace(*exchange_node, millis(options.sync_every), *context.err);
  auto server = http::Server::start(*router, server_options);
  if (!server) return report_error(context, server.error());
  const auto current = lists.current();
  *context.out << "echri: serving " << (*server)->url() << " (database " << (*store)->describe()
               << "; " << (current ? current->index.entity_count() : 0) << " listed entities; "
               << (*server)->threads() << " workers, " << (*server)->io_threads()
               << " I/O threads); API description at " << (*server)->url()
               << "/api/v1/openapi.json; Ctrl-C stops" << std::endl;
  int signal = 0;
  // SIGHUP, as daemons take it, re-reads the certificate: a renewed one is used without a restart
  // and without dropping connections.
  while ((signal = signals.wait()) == SIGHUP) {
    if (!(*server)->tls()) {
      *context.err << "echri: SIGHUP: nothing to reload (no --tls-cert)\n";
      continue;
    }
    if (auto reloaded = (*server)->reload_tls(); reloaded)
      *context.err << "echri: SIGHUP: reloaded the TLS certificate " << options.tls_certificate
                   << " for new connections\n";
    else
      *context.err << "echri: SIGHUP: kept the previous TLS certificate: "
                   << reloaded.error().describe() << "\n";
  }
  *context.err << "echri: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
               << ": finishing requests in progress and stopping\n";
  (*server)->stop();
  return kExitOk;
}

}  // namespace

void add_serve_commands(CLI::App& app, Context& context) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve_command = app.add_subcommand(
      "serve",
      "Serve the HTTP API (docs/api.md) until interrupted (SIGINT or SIGTERM); over HTTPS with "
      "--tls-cert and --tls-key (SIGHUP reloads them)");
  serve_command->add_option("--listen", options->listen,
                            "Address and port, HOST:PORT (default 127.0.0.1:8080; port 0 picks "
                            "a free one)");
  add_database_option(serve_command, options->db);
  serve_command
      ->add_option("--policy", options->policy_file,
                   "Assessment policy TOML (default: the built-in policy)")
      ->check(CLI::ExistingFile);
  serve_command
      ->add_option(
          "--threads", options->threads,
          "Worker threads that run the longer handlers: writes, batches, audit verification "
          "(default: SQLite 2 per core, at least 4; PostgreSQL 4 per core, at least 16)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{4096}));
  serve_command
      ->add_option("--io-threads", options->io_threads,
                   "Threads that read and write the connections and run the short handlers (reads, "
                   "one screened name; default: SQLite one per core, at least 2; PostgreSQL as "
                   "--threads)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}));
  serve_command
      ->add_option("--max-connections", options->max_connections,
                   "Open connections beyond which new ones are answered 503 (default 4096)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  serve_command
      ->add_option("--max-connections-per-client", options->max_connections_per_client,
                   "The same for one client address, an IPv6 client by its /64 (default 256)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  serve_command
      ->add_option("--header-timeout", options->header_timeout,
                   "Seconds within which a request's head must arrive (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  serve_command
      ->add_option("--body-timeout", options->body_timeout,
                   "Seconds a body may take, plus one a 64 KiB it declares (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  serve_command
      ->add_option("--keep-alive-timeout", options->keep_alive_timeout,
                   "Seconds an open connection may wait for its next request (default 5)")
      ->check(CLI::Range(0.1, 3600.0));
  serve_command->add_option(
      "--auth-failures", options->auth_failures,
      "Failed authentications per client address and per token id within a minute before the "
      "server answers 429 (default 10; 0: no throttling, for a reverse proxy that throttles)");
  auto* certificate =
      serve_command
          ->add_option("--tls-cert", options->tls_certificate,
                       "PEM certificate (and chain) to serve HTTPS only; needs --tls-key; "
                       "SIGHUP reloads it")
          ->check(CLI::ExistingFile);
  auto* key = serve_command
                  ->add_option("--tls-key", options->tls_key,
                               "PEM private key of --tls-cert (keep it readable by echri only)")
                  ->check(CLI::ExistingFile);
  certificate->needs(key);
  key->needs(certificate);
  serve_command
      ->add_option("--web", options->web_folder,
                   "Serve the built web front end in this folder at / (index.html, and assets/ "
                   "with content hashes in their names, cached for a year)")
      ->check(CLI::ExistingDirectory);
  serve_command->add_option("--exchange-keys", options->exchange_keys,
                            "The node's exchange key file (default: <data dir>/exchange.keys, "
                            "when it exists; echri exchange keys --init creates it)");
  serve_command
      ->add_option("--sync-every", options->sync_every,
                   "Seconds between fetching and verifying the peers' logs (and publishing the "
                   "audit head); 0, the default, leaves it to echri exchange sync")
      ->check(CLI::Range(0.0, 86400.0 * 7));
  serve_command->add_flag("--demo", options->demo,
                          "Seed fictional demo organisations, users (printing their tokens) and "
                          "cases into an empty database");
  serve_command->callback([&context, options] { context.exit_code = serve(context, *options); });
}

}  // namespace echri::cli
