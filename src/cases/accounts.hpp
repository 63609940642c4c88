#pragma once
// Organisations, users, roles and API tokens: who may act, and for whom. A token is a 256-bit
// random secret, shown once and stored only as its SHA-256, compared in constant time. A token one
// person issues for another person's account is an enrolment token: its owner exchanges it once
// for a token of their own, and until then it can do nothing else.

#include <chrono>
#include <cstdint>
#include <memory>
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
  std::string secret;      // "echri_<token_id>_<random>": shown once, never stored
  bool enrolment = false;  // issued by someone else for the user: to be exchanged first
};

// The token id of a well-formed bearer token ("echri_<16 hex>_<64 hex>"), nullopt for anything
// else: what failed authentications are throttled by before anything is looked up.
std::optional<std::string_view> token_id_of(std::string_view bearer_token);

// Where authenticate() may look a token up.
enum class TokenLookup {
  store,        // in memory, else in the store
  memory_only,  // only tokens held in memory (read from the store recently); never the store:
                // what a throttled client gets
};

// Account management over the store; every change is audited.
//
// authenticate() keeps the tokens it has read from the store in memory (their hash, user and
// role), so that a wrong secret for a known token id costs a SHA-256 and a comparison, and
// nothing else. A token whose secret matches is looked up in the store again when it was last
// read there more than `recheck_interval` ago, so that changes made elsewhere (the `echri users`
// commands, another server on the same database) are seen within that interval; changes made
// through this object take effect at once. Entries unused for `cache_lifetime` are dropped, and
// only live tokens are ever held, so the memory is bounded by the tokens in use.
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
  // Deactivating revokes every token of the user (each revocation audited), so that activating
  // the user again does not revive them; activating revokes any token still active from before
  // (databases written by earlier versions).
  Result<User> set_active(const Principal& actor, std::string_view user_id, bool active,
                          std::optional<std::int64_t> if_match = std::nullopt);

  // A new token for the user; conflict when the user is inactive. A token for another person's
  // account (the system's included) is an enrolment token; a user's token for themselves is not.
  Result<IssuedToken> issue_token(const Principal& actor, std::string_view user_id);
  // The enrolment token `actor` authenticated with (actor.token_id) is revoked and a token of
  // the user's own issued in its place, in one transaction; `client` (the address the exchange
  // came from) goes into the audit record. conflict when the token is not an enrolment token or
  // was exchanged already.
  Result<IssuedToken> exchange_token(const Principal& actor, std::string_view client = {});
  // The principal a bearer token stands for (with its token id, and whether it is an enrolment
  // token); not_found for an unknown, revoked or inactive one, and for a token stored by an
  // earlier version as an Argon2id hash (no longer verified: the message says to re-issue it).
  Result<Principal> authenticate(std::string_view bearer_token,
                                 TokenLookup lookup = TokenLookup::store);
  Result<void> revoke_token(const Principal& actor, std::string_view token_id);
  // How many active tokens an earlier version stored as Argon2id hashes (they no longer work).
  Result<std::size_t> legacy_tokens();

 private:
  struct Known;
  void forget(std::string_view token_id, std::string_view user);

  store::Store& store_;
  std::chrono::seconds cache_lifetime_;
  std::chrono::milliseconds recheck_interval_;
  std::mutex cache_mutex_;
  std::unordered_map<std::string, std::shared_ptr<Known>> known_;  // by token id
  std::uint64_t forgotten_ = 0;  // counts forget() calls; guarded by cache_mutex_
};

// The user `id` as stored, read inside a unit of work that also acts on what it finds (the
// workflow checks an assignee in the transaction that assigns the case).
Result<std::optional<User>> find_user_in(store::Transaction& tx, std::string_view id);

// The principal the system itself acts as (migrations, demo seeding, list re-screening).
Principal system_principal();

}  // namespace echri::cases
