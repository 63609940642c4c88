#include "cases/peer_denials_in_force.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace echri::cases {
namespace {

using exchange::NotificationKind;
using nlohmann::json;

using EntryKey = std::pair<std::string, std::uint64_t>;  // log origin, leaf index

struct Denial {
  const exchange::ReceivedEntry* entry = nullptr;
  json body;  // with the follow-ups applied
  bool revoked = false;
};

bool is_valid(NotificationKind kind, const json& body) {
  return exchange::validate_body(kind, body, "$.body").has_value();
}

bool is_follow_up(NotificationKind kind) {
  return kind == NotificationKind::denial_amendment || kind == NotificationKind::denial_renewal ||
         kind == NotificationKind::denial_revocation;
}

// The denial a validated follow-up refers to, or null when it refers to none of the denials
// read or to one it may not change.
Denial* target_of(const exchange::ReceivedEntry& follow_up, std::map<EntryKey, Denial>& denials) {
  const auto& refers_to = follow_up.body.at("refers_to");
  const auto found = denials.find(
      {refers_to.at("origin").get<std::string>(), refers_to.at("index").get<std::uint64_t>()});
  if (found == denials.end()) return nullptr;
  const auto& original = *found->second.entry;
  if (follow_up.entry.issuer != original.entry.issuer) return nullptr;
  // A log only grows: what refers to an entry cannot sit before it in the same log.
  if (follow_up.log == original.log && follow_up.index <= original.index) return nullptr;
  return &found->second;
}

// Applies `changed` to the denial when the result is still a valid denial: a follow-up that
// would break it (an expiry before the decision) is ignored rather than dropping the denial.
void apply_if_valid(Denial& denial, json changed) {
  if (is_valid(NotificationKind::denial, changed)) denial.body = std::move(changed);
}

void apply(const exchange::ReceivedEntry& follow_up, Denial& denial, std::string_view today) {
  switch (*follow_up.kind) {
    case NotificationKind::denial_amendment: {
      auto changed = denial.body;
      for (const auto& [key, value] : follow_up.body.at("changes").items()) changed[key] = value;
      apply_if_valid(denial, std::move(changed));
      return;
    }
    case NotificationKind::denial_renewal: {
      auto changed = denial.body;
      changed["expires_on"] = follow_up.body.at("expires_on");
      apply_if_valid(denial, std::move(changed));
      return;
    }
    case NotificationKind::denial_revocation:
      // Dates of one form compare as text.
      if (follow_up.body.at("revoked_on").get<std::string>() <= today) denial.revoked = true;
      return;
    default:
      return;
  }
}

std::string joined(const json& codes) {
  std::string text;
  for (const auto& code : codes) text += (text.empty() ? "" : ", ") + code.get<std::string>();
  return text;
}

}  // namespace

std::vector<assessment::PeerDenial> denials_in_force(
    std::span<const exchange::ReceivedEntry> entries, std::string_view today) {
  std::map<EntryKey, Denial> denials;
  std::vector<EntryKey> order;  // the denials as the logs list them
  for (const auto& entry : entries) {
    if (!entry.readable || entry.kind != NotificationKind::denial ||
        !is_valid(NotificationKind::denial, entry.body))
      continue;
    EntryKey key{entry.log, entry.index};
    if (denials.emplace(key, Denial{&entry, entry.body, false}).second)
      order.push_back(std::move(key));
  }
  for (const auto& entry : entries) {
    if (!entry.readable || !entry.kind || !is_follow_up(*entry.kind) ||
        !is_valid(*entry.kind, entry.body))
      continue;
    if (Denial* denial = target_of(entry, denials)) apply(entry, *denial, today);
  }

  std::vector<assessment::PeerDenial> in_force;
  for (const auto& key : order) {
    const auto& denial = denials.at(key);
    const auto& body = denial.body;
    if (denial.revoked || body.at("expires_on").get<std::string>() < today) continue;
    const auto& end_user = body.at("end_user");
    assessment::PeerDenial base;
    base.state = denial.entry->entry.issuer;
    base.reference = key.first + "#" + std::to_string(key.second) + " (" +
                     body.at("authority_reference").get<std::string>() + ")";
    base.date = body.at("decision_date").get<std::string>();
    base.end_user = end_user.at("name").get<std::string>();
    base.destination = end_user.at("country").get<std::string>();
    base.reason = joined(body.at("reasons"));
    for (const auto& control_entry : body.at("control_entries")) {
      auto one = base;
      one.control_entry = control_entry.get<std::string>();
      in_force.push_back(std::move(one));
    }
  }
  return in_force;
}

}  // namespace echri::cases
