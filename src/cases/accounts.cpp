#include "cases/accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cases/internal/audited_write.hpp"
#include "core/country.hpp"
#include "core/digest.hpp"
#include "core/enum_names.hpp"
#include "core/text_util.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;

// Inside this file a refused step raises echri::Failure; every public method turns it back into
// a Result (catch_failure).

constexpr std::string_view kOrganisationKind = "organisation";
constexpr std::string_view kUserKind = "user";
constexpr std::string_view kTokenKind = "token";

constexpr std::string_view kTokenPrefix = "echri_";
constexpr std::size_t kTokenIdBytes = 8;
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxNameLength = 200;
// Tokens held in memory are swept of unused entries when there are more than this; only live
// tokens are ever held, so the sweep keeps the map from growing without end.
constexpr std::size_t kCacheSweepSize = 4096;
// How a token's hash is stored: "sha256:" and the lower-case hex SHA-256 of the whole bearer
// token. Earlier versions stored "$argon2id$...".
constexpr std::string_view kHashPrefix = "sha256:";
constexpr std::string_view kArgon2Prefix = "$argon2";
using TokenHash = core::Sha256Digest;

constexpr core::EnumNames<Role, 7> kRoleNames{{
    {Role::exporter, "exporter"},
    {Role::officer, "officer"},
    {Role::senior_officer, "senior_officer"},
    {Role::auditor, "auditor"},
    {Role::civil_society, "civil_society"},
    {Role::admin, "admin"},
    {Role::peer_node, "peer_node"},
}};

constexpr core::EnumNames<OrganisationKind, 4> kOrganisationKindNames{{
    {OrganisationKind::authority, "authority"},
    {OrganisationKind::exporter, "exporter"},
    {OrganisationKind::civil_society, "civil_society"},
    {OrganisationKind::peer_state, "peer_state"},
}};

// Which kind of organisation a role belongs to: an officer of an exporting company would see
// every organisation's cases, so the pairing is enforced, not merely conventional.
OrganisationKind organisation_kind_for(Role role) {
  switch (role) {
    case Role::exporter:
      return OrganisationKind::exporter;
    case Role::civil_society:
      return OrganisationKind::civil_society;
    case Role::peer_node:
      return OrganisationKind::peer_state;
    case Role::officer:
    case Role::senior_officer:
    case Role::auditor:
    case Role::admin:
      break;
  }
  return OrganisationKind::authority;
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::array<unsigned char, 64> buffer{};
  if (bytes > buffer.size()) throw std::logic_error("random_hex: too many bytes");
  randombytes_buf(buffer.data(), bytes);
  auto out = hex(buffer.data(), bytes);
  sodium_memzero(buffer.data(), buffer.size());
  return out;
}

bool id_char(char c, std::string_view extra) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.find(c) != std::string::npos;
}

// Ids are URL path segments and log fields, so they are restricted to a safe alphabet and must
// start with a letter or digit (no "..", no leading "-" that a shell would read as an option).
void check_id(std::string_view id, std::string_view extra, std::string_view field) {
  const std::string alphabet = "lower-case letters, digits and '" + std::string(extra) +
                               "', starting with a letter or digit";
  if (id.empty()) raise(ErrorKind::invalid_input, "is required", std::string(field));
  if (id.size() > kMaxIdLength)
    raise(ErrorKind::invalid_input,
          "is longer than " + std::to_string(kMaxIdLength) + " characters", std::string(field));
  if (!id_char(id.front(), "") ||
      !std::all_of(id.begin(), id.end(), [&](char c) { return id_char(c, extra); }))
    raise(ErrorKind::invalid_input, "'" + std::string(id) + "' may contain only " + alphabet,
          std::string(field));
}

void check_name(std::string_view name, std::string_view field) {
  if (core::trim(name).empty()) raise(ErrorKind::invalid_input, "is required", std::string(field));
  if (name.size() > kMaxNameLength)
    raise(ErrorKind::invalid_input, "is longer than " + std::to_string(kMaxNameLength) + " bytes",
          std::string(field));
  if (!core::is_valid_utf8(name))
    raise(ErrorKind::invalid_input, "is not valid UTF-8", std::string(field));
}

bool is_system(const Principal& actor) {
  return actor.user == system_principal().user && actor.token_id.empty();
}

