// The assessment's speed: one application at a time (the engine alone, and with its parties
// screened against all lists in ../shared/data), and 10,000 applications on both cores. The
// applications are generated from the catalogue, the country data and party names from the
// matching benchmark's negatives, with a fixed seed; file I/O is outside every timed region.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "assessment/assessment_json.hpp"
#include "assessment/country_import.hpp"
#include "bench_support.hpp"
#include "cases/party_screening.hpp"
#include "screening/list_format.hpp"

namespace echri {
namespace {

using Clock = std::chrono::steady_clock;

double micros_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

template <class T>
const T& pick(const std::vector<T>& values, std::mt19937& random) {
  return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(random)];
}

std::optional<bool> maybe(std::mt19937& random) {
  const int roll = std::uniform_int_distribution<int>(0, 9)(random);
  if (roll < 6) return true;
  if (roll < 8) return std::nullopt;
  return false;
}

std::vector<core::Application> generate(std::size_t count, const std::vector<std::string>& names,
                                        const std::vector<std::string>& destinations) {
  std::mt19937 random(20261123);
  const auto& catalogue = assessment::Catalogue::builtin();
  std::vector<std::string> entries;
  for (const auto& entry : catalogue.entries()) entries.push_back(entry.id);
  entries.push_back("none");
  std::vector<std::string> capabilities;
  for (const auto& capability : catalogue.capabilities()) capabilities.push_back(capability.id);
  std::vector<std::string> questions;
  for (const auto& question : catalogue.questions()) questions.push_back(question.id);
  const auto types = core::all_party_types();
  const auto uses = core::all_end_use_categories();

  std::vector<core::Application> applications;
  applications.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    core::Application application;
    application.reference = "BENCH-" + std::to_string(i);
    application.submitted_on = "2026-06-01";
    application.exporter = {"Fictional Exporter GmbH (bench)", "DE"};
    application.destination = pick(destinations, random);
    const int item_count = std::uniform_int_distribution<int>(1, 3)(random);
    for (int k = 0; k < item_count; ++k) {
      core::Item item;
      item.description = "bench item";
      item.control_entry = pick(entries, random);
      if (item.control_entry == "none") item.capabilities = {pick(capabilities, random)};
      application.items.push_back(std::move(item));
    }
    const int party_count = std::uniform_int_distribution<int>(1, 3)(random);
    for (int k = 0; k < party_count; ++k) {
      core::Party party;
      party.role = k == 0 ? core::PartyRole::end_user : core::PartyRole::consignee;
      party.name = pick(names, random);
      party.country = application.destination;
      party.type = *core::parse_party_type(pick(types, random));
      party.address = "1 Bench Street";
      application.parties.push_back(std::move(party));
    }
    application.end_use.description = "bench end use";
    application.end_use.category = *core::parse_end_use_category(pick(uses, random));
    application.assurances.end_use_statement = maybe(random);
    application.assurances.no_reexport = maybe(random);
    application.assurances.post_shipment_checks = maybe(random);
    for (const auto& question : questions)
      if (std::uniform_int_distribution<int>(0, 3)(random) > 0)
        application.answers[question] = std::uniform_int_distribution<int>(0, 9)(random) == 0;
    applications.push_back(std::move(application));
  }
  return applications;
}

assessment::CountryData load_countries(const std::filesystem::path& data) {
  assessment::CountryData countries;
  const std::vector<std::pair<std::string, assessment::CountryFormat>> files{
      {"pts_2024.csv", assessment::CountryFormat::pts_csv},
      {"freedom_house_fiw_2013-2024.csv", assessment::CountryFormat::fiw_csv}};
  for (const auto& [name, format] : files) {
    const auto path = data / "countries" / name;
    auto imported =
        assessment::parse_country_file(bench::read_text_file(path), path.string(), format);
    if (!imported) {
      std::cerr << imported.error().describe() << "\n";
      std::exit(1);
    }
    for (auto& record : imported->pts) countries.add(std::move(record));
    for (auto& record : imported->fiw) countries.add(std::move(record));
    countries.add_source(imported->source);
  }
  return countries;
}

struct Timings {
  std::vector<double> engine_us;
  std::vector<double> full_us;  // screening + engine + JSON
};

std::string assess_one(const core::Application& application, const cases::LoadedLists& lists,
                       const assessment::CountryData& countries) {
  assessment::AssessmentInput input;
  input.application = &application;
  input.screening = cases::screen_parties(&lists, application, screening::kDefaultThreshold);
  input.countries = &countries;
  input.as_of = application.submitted_on;
  const auto result =
      assessment::assess(input, assessment::Catalogue::builtin(), assessment::Policy::builtin());
  return assessment::to_json(result, application).dump();
}

}  // namespace
}  // namespace echri

