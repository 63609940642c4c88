// The batch route against the engine it serves: names a second screened by `POST /api/v1/screen`
// with batches of `--batch` queries and `"explain": false`, sent over `--connections` keep-alive
// connections to a running `echri serve`, beside names a second screened in this process by
// screen_batch on as many threads, over the same index snapshot, the same names and options.
// The two run in turn, run by run, each run on names neither has screened before (the warm-up
// has its own); each run's ratio route / in-process is printed, and their medians.
// bench/run-batch-bench starts the server and passes its URL and a token.
//
// usage: echri_batch_route_bench --data-dir DIR --url URL --token TOKEN [--names N]
//                                [--batch B] [--connections C] [--runs R]
//        echri_batch_route_bench --data-dir DIR --in-process-only yes [--write-bodies FILE]
//                                [--route-command CMD] ...
// The second form measures the in-process side alone and writes the route's request bodies for
// wrk, whose client costs the shared cores far less than this program's own HTTP client; with
// --route-command it runs CMD (wrk over those bodies, printing names a second) after each
// in-process pass and gives the ratio run by run.

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "core/country.hpp"
#include "screening/batch_screening.hpp"
#include "screening/index_snapshot.hpp"

namespace {

using namespace echri;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
  std::string data_dir;
  std::string url;
  std::string token;
  std::size_t names = 60'000;
  std::size_t batch = 100;
  unsigned connections = 2;
  int runs = 5;
  std::string write_bodies;  // --write-bodies FILE: the route's request bodies, one a line
  bool in_process_only = false;
  // --route-command CMD: a shell command that loads the route and prints its names a second
  // (bench/run-batch-bench passes wrk's); run after each in-process pass, for pairwise ratios.
  std::string route_command;
};

// The number a route command printed last, or a negative one when it failed.
double run_route_command(const std::string& command) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  double rate = -1;
  std::array<char, 256> line{};
  while (std::fgets(line.data(), static_cast<int>(line.size()), pipe) != nullptr) {
    char* end = nullptr;
    const double value = std::strtod(line.data(), &end);
    if (end != line.data()) rate = value;
  }
  return ::pclose(pipe) == 0 ? rate : -1;
}

// People who are not listed (as most screened names are), with the date of birth and
// nationality the fixtures give.
std::vector<screening::ScreeningQuery> fixture_names(const std::filesystem::path& matching,
                                                     std::size_t limit) {
  std::vector<screening::ScreeningQuery> queries;
  for (const char* file : {"negatives_us.csv", "negatives_global.csv"}) {
    for (const auto& row : bench::read_csv_rows(matching / file)) {
      if (queries.size() >= limit) return queries;
      screening::ScreeningQuery query;
      query.name = row.at("full_name");
      query.type = core::EntityType::person;
      const std::string& dob = row.at("date_of_birth");
      if (dob.size() >= 4) query.date_of_birth = dob.substr(0, dob.size() >= 10 ? 10 : 4);
      if (const auto country = core::resolve_country(row.at("nationality")))
        query.country = country->alpha2;
      queries.push_back(std::move(query));
    }
  }
  return queries;
}

std::vector<std::string> request_bodies(const std::vector<screening::ScreeningQuery>& queries,
                                        std::size_t batch) {
  std::vector<std::string> bodies;
  for (std::size_t first = 0; first < queries.size(); first += batch) {
    json list = json::array();
    for (std::size_t i = first; i < std::min(queries.size(), first + batch); ++i) {
      json query = {{"name", queries[i].name}, {"type", "person"}};
      if (!queries[i].date_of_birth.empty()) query["date_of_birth"] = queries[i].date_of_birth;
      if (!queries[i].country.empty()) query["country"] = queries[i].country;
      list.push_back(std::move(query));
    }
    bodies.push_back(json{{"queries", std::move(list)}, {"explain", false}}.dump());
  }
  return bodies;
}

struct RouteRun {
  double seconds = 0;
  std::size_t matches = 0;  // summed total_matches, when counted
  bool ok = true;
};