// An enrolment token can do nothing but be exchanged; the router refuses it first, this is the
// second line.
void refuse_enrolment(const Principal& actor) {
  if (actor.enrolment)
    raise(ErrorKind::forbidden,
          "an enrolment token must be exchanged for a token of your own first "
          "(POST /api/v1/tokens/exchange)");
}

void require_admin(const Principal& actor, std::string_view what) {
  refuse_enrolment(actor);
  if (is_system(actor)) return;
  if (actor.role != Role::admin)
    raise(ErrorKind::forbidden, "a " + std::string(to_string(actor.role)) + " may not " +
                                    std::string(what) + " (needs: admin)");
}

void check_version(const store::Record& record, std::optional<std::int64_t> if_match) {
  if (if_match && *if_match != record.version)
    raise(ErrorKind::stale, record.kind + " " + record.id + " is at version " +
                                std::to_string(record.version) + ", not " +
                                std::to_string(*if_match) + ": reload it and try again");
}

store::Record save(store::Transaction& tx, const Principal& actor, std::string_view action,
                   const std::optional<store::Record>& before, store::Record after,
                   const json& detail = json::object()) {
  return detail::write_audited(tx, actor, action, before, std::move(after), detail);
}

json to_body(const Organisation& organisation) {
  return json{{"id", organisation.id},
              {"name", organisation.name},
              {"kind", to_string(organisation.kind)},
              {"country", organisation.country}};
}

json to_body(const User& user) {
  return json{{"id", user.id},
              {"name", user.name},
              {"role", to_string(user.role)},
              {"organisation", user.organisation},
              {"active", user.active}};
}

// Bodies are written only by this file, so a body that does not parse back is a bug or a
// tampered database: internal.
Organisation organisation_of(const store::Record& record) {
  try {
    const auto body = json::parse(record.body);
    Organisation organisation;
    organisation.id = body.at("id").get<std::string>();
    organisation.name = body.at("name").get<std::string>();
    const auto kind = parse_organisation_kind(body.at("kind").get<std::string>());
    if (!kind) throw std::runtime_error("unknown kind");
    organisation.kind = *kind;
    organisation.country = body.at("country").get<std::string>();
    return organisation;
  } catch (const std::exception& error) {
    raise(ErrorKind::internal, "stored organisation cannot be read: " + std::string(error.what()),
          record.id);
  }
}

User user_of(const store::Record& record) {
  try {
    const auto body = json::parse(record.body);
    User user;
    user.id = body.at("id").get<std::string>();
    user.name = body.at("name").get<std::string>();
    const auto role = parse_role(body.at("role").get<std::string>());
    if (!role) throw std::runtime_error("unknown role");
    user.role = *role;
    user.organisation = body.at("organisation").get<std::string>();
    user.active = body.at("active").get<bool>();
    user.version = record.version;
    return user;
  } catch (const std::exception& error) {
    raise(ErrorKind::internal, "stored user cannot be read: " + std::string(error.what()),
          record.id);
  }
}

json parse_body(const store::Record& record) {
  try {
    return json::parse(record.body);
  } catch (const json::exception& error) {
    raise(ErrorKind::internal,
          "stored " + record.kind + " cannot be read: " + std::string(error.what()), record.id);
  }
}

// Every record of a kind, page by page: the store caps a page, account lists are small.
std::vector<store::Record> all_records(store::Transaction& tx, std::string_view kind) {
  constexpr std::size_t kPage = 500;
  std::vector<store::Record> records;
  store::RecordQuery query;
  query.kind = std::string(kind);
  query.limit = kPage;
  for (;;) {
    auto page = value_or_raise(tx.list(query));
    const auto got = page.records.size();
    std::move(page.records.begin(), page.records.end(), std::back_inserter(records));
    if (got < kPage || records.size() >= page.total) break;
    query.offset += got;
  }
  return records;
}

// "echri_<16 hex>_<64 hex>" split into id and secret; nullopt for anything else, without telling
// the caller which part was wrong.
struct TokenParts {
  std::string_view id;
  std::string_view secret;
};

