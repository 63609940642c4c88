#pragma once
// Organisations, users, roles and API tokens: who may act, and for whom. Tokens are shown once
// and stored only as Argon2id hashes; a verified token is remembered (by its SHA-256) for a short
// while so that a busy API does not pay Argon2id on every request.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

enum class Role {
  exporter,        // submits applications and advisory queries for its organisation
  officer,         // licensing officer of the authority
  senior_officer,  // the second pair of eyes; may also do all an officer does
  auditor,         // reads everything, changes nothing
  civil_society,   // submits evidence about end users and technologies
  admin,           // manages organisations, users and tokens
  peer_node,       // another Subscribing State's echri node (the exchange)
};

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);
std::vector<std::string_view> all_roles();

enum class OrganisationKind { authority, exporter, civil_society, peer_state };
std::string_view to_string(OrganisationKind kind);
std::optional<OrganisationKind> parse_organisation_kind(std::string_view text);

struct Organisation {
  std::string id;    // [a-z0-9-]+, e.g. "acme-exports"
  std::string name;  // display name
  OrganisationKind kind = OrganisationKind::exporter;
  std::string country;  // ISO 3166-1 alpha-2
};

struct User {
  std::string id;  // the login name, [a-z0-9._-]+
  std::string name;
  Role role = Role::officer;
  std::string organisation;  // organisation id
  bool active = true;
  std::int64_t version = 0;  // of the stored record, for If-Match; 0 before it is stored
};

// The acting user, as every workflow call receives it.
struct Principal {
  std::string user;
  Role role = Role::officer;
  std::string organisation;
  // The token the principal authenticated with ("" for the system and for the CLI acting as it);
  // every audit record names it.
  std::string token_id{};
  // An enrolment token (issued by one person for another's account) may only be exchanged for
  // the owner's own token; it cannot act on cases.
  bool enrolment = false;
  // Authority staff (officer, senior_officer, auditor, admin) see every organisation's data.
  [[nodiscard]] bool sees_all_organisations() const;
};

struct IssuedToken {
  std::string token_id{};
  std::string secret;  // "echri_<token_id>_<random>": shown once, never stored
};

// Account management over the store; every change is audited.
//
// authenticate() runs Argon2id once per token and then answers from a cache for
// `cache_lifetime`. Changes made through this object evict at once; changes made elsewhere (the
// `echri users` commands, another server on the same database) are seen within
// `recheck_interval`, when a cached token is looked up in the store again (a read, no Argon2id).
class Accounts {
 public:
  explicit Accounts(store::Store& store,
                    std::chrono::seconds cache_lifetime = std::chrono::seconds(300),
                    std::chrono::milliseconds recheck_interval = std::chrono::seconds(1));

  Result<Organisation> add_organisation(const Principal& actor, const Organisation& organisation);
  Result<std::optional<Organisation>> find_organisation(std::string_view id);
  Result<std::vector<Organisation>> organisations();

  Result<User> add_user(const Principal& actor, const User& user);
  Result<std::optional<User>> find_user(std::string_view id);
  Result<std::vector<User>> users();
  // stale when `if_match` is given and the stored user is at another version.
  Result<User> set_active(const Principal& actor, std::string_view user_id, bool active,
                          std::optional<std::int64_t> if_match = std::nullopt);

  // A new token for the user; conflict when the user is inactive.
  Result<IssuedToken> issue_token(const Principal& actor, std::string_view user_id);
  // The principal a bearer token stands for; not_found for an unknown, revoked or inactive one.
  Result<Principal> authenticate(std::string_view bearer_token);
  Result<void> revoke_token(const Principal& actor, std::string_view token_id);

 private:
  store::Store& store_;
  std::chrono::seconds cache_lifetime_;
  std::chrono::milliseconds recheck_interval_;
  struct Cached {
    Principal principal;
    std::chrono::steady_clock::time_point until;
    std::chrono::steady_clock::time_point checked;  // last seen live in the store
  };
  std::mutex cache_mutex_;
  std::unordered_map<std::string, Cached> verified_;  // key: SHA-256 of the bearer token
};

// The principal the system itself acts as (migrations, demo seeding, list re-screening).
Principal system_principal();

}  // namespace echri::cases