// Sends every body once, the connections taking them in turn; counts matches when asked.
RouteRun post_all(const Options& options, const std::vector<std::string>& bodies, bool count) {
  std::vector<std::size_t> matches(options.connections, 0);
  std::vector<int> failures(options.connections, 0);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < options.connections; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client(options.url);
      client.set_keep_alive(true);
      // Without it the request's head and body wait on delayed ACKs: 40 ms a request.
      client.set_tcp_nodelay(true);
      client.set_read_timeout(120, 0);
      const httplib::Headers headers = {{"Authorization", "Bearer " + options.token}};
      for (std::size_t i = c; i < bodies.size(); i += options.connections) {
        auto reply = client.Post("/api/v1/screen", headers, bodies[i], "application/json");
        if (!reply || reply->status != 200) {
          ++failures[c];
          if (reply) std::fprintf(stderr, "status %d: %s\n", reply->status, reply->body.c_str());
          continue;
        }
        if (count) {
          const json answer = json::parse(reply->body);
          for (const auto& result : answer.at("results"))
            matches[c] += result.at("total_matches").get<std::size_t>();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  RouteRun run;
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (unsigned c = 0; c < options.connections; ++c) {
    run.matches += matches[c];
    run.ok = run.ok && failures[c] == 0;
  }
  return run;
}

int usage() {
  std::fprintf(stderr,
               "usage: echri_batch_route_bench --data-dir DIR --url URL --token TOKEN [--names N] "
               "[--batch B] [--connections C] [--runs R]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--data-dir")
      options.data_dir = value;
    else if (flag == "--url")
      options.url = value;
    else if (flag == "--token")
      options.token = value;
    else if (flag == "--names")
      options.names = std::stoul(value);
    else if (flag == "--batch")
      options.batch = std::stoul(value);
    else if (flag == "--connections")
      options.connections = static_cast<unsigned>(std::stoul(value));
    else if (flag == "--runs")
      options.runs = std::stoi(value);
    else if (flag == "--write-bodies")
      options.write_bodies = value;
    else if (flag == "--in-process-only")
      options.in_process_only = value == "yes";
    else if (flag == "--route-command")
      options.route_command = value;
    else
      return usage();
  }
  if (argc % 2 == 0 || options.data_dir.empty() || options.batch == 0 || options.connections == 0 ||
      options.runs < 1 ||
      (!options.in_process_only && (options.url.empty() || options.token.empty())))
    return usage();

  const auto data = bench::shared_data_or_exit();
  auto loaded = screening::load_list_index(options.data_dir);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().describe().c_str());
    return 1;
  }
  const auto& index = loaded->index;
  const screening::ScreeningOptions screening_options{screening::kDefaultThreshold, 10, false};
  // Each run screens names neither side has seen: the name model remembers the readings of the
  // words a thread has met, and a run over the warm-up's names would measure that memory.
  const auto all = fixture_names(data / "matching", options.names);
  const std::size_t slice = all.size() / static_cast<std::size_t>(options.runs + 1);
  if (slice == 0) return usage();
  struct Slice {
    std::vector<screening::BatchQuery> queries;
    std::vector<std::string> bodies;
  };
  std::vector<Slice> slices(static_cast<std::size_t>(options.runs + 1));
  for (std::size_t s = 0; s < slices.size(); ++s) {
    const std::vector<screening::ScreeningQuery> part(
        all.begin() + static_cast<long>(s * slice),
        all.begin() + static_cast<long>((s + 1) * slice));
    slices[s].queries.reserve(part.size());
    for (const auto& query : part) slices[s].queries.push_back({"", query, 0});
    slices[s].bodies = request_bodies(part, options.batch);
  }

  if (!options.write_bodies.empty()) {
    std::ofstream out(options.write_bodies, std::ios::binary | std::ios::trunc);
    for (std::size_t s = 1; s < slices.size(); ++s)
      for (const auto& body : slices[s].bodies) out << body << "\n";
  }
  if (options.in_process_only) {
    // The route's side is measured by wrk (bench/run-batch-bench), which goes round the same
    // names: both sides screen them once before they are timed.
    for (const auto& part : slices)
      (void)screening::screen_batch(index, part.queries, screening_options, options.connections);
    if (!options.route_command.empty()) {
      // Each run: one in-process pass over every name the route's bodies hold, then the route
      // going round the same bodies; the ratio is taken run by run, so that the shared machine's
      // drift between runs cancels.
      std::vector<screening::BatchQuery> timed;
      for (std::size_t s = 1; s < slices.size(); ++s)
        timed.insert(timed.end(), slices[s].queries.begin(), slices[s].queries.end());
      // The server's warm-up: one round over the bodies, not counted.
      if (run_route_command(options.route_command) <= 0) {
        std::fprintf(stderr, "the route command failed: %s\n", options.route_command.c_str());
        return 1;
      }
      std::vector<double> local_rates;
      std::vector<double> route_rates;
      std::vector<double> ratios;
      for (int run = 1; run <= options.runs; ++run) {
        const auto start = Clock::now();
        (void)screening::screen_batch(index, timed, screening_options, options.connections);
        const double taken = std::chrono::duration<double>(Clock::now() - start).count();
        const double local = static_cast<double>(timed.size()) / taken;
        const double route = run_route_command(options.route_command);
        if (route <= 0) {
          std::fprintf(stderr, "the route command failed: %s\n", options.route_command.c_str());
          return 1;
        }
        local_rates.push_back(local);
        route_rates.push_back(route);
        ratios.push_back(route / local);
        std::printf("run %d: in process %.0f names/s, route %.0f names/s, ratio %.3f\n", run, local,
                    route, route / local);
      }
      std::printf(
          "median: in process %.0f names/s (%zu names a pass, %u threads), route %.0f names/s; "
          "route / in process %.3f (%.3f-%.3f)\n",
          bench::median(local_rates), timed.size(), options.connections, bench::median(route_rates),
          bench::median(ratios), bench::percentile(ratios, 0.0), bench::percentile(ratios, 1.0));
      return 0;
    }
    std::vector<double> rates;
    for (int run = 1; run <= options.runs; ++run) {
      const auto& part = slices[static_cast<std::size_t>(run)].queries;
      const auto start = Clock::now();
      (void)screening::screen_batch(index, part, screening_options, options.connections);
      const double taken = std::chrono::duration<double>(Clock::now() - start).count();
      rates.push_back(static_cast<double>(part.size()) / taken);
      std::printf("in process, run %d: %.0f names/s\n", run, rates.back());
    }
    std::printf("in process: median %.0f names/s (%.0f-%.0f), %zu names a run, %u threads\n",
                bench::median(rates), bench::percentile(rates, 0.0), bench::percentile(rates, 1.0),
                slice, options.connections);
    return 0;
  }

  // Warm-up on the first slice, and the check that both sides do the same work: the same
  // number of matches.
  const auto in_process =
      screening::screen_batch(index, slices[0].queries, screening_options, options.connections);
  std::size_t expected = 0;
  for (const auto& result : in_process) expected += result.matches.size();
  const auto counted = post_all(options, slices[0].bodies, true);
  std::printf(
      "%zu names a run, batches of %zu, %u connections / threads; warm-up matches: in "
      "process %zu, route %zu (limit 10 per name)\n",
      slice, options.batch, options.connections, expected, counted.matches);
  if (!counted.ok || counted.matches != expected) {
    std::fprintf(stderr, "the route refused requests or found other matches\n");
    return 1;
  }

  std::vector<double> local_rates;
  std::vector<double> route_rates;
  std::vector<double> ratios;
  const auto names = static_cast<double>(slice);
  for (int run = 1; run <= options.runs; ++run) {
    const auto& part = slices[static_cast<std::size_t>(run)];
    const auto start = Clock::now();
    const auto results =
        screening::screen_batch(index, part.queries, screening_options, options.connections);
    const double local = std::chrono::duration<double>(Clock::now() - start).count();
    if (results.size() != part.queries.size()) return 1;
    const auto route = post_all(options, part.bodies, false);
    if (!route.ok) return 1;
    local_rates.push_back(names / local);
    route_rates.push_back(names / route.seconds);
    ratios.push_back(local / route.seconds);
    std::printf("run %d: in process %.0f names/s, route %.0f names/s, ratio %.3f\n", run,
                names / local, names / route.seconds, local / route.seconds);
  }
  std::printf(
      "median: in process %.0f names/s, route %.0f names/s; route / in process %.3f "
      "(%.3f-%.3f)\n",
      bench::median(local_rates), bench::median(route_rates), bench::median(ratios),
      bench::percentile(ratios, 0.0), bench::percentile(ratios, 1.0));
  return 0;
}