std::optional<TokenParts> split_token(std::string_view token) {
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return std::nullopt;
  token.remove_prefix(kTokenPrefix.size());
  const auto separator = token.find('_');
  if (separator != kTokenIdBytes * 2) return std::nullopt;
  TokenParts parts{token.substr(0, separator), token.substr(separator + 1)};
  if (parts.secret.size() != kSecretBytes * 2) return std::nullopt;
  if (!core::is_lower_hex(parts.id) || !core::is_lower_hex(parts.secret)) return std::nullopt;
  return parts;
}

// SHA-256 of the whole bearer token. A token carries 256 random bits, so a plain hash cannot be
// reversed or guessed from the database, and needs no key to manage (docs/api.md explains the
// choice). It runs on every request, so it hashes on the stack.
TokenHash hash_token(std::string_view bearer_token) {
  return core::sha256(bearer_token);
}

std::string stored_hash(const TokenHash& hash) {
  return std::string(kHashPrefix) + hex(hash.data(), hash.size());
}

// What authentication reads from the store: a live token (active, its user active).
struct LiveToken {
  std::optional<TokenHash> hash;  // nullopt: stored as Argon2id by an earlier version
  Principal principal;
};

// A token record's hash: the SHA-256, or nullopt for an Argon2id hash of an earlier version.
std::optional<TokenHash> hash_of(const store::Record& token, const json& body) {
  const auto found = body.find("hash");
  if (found == body.end() || !found->is_string())
    raise(ErrorKind::internal, "stored token has no hash", token.id);
  const auto& text = found->get_ref<const std::string&>();
  if (text.starts_with(kArgon2Prefix)) return std::nullopt;
  TokenHash hash{};
  std::size_t length = 0;
  const auto digits = std::string_view(text).substr(std::min(text.size(), kHashPrefix.size()));
  if (!text.starts_with(kHashPrefix) || digits.size() != hash.size() * 2 ||
      sodium_hex2bin(hash.data(), hash.size(), digits.data(), digits.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != hash.size())
    raise(ErrorKind::internal, "stored token hash cannot be read", token.id);
  return hash;
}

bool is_enrolment(const json& token_body) {
  const auto found = token_body.find("enrolment");
  return found != token_body.end() && found->is_boolean() && found->get<bool>();
}

std::optional<LiveToken> read_live_token(store::Transaction& tx, std::string_view token_id) {
  auto token = value_or_raise(tx.find(kTokenKind, token_id));
  if (!token || token->state != "active") return std::nullopt;
  const auto body = parse_body(*token);
  auto user_record = value_or_raise(tx.find(kUserKind, token->parent));
  if (!user_record) return std::nullopt;
  const auto user = user_of(*user_record);
  if (!user.active) return std::nullopt;
  Principal principal{user.id, user.role, user.organisation};
  principal.token_id = token->id;
  principal.enrolment = is_enrolment(body);
  return LiveToken{hash_of(*token, body), std::move(principal)};
}

Result<std::optional<LiveToken>> live_token(store::Store& store, std::string_view token_id) {
  return store::read_returning<std::optional<LiveToken>>(
      store, [&](store::Transaction& tx) -> Result<std::optional<LiveToken>> {
        return catch_failure(
            [&]() -> Result<std::optional<LiveToken>> { return read_live_token(tx, token_id); });
      });
}

// Every active token of a user, revoked: on deactivation, so that activating the user again
// does not revive them. Each revocation is a record write with its own audit record.
void revoke_all_tokens(store::Transaction& tx, const Principal& actor, std::string_view user_id,
                       std::string_view reason) {
  store::RecordQuery query;
  query.kind = std::string(kTokenKind);
  query.parent = std::string(user_id);
  query.states = {"active"};
  query.limit = 500;
  std::vector<store::Record> tokens;
  for (;;) {
    auto page = value_or_raise(tx.list(query));
    const auto got = page.records.size();
    std::move(page.records.begin(), page.records.end(), std::back_inserter(tokens));
    if (got < query.limit || tokens.size() >= page.total) break;
    query.offset += got;
  }
  for (const auto& token : tokens) {
    auto after = token;
    auto body = parse_body(token);
    body["revoked_by"] = actor.user;
    body["revoked_because"] = reason;
    after.state = "revoked";
    after.body = body.dump();
    save(tx, actor, "token.revoke", token, after,
         json{{"user", token.parent}, {"because", reason}});
  }
}

Error unknown_token() {
  return Error{ErrorKind::not_found, "the bearer token is unknown, revoked or its user inactive",
               ""};
}

Error legacy_token(std::string_view token_id) {
  return Error{ErrorKind::not_found,
               "token " + std::string(token_id) +
                   " was issued by an earlier version of echri, which stored it as an Argon2id "
                   "hash; this version no longer verifies those: ask an administrator for a new "
                   "token (echri users token USER, or POST /api/v1/users/{id}/tokens)",
               ""};
}

}  // namespace