int main(int argc, char** argv) {
  using namespace echri;
  std::size_t count = 10000;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--count" && i + 1 < argc)
      count = std::stoul(argv[++i]);
    else {
      std::cerr << "usage: echri_assess_bench [--count N]\n";
      return 2;
    }
  }
  const auto data = bench::shared_data_or_exit();
  const auto lists_dir = data / "lists";
  auto parsed = screening::parse_list_files(
      {lists_dir / "ofac" / "sdn.csv", lists_dir / "other" / "cons_prim.csv",
       lists_dir / "other" / "dpl.txt", lists_dir / "other" / "csl.csv",
       lists_dir / "un" / "UN_consolidated.xml"},
      screening::ListFormat::auto_detect);
  if (!parsed) {
    std::cerr << parsed.error().describe() << "\n";
    return 1;
  }
  std::vector<core::ListedEntity> entities;
  std::vector<std::string> versions;
  for (auto& list : *parsed) {
    versions.push_back(list.list_id);
    for (auto& entity : list.entities) entities.push_back(std::move(entity));
  }
  const cases::LoadedLists lists{screening::ScreeningIndex(std::move(entities)), versions};
  const auto countries = load_countries(data);

  std::vector<std::string> names;
  for (const auto& row : bench::read_csv_rows(data / "matching" / "negatives_us.csv"))
    if (const auto it = row.find("full_name"); it != row.end() && !it->second.empty())
      names.push_back(it->second);
  std::vector<std::string> destinations;
  for (const auto& country : core::all_countries())
    if (!countries.pts(country.alpha2).empty()) destinations.push_back(country.alpha2);
  if (names.empty() || destinations.empty()) {
    std::cerr << "no party names or no destinations with country data in " << data << "\n";
    return 1;
  }
  const auto applications = generate(count, names, destinations);

  // One at a time, one thread: the engine alone on pre-screened input, then everything that
  // `echri assess` does after loading (screening, engine, JSON).
  Timings timings;
  std::vector<assessment::ScreeningEvidence> screened;
  screened.reserve(applications.size());
  for (const auto& application : applications)
    screened.push_back(cases::screen_parties(&lists, application, screening::kDefaultThreshold));
  std::size_t checksum = 0;
  for (std::size_t i = 0; i < applications.size(); ++i) {
    assessment::AssessmentInput input;
    input.application = &applications[i];
    input.screening = screened[i];
    input.countries = &countries;
    input.as_of = applications[i].submitted_on;
    const auto start = Clock::now();
    const auto result =
        assessment::assess(input, assessment::Catalogue::builtin(), assessment::Policy::builtin());
    timings.engine_us.push_back(micros_since(start));
    checksum += result.factors.size();
  }
  for (const auto& application : applications) {
    const auto start = Clock::now();
    checksum += assess_one(application, lists, countries).size();
    timings.full_us.push_back(micros_since(start));
  }
  std::printf("applications: %zu (seed 20261123), %zu destinations, %zu party names\n",
              applications.size(), destinations.size(), names.size());
  std::printf("engine only, 1 thread:      p50 %.1f us, p99 %.1f us, max %.1f us\n",
              bench::median(timings.engine_us), bench::percentile(timings.engine_us, 0.99),
              bench::percentile(timings.engine_us, 1.0));
  std::printf("screen + assess + JSON:     p50 %.1f us, p99 %.1f us, max %.1f us\n",
              bench::median(timings.full_us), bench::percentile(timings.full_us, 0.99),
              bench::percentile(timings.full_us, 1.0));

  for (const unsigned threads : {1U, 2U}) {
    std::vector<std::size_t> sums(threads, 0);
    const auto start = Clock::now();
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        for (std::size_t i = t; i < applications.size(); i += threads)
          sums[t] += assess_one(applications[i], lists, countries).size();
      });
    workers.clear();
    const double seconds = micros_since(start) / 1e6;
    for (const auto sum : sums) checksum += sum;
    std::printf("%zu applications, %u thread(s): %.2f s wall, %.0f applications/s\n",
                applications.size(), threads, seconds,
                static_cast<double>(applications.size()) / seconds);
  }
  std::printf("peak memory %.0f MiB (checksum %zu)\n", bench::peak_rss_mib(), checksum);
  return 0;
}
