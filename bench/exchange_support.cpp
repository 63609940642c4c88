#include "exchange_support.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <span>

#include "core/file_io.hpp"
#include "exchange/notification.hpp"
#include "exchange/own_log.hpp"

namespace echri::bench {
namespace {

using nlohmann::json;

// Fictional names and places, combined by sequence number so that neighbouring entries differ
// the way real denials do (and no two rows compress to nothing).
constexpr std::array kAgencies{"Monitoring Directorate", "Signals Bureau", "Public Order Service",
                               "Border Technology Office", "Interior Security Command"};
constexpr std::array kCities{"Example City", "Sample Town", "Fictional Harbour", "Testville",
                             "Placeholder Heights"};
constexpr std::array kCountries{"EG", "AE", "TR", "IR", "BY", "MM", "VE", "ET"};
constexpr std::array kItems{
    "IP network surveillance system with deep packet inspection and retention of metadata",
    "Mobile network interception equipment (IMSI catcher) with vehicle installation kit",
    "Intrusion software platform with remote deployment and exfiltration modules",
    "Facial recognition system for video streams of public spaces with watch-list alerts",
    "Forensic extraction kit for mobile telephones, including locked-device support"};
constexpr std::array kControlEntries{"5A001.j", "5D001", "5E001", "4A005", "4D004", "5A001.f"};

std::string two_digits(std::uint64_t value) {
  std::array<char, 3> out{};
  std::snprintf(out.data(), out.size(), "%02u", static_cast<unsigned>(value % 100));
  return out.data();
}

}  // namespace

void exit_on_error(const char* program, const Error& error) {
  std::cerr << program << ": " << error.describe() << "\n";
  std::exit(1);
}

std::string denial_entry(std::uint64_t sequence) {
  const auto pick = [sequence](const auto& list, std::uint64_t salt) {
    return list.at((sequence / (salt + 1) + salt) % list.size());
  };
  const std::string day = two_digits(sequence % 28 + 1);
  const std::string month = two_digits(sequence / 28 % 12 + 1);
  const std::string number = std::to_string(sequence);
  json body = {
      {"authority_reference", "DN-DE-2026-" + number},
      {"decision_date", "2026-" + month + "-" + day},
      {"expires_on", "2029-" + month + "-" + day},
      {"control_entries", {pick(kControlEntries, 0), pick(kControlEntries, 3) + std::string("/b")}},
      {"capabilities", {"internet_surveillance", "communications_interception"}},
      {"item_description", std::string(pick(kItems, 1)) + "; order " + number +
                               ", delivered with installation, training and two years of "
                               "updates"},
      {"end_user",
       {{"name", std::string("Fictional ") + pick(kAgencies, 2) + " " + number},
        {"address", number + " Example Street\n" + pick(kCities, 3)},
        {"country", pick(kCountries, 4)}}},
      {"consignee",
       {{"name", "Example Trading LLC " + number},
        {"address", "Free Zone Unit " + number + "\n" + pick(kCities, 5)},
        {"country", "AE"}}},
      {"other_parties",
       {{{"role", "intermediate"}, {"name", "Sample Freight " + number}, {"country", "TR"}},
        {{"role", "purchaser"}, {"name", "Placeholder Procurement Agency"}, {"country", "EG"}}}},
      {"end_use",
       "monitoring of national internet traffic and of the communications of persons "
       "named by the security services, without judicial authorisation"},
      {"reasons", {"HR1", "HR3", "EU2"}}};
  exchange::Entry entry;
  entry.issuer = "DE";
  entry.issued_at = "2026-" + month + "-" + day + "T10:" + two_digits(sequence / 60 % 60) + ":" +
                    two_digits(sequence % 60) + "Z";
  entry.kind = exchange::NotificationKind::denial;
  entry.body = std::move(body);
  return must("denial_entry", exchange::encode_entry(entry));
}

double publish_in_batches(store::Store& store, const exchange::Ed25519Signer& log_key,
                          const std::vector<std::string>& entries, std::size_t batch) {
  const exchange::Actor actor{"bench", "system", ""};
  const std::span<const std::string> all(entries);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t first = 0; first < all.size(); first += batch) {
    const auto part = all.subspan(first, std::min(batch, all.size() - first));
    auto written = store.write([&](store::Transaction& tx) -> Result<void> {
      ECHRI_TRY(exchange::publish_entries(tx, log_key, part, actor));
      return {};
    });
    if (!written) exit_on_error("publish_in_batches", written.error());
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count();
}

Result<exchange::NodeKeys> read_node_keys(const std::filesystem::path& path) {
  ECHRI_ASSIGN_OR_RETURN(const auto text, core::read_text_file(path));
  return exchange::parse_node_keys(text, path.string());
}

Result<std::string> StorePeerSource::checkpoint() {
  return exchange::published_checkpoint(*store_, origin_);
}

Result<std::string> StorePeerSource::tile(const exchange::TilePath& path) {
  return exchange::published_tile(*store_, origin_, path);
}

}  // namespace echri::bench