std::string_view to_string(Role role) {
  return core::name_of(kRoleNames, role);
}

std::optional<Role> parse_role(std::string_view text) {
  return core::value_of(kRoleNames, text);
}

std::vector<std::string_view> all_roles() {
  return core::names_of(kRoleNames);
}

std::string_view to_string(OrganisationKind kind) {
  return core::name_of(kOrganisationKindNames, kind);
}

std::optional<OrganisationKind> parse_organisation_kind(std::string_view text) {
  return core::value_of(kOrganisationKindNames, text);
}

bool Principal::sees_all_organisations() const {
  return role == Role::officer || role == Role::senior_officer || role == Role::auditor ||
         role == Role::admin;
}

Principal system_principal() {
  return Principal{"system", Role::admin, ""};
}

Accounts::Accounts(store::Store& store, std::chrono::seconds cache_lifetime,
                   std::chrono::milliseconds recheck_interval)
    : store_(store), cache_lifetime_(cache_lifetime), recheck_interval_(recheck_interval) {
  // Idempotent and thread-safe; randombytes_buf and crypto_hash_sha256 need it.
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

Result<Organisation> Accounts::add_organisation(const Principal& actor,
                                                const Organisation& organisation) {
  return catch_failure([&]() -> Result<Organisation> {
    require_admin(actor, "add organisations");
    check_id(organisation.id, "-", "id");
    check_name(organisation.name, "name");
    const auto country = core::country_by_code(organisation.country);
    if (organisation.country.size() != 2 || !country)
      raise(ErrorKind::invalid_input,
            "'" + organisation.country + "' is not an ISO 3166-1 alpha-2 country code", "country");
    Organisation stored = organisation;
    stored.country = country->alpha2;
    store::Record record;
    record.kind = std::string(kOrganisationKind);
    record.id = stored.id;
    record.organisation = stored.id;
    record.body = to_body(stored).dump();
    value_or_raise(store_.write([&](store::Transaction& tx) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        if (value_or_raise(tx.find(kOrganisationKind, stored.id)))
          raise(ErrorKind::conflict, "organisation '" + stored.id + "' exists", "id");
        save(tx, actor, "organisation.add", std::nullopt, record,
             json{{"kind", to_string(stored.kind)}});
        return {};
      });
    }));
    return stored;
  });
}

Result<std::optional<Organisation>> Accounts::find_organisation(std::string_view id) {
  return store::read_returning<std::optional<Organisation>>(
      store_, [&](store::Transaction& tx) -> Result<std::optional<Organisation>> {
        return catch_failure([&]() -> Result<std::optional<Organisation>> {
          auto record = value_or_raise(tx.find(kOrganisationKind, id));
          if (!record) return std::nullopt;
          return organisation_of(*record);
        });
      });
}

Result<std::vector<Organisation>> Accounts::organisations() {
  return store::read_returning<std::vector<Organisation>>(
      store_, [&](store::Transaction& tx) -> Result<std::vector<Organisation>> {
        return catch_failure([&]() -> Result<std::vector<Organisation>> {
          std::vector<Organisation> out;
          for (const auto& record : all_records(tx, kOrganisationKind))
            out.push_back(organisation_of(record));
          return out;
        });
      });
}

Result<User> Accounts::add_user(const Principal& actor, const User& user) {
  return catch_failure([&]() -> Result<User> {
    require_admin(actor, "add users");
    check_id(user.id, "._-", "id");
    if (user.id == system_principal().user)
      raise(ErrorKind::invalid_input, "'system' is reserved for the system itself", "id");
    check_name(user.name, "name");
    if (user.organisation.empty()) raise(ErrorKind::invalid_input, "is required", "organisation");
    store::Record record;
    record.kind = std::string(kUserKind);
    record.id = user.id;
    record.organisation = user.organisation;
    record.state = user.active ? "active" : "inactive";
    record.body = to_body(user).dump();
    User added = user;
    value_or_raise(store_.write([&](store::Transaction& tx) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        auto organisation = value_or_raise(tx.find(kOrganisationKind, user.organisation));
        if (!organisation)
          raise(ErrorKind::invalid_input, "no organisation '" + user.organisation + "'",
                "organisation");
        const auto kind = organisation_of(*organisation).kind;
        const auto needed = organisation_kind_for(user.role);
        if (kind != needed)
          raise(ErrorKind::invalid_input,
                "a " + std::string(to_string(user.role)) + " belongs to an organisation of kind " +
                    std::string(to_string(needed)) + "; '" + user.organisation + "' is " +
                    std::string(to_string(kind)),
                "role");
        if (value_or_raise(tx.find(kUserKind, user.id)))
          raise(ErrorKind::conflict, "user '" + user.id + "' exists", "id");
        added.version =
            save(tx, actor, "user.add", std::nullopt, record,
                 json{{"role", to_string(user.role)}, {"organisation", user.organisation}})
                .version;
        return {};
      });
    }));
    return added;
  });
}

Result<std::optional<User>> Accounts::find_user(std::string_view id) {
  return store::read_returning<std::optional<User>>(
      store_, [&](store::Transaction& tx) { return find_user_in(tx, id); });
}

Result<std::optional<User>> find_user_in(store::Transaction& tx, std::string_view id) {
  return catch_failure([&]() -> Result<std::optional<User>> {
    auto record = value_or_raise(tx.find(kUserKind, id));
    if (!record) return std::nullopt;
    return user_of(*record);
  });
}

Result<std::vector<User>> Accounts::users() {
  return store::read_returning<std::vector<User>>(
      store_, [&](store::Transaction& tx) -> Result<std::vector<User>> {
        return catch_failure([&]() -> Result<std::vector<User>> {
          std::vector<User> out;
          for (const auto& record : all_records(tx, kUserKind)) out.push_back(user_of(record));
          return out;
        });
      });
}

struct Accounts::Known {
  TokenHash hash{};  // of the whole bearer token
  Principal principal;
  std::chrono::steady_clock::time_point checked;  // last read from the store, found live
  std::chrono::steady_clock::time_point used;     // last matched, for the sweep
};

std::optional<std::string_view> token_id_of(std::string_view bearer_token) {
  const auto parts = split_token(bearer_token);
  if (!parts) return std::nullopt;
  return parts->id;
}

void Accounts::forget(std::string_view token_id, std::string_view user) {
  const std::lock_guard lock(cache_mutex_);
  ++forgotten_;
  if (!token_id.empty()) known_.erase(std::string(token_id));
  if (!user.empty())
    std::erase_if(known_, [&](const auto& entry) { return entry.second->principal.user == user; });
}

Result<User> Accounts::set_active(const Principal& actor, std::string_view user_id, bool active,
                                  std::optional<std::int64_t> if_match) {
  auto changed = catch_failure([&]() -> Result<User> {
    require_admin(actor, active ? "activate users" : "deactivate users");
    return store::write_returning<User>(store_, [&](store::Transaction& tx) -> Result<User> {
      return catch_failure([&]() -> Result<User> {
        auto record = value_or_raise(tx.find(kUserKind, user_id));
        if (!record) raise(ErrorKind::not_found, "no user '" + std::string(user_id) + "'");
        check_version(*record, if_match);
        auto user = user_of(*record);
        if (user.active == active) return user;  // nothing to change, nothing to audit
        user.active = active;
        auto after = *record;
        after.state = active ? "active" : "inactive";
        after.body = to_body(user).dump();
        user.version =
            save(tx, actor, active ? "user.activate" : "user.deactivate", record, after).version;
        // Tokens issued before a deactivation never work again. Deactivation revokes them; an
        // inactive user cannot be issued tokens, so any still active at activation are from
        // before (a database of an earlier version, which did not revoke): revoked too.
        revoke_all_tokens(tx, actor, user.id,
                          active ? "issued before the user was deactivated" : "user deactivated");
        return user;
      });
    });
  });
  // After the commit: a request that read the user's token just before it is forgotten here,
  // and authenticate does not keep what it read when a forget() came in between (see there).
  if (changed) forget({}, user_id);
  return changed;
}

Result<IssuedToken> Accounts::issue_token(const Principal& actor, std::string_view user_id) {
  return catch_failure([&]() -> Result<IssuedToken> {
    require_admin(actor, "issue tokens");
    IssuedToken issued;
    issued.token_id = random_hex(kTokenIdBytes);
    std::string secret = random_hex(kSecretBytes);
    issued.secret = std::string(kTokenPrefix) + issued.token_id + "_" + secret;
    sodium_memzero(secret.data(), secret.size());
    // Nobody acts as someone else: a token one person issues for another's account is an
    // enrolment token, which its owner must exchange for a token of their own.
    issued.enrolment = actor.user != user_id;
    const auto hash = stored_hash(hash_token(issued.secret));

    value_or_raise(store_.write([&](store::Transaction& tx) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        auto user_record = value_or_raise(tx.find(kUserKind, user_id));
        if (!user_record) raise(ErrorKind::not_found, "no user '" + std::string(user_id) + "'");
        const auto user = user_of(*user_record);
        if (!user.active)
          raise(ErrorKind::conflict, "user '" + user.id + "' is inactive: activate it first");
        store::Record record;
        record.kind = std::string(kTokenKind);
        record.id = issued.token_id;
        record.parent = user.id;
        record.organisation = user.organisation;
        record.state = "active";
        record.body = json{{"token_id", issued.token_id},
                           {"user", user.id},
                           {"hash", hash},
                           {"issued_by", actor.user},
                           {"enrolment", issued.enrolment}}
                          .dump();
        save(tx, actor, "token.issue", std::nullopt, record,
             json{{"user", user.id}, {"enrolment", issued.enrolment}});
        return {};
      });
    }));
    return issued;
  });
}

Result<IssuedToken> Accounts::exchange_token(const Principal& actor, std::string_view client) {
  auto exchanged = catch_failure([&]() -> Result<IssuedToken> {
    if (actor.token_id.empty() || is_system(actor))
      raise(ErrorKind::conflict, "only an enrolment token can be exchanged");
    IssuedToken issued;
    issued.token_id = random_hex(kTokenIdBytes);
    std::string secret = random_hex(kSecretBytes);
    issued.secret = std::string(kTokenPrefix) + issued.token_id + "_" + secret;
    sodium_memzero(secret.data(), secret.size());
    const auto hash = stored_hash(hash_token(issued.secret));

    value_or_raise(store_.write([&](store::Transaction& tx) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        auto enrolment = value_or_raise(tx.find(kTokenKind, actor.token_id));
        if (!enrolment || enrolment->parent != actor.user)
          raise(ErrorKind::not_found, "no token '" + actor.token_id + "'");
        auto body = parse_body(*enrolment);
        if (!is_enrolment(body))
          raise(ErrorKind::conflict,
                "token " + actor.token_id + " is your own already: there is nothing to exchange");
        // Two exchanges of one enrolment token: the second finds it revoked.
        if (enrolment->state != "active")
          raise(ErrorKind::conflict,
                "enrolment token " + actor.token_id + " was exchanged or revoked already");
        auto user_record = value_or_raise(tx.find(kUserKind, actor.user));
        if (!user_record || !user_of(*user_record).active)
          raise(ErrorKind::conflict, "user '" + actor.user + "' is inactive");

        auto revoked = *enrolment;
        body["revoked_by"] = actor.user;
        body["exchanged_for"] = issued.token_id;
        revoked.state = "revoked";
        revoked.body = body.dump();
        json detail{{"user", actor.user}, {"exchanged_for", issued.token_id}};
        if (!client.empty()) detail["client"] = std::string(client);
        save(tx, actor, "token.exchange", enrolment, revoked, detail);

        store::Record record;
        record.kind = std::string(kTokenKind);
        record.id = issued.token_id;
        record.parent = actor.user;
        record.organisation = enrolment->organisation;
        record.state = "active";
        record.body = json{{"token_id", issued.token_id},
                           {"user", actor.user},
                           {"hash", hash},
                           {"issued_by", actor.user},
                           {"enrolment", false},
                           {"exchanged_from", actor.token_id}}
                          .dump();
        save(tx, actor, "token.issue", std::nullopt, record,
             json{{"user", actor.user}, {"enrolment", false}, {"exchanged_from", actor.token_id}});
        return {};
      });
    }));
    return issued;
  });
  if (exchanged) forget(actor.token_id, {});
  return exchanged;
}

Result<Principal> Accounts::authenticate(std::string_view bearer_token, TokenLookup lookup) {
  const auto parts = split_token(bearer_token);
  if (!parts) return tl::unexpected(unknown_token());
  const std::string token_id(parts->id);
  const auto hash = hash_token(bearer_token);
  const auto now = std::chrono::steady_clock::now();

  // A token held in memory: a wrong secret is refused here, after a SHA-256 and a constant-time
  // comparison (the hash of a token never changes: tokens are issued and revoked, not edited).
  std::uint64_t forgotten = 0;
  {
    const std::lock_guard lock(cache_mutex_);
    forgotten = forgotten_;
    if (const auto found = known_.find(token_id); found != known_.end()) {
      auto& known = *found->second;
      if (sodium_memcmp(known.hash.data(), hash.data(), hash.size()) != 0)
        return tl::unexpected(unknown_token());
      known.used = now;
      if (now - known.checked < recheck_interval_) return known.principal;
      // Due to be read again: the store says whether it is still live.
    } else if (lookup == TokenLookup::memory_only) {
      return tl::unexpected(unknown_token());
    }
  }

  auto live = live_token(store_, token_id);
  if (!live) return tl::unexpected(live.error());
  if (!*live) {
    const std::lock_guard lock(cache_mutex_);
    known_.erase(token_id);
    return tl::unexpected(unknown_token());
  }
  auto& token = **live;
  if (!token.hash) return tl::unexpected(legacy_token(token_id));
  const bool matches = sodium_memcmp(token.hash->data(), hash.data(), hash.size()) == 0;
  if (cache_lifetime_.count() > 0) {
    const std::lock_guard lock(cache_mutex_);
    // A revocation or deactivation that committed after the read above and forgot before this
    // point would otherwise leave what the read found in memory.
    if (forgotten_ == forgotten) {
      if (known_.size() >= kCacheSweepSize)
        std::erase_if(
            known_, [&](const auto& entry) { return now - entry.second->used >= cache_lifetime_; });
      auto known = std::make_shared<Known>();
      known->hash = *token.hash;
      known->principal = token.principal;
      known->checked = now;
      known->used = now;
      known_[token_id] = std::move(known);
    }
  }
  if (!matches) return tl::unexpected(unknown_token());
  return token.principal;
}

Result<void> Accounts::revoke_token(const Principal& actor, std::string_view token_id) {
  auto revoked = catch_failure([&]() -> Result<void> {
    refuse_enrolment(actor);
    return store_.write([&](store::Transaction& tx) -> Result<void> {
      return catch_failure([&]() -> Result<void> {
        const auto missing = [&] {
          raise(ErrorKind::not_found, "no token '" + std::string(token_id) + "'");
        };
        auto record = value_or_raise(tx.find(kTokenKind, token_id));
        if (!record) missing();
        // Users may revoke their own tokens (a leaked token should not wait for an admin);
        // anybody else's token is not even confirmed to exist.
        const bool own = record->parent == actor.user;
        if (!own && !is_system(actor) && actor.role != Role::admin) missing();
        if (record->state == "revoked") return {};  // already done: revoking is idempotent
        auto after = *record;
        auto body = parse_body(*record);
        body["revoked_by"] = actor.user;
        after.state = "revoked";
        after.body = body.dump();
        save(tx, actor, "token.revoke", record, after, json{{"user", record->parent}});
        return {};
      });
    });
  });
  if (revoked) forget(token_id, {});
  return revoked;
}

Result<std::size_t> Accounts::legacy_tokens() {
  return store::read_returning<std::size_t>(
      store_, [&](store::Transaction& tx) -> Result<std::size_t> {
        return catch_failure([&]() -> Result<std::size_t> {
          std::size_t count = 0;
          for (const auto& token : all_records(tx, kTokenKind)) {
            if (token.state != "active") continue;
            if (!hash_of(token, parse_body(token))) ++count;
          }
          return count;
        });
      });
}

}  // namespace echri::cases
