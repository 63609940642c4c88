#include "cases/accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "cases/case_records.hpp"
#include "core/country.hpp"
#include "core/enum_names.hpp"
#include "core/text_util.hpp"

namespace echri::cases {
namespace {

using detail::guarded;
using detail::refuse;
using detail::take;
using nlohmann::json;

constexpr std::string_view kOrganisationKind = "organisation";
constexpr std::string_view kUserKind = "user";
constexpr std::string_view kTokenKind = "token";

constexpr std::string_view kTokenPrefix = "echri_";
constexpr std::size_t kTokenIdBytes = 8;
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxNameLength = 200;
// Expired cache entries are swept when the cache grows past this; live entries are bounded by
// the number of tokens in use, so the sweep keeps the map from growing without end.
constexpr std::size_t kCacheSweepSize = 4096;

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

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool id_char(char c, std::string_view extra) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.find(c) != std::string::npos;
}

// Ids are URL path segments and log fields, so they are restricted to a safe alphabet and must
// start with a letter or digit (no "..", no leading "-" that a shell would read as an option).
void check_id(std::string_view id, std::string_view extra, std::string_view field) {
  const std::string alphabet = "lower-case letters, digits and '" + std::string(extra) +
                               "', starting with a letter or digit";
  if (id.empty()) refuse(ErrorKind::invalid_input, "is required", std::string(field));
  if (id.size() > kMaxIdLength)
    refuse(ErrorKind::invalid_input,
           "is longer than " + std::to_string(kMaxIdLength) + " characters", std::string(field));
  if (!id_char(id.front(), "") ||
      !std::all_of(id.begin(), id.end(), [&](char c) { return id_char(c, extra); }))
    refuse(ErrorKind::invalid_input, "'" + std::string(id) + "' may contain only " + alphabet,
           std::string(field));
}

void check_name(std::string_view name, std::string_view field) {
  if (core::trim(name).empty()) refuse(ErrorKind::invalid_input, "is required", std::string(field));
  if (name.size() > kMaxNameLength)
    refuse(ErrorKind::invalid_input, "is longer than " + std::to_string(kMaxNameLength) + " bytes",
           std::string(field));
  if (!core::is_valid_utf8(name))
    refuse(ErrorKind::invalid_input, "is not valid UTF-8", std::string(field));
}

void require_admin(const Principal& actor, std::string_view what) {
  if (actor.user == system_principal().user) return;
  detail::require_role(actor, {Role::admin}, what);
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
    refuse(ErrorKind::internal, "stored organisation cannot be read: " + std::string(error.what()),
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
    refuse(ErrorKind::internal, "stored user cannot be read: " + std::string(error.what()),
           record.id);
  }
}

json parse_body(const store::Record& record) {
  try {
    return json::parse(record.body);
  } catch (const json::exception& error) {
    refuse(ErrorKind::internal,
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
    auto page = take(tx.list(query));
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
  if (!is_lower_hex(parts.id) || !is_lower_hex(parts.secret)) return std::nullopt;
  return parts;
}

// What authentication reads from the store: the token's hash and its user, when both are live.
struct LiveToken {
  std::string hash;
  Principal principal;
};

Result<std::optional<LiveToken>> live_token(store::Store& store, std::string_view token_id) {
  return store::read_returning<std::optional<LiveToken>>(
      store, [&](store::Transaction& tx) -> Result<std::optional<LiveToken>> {
        return guarded([&]() -> Result<std::optional<LiveToken>> {
          auto token = take(tx.find(kTokenKind, token_id));
          if (!token || token->state != "active") return std::nullopt;
          const auto body = parse_body(*token);
          auto user_record = take(tx.find(kUserKind, token->parent));
          if (!user_record) return std::nullopt;
          const auto user = user_of(*user_record);
          if (!user.active) return std::nullopt;
          if (!body.contains("hash") || !body["hash"].is_string())
            refuse(ErrorKind::internal, "stored token has no hash", token->id);
          return LiveToken{body["hash"].get<std::string>(),
                           Principal{user.id, user.role, user.organisation}};
        });
      });
}

// The cache key: SHA-256 of the whole bearer token, raw bytes. Called on every request, so it
// uses libsodium directly (initialised by the constructor) rather than core::Sha256, whose
// constructor calls sodium_init and takes its lock each time.
std::string token_key(std::string_view bearer_token) {
  std::string key(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(key.data()),
                     reinterpret_cast<const unsigned char*>(bearer_token.data()),
                     bearer_token.size());
  return key;
}

// Verifications in progress. When many requests bring the same token to a cold cache (a client
// opening 32 connections at once), only the first runs Argon2id (64 MiB, tens of milliseconds);
// the others wait for it and then find the result in the cache. Process-wide because the class's
// layout is the header's; keys include the Accounts instance.
struct Verifying {
  std::mutex mutex;
  std::condition_variable done;
  std::set<std::string> keys;
};

Verifying& verifying() {
  static Verifying instance;
  return instance;
}

// Marks a key as being verified for its lifetime.
class VerifyingKey {
 public:
  explicit VerifyingKey(std::string key) : key_(std::move(key)) {}
  ~VerifyingKey() {
    auto& state = verifying();
    {
      const std::lock_guard lock(state.mutex);
      state.keys.erase(key_);
    }
    state.done.notify_all();
  }
  VerifyingKey(const VerifyingKey&) = delete;
  VerifyingKey& operator=(const VerifyingKey&) = delete;

 private:
  std::string key_;
};

Error unknown_token() {
  return Error{ErrorKind::not_found, "unknown, revoked or inactive token", ""};
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
  // Idempotent and thread-safe; randombytes_buf and crypto_pwhash need it.
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

Result<Organisation> Accounts::add_organisation(const Principal& actor,
                                                const Organisation& organisation) {
  return guarded([&]() -> Result<Organisation> {
    require_admin(actor, "add organisations");
    check_id(organisation.id, "-", "id");
    check_name(organisation.name, "name");
    const auto country = core::country_by_code(organisation.country);
    if (organisation.country.size() != 2 || !country)
      refuse(ErrorKind::invalid_input,
             "'" + organisation.country + "' is not an ISO 3166-1 alpha-2 country code", "country");
    Organisation stored = organisation;
    stored.country = country->alpha2;
    store::Record record;
    record.kind = std::string(kOrganisationKind);
    record.id = stored.id;
    record.organisation = stored.id;
    record.body = to_body(stored).dump();
    take(store_.write([&](store::Transaction& tx) -> Result<void> {
      return guarded([&]() -> Result<void> {
        if (take(tx.find(kOrganisationKind, stored.id)))
          refuse(ErrorKind::conflict, "organisation '" + stored.id + "' exists", "id");
        detail::save(tx, actor, "organisation.add", std::nullopt, record,
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
        return guarded([&]() -> Result<std::optional<Organisation>> {
          auto record = take(tx.find(kOrganisationKind, id));
          if (!record) return std::nullopt;
          return organisation_of(*record);
        });
      });
}

Result<std::vector<Organisation>> Accounts::organisations() {
  return store::read_returning<std::vector<Organisation>>(
      store_, [&](store::Transaction& tx) -> Result<std::vector<Organisation>> {
        return guarded([&]() -> Result<std::vector<Organisation>> {
          std::vector<Organisation> out;
          for (const auto& record : all_records(tx, kOrganisationKind))
            out.push_back(organisation_of(record));
          return out;
        });
      });
}

Result<User> Accounts::add_user(const Principal& actor, const User& user) {
  return guarded([&]() -> Result<User> {
    require_admin(actor, "add users");
    check_id(user.id, "._-", "id");
    if (user.id == system_principal().user)
      refuse(ErrorKind::invalid_input, "'system' is reserved for the system itself", "id");
    check_name(user.name, "name");
    if (user.organisation.empty()) refuse(ErrorKind::invalid_input, "is required", "organisation");
    store::Record record;
    record.kind = std::string(kUserKind);
    record.id = user.id;
    record.organisation = user.organisation;
    record.state = user.active ? "active" : "inactive";
    record.body = to_body(user).dump();
    User added = user;
    take(store_.write([&](store::Transaction& tx) -> Result<void> {
      return guarded([&]() -> Result<void> {
        auto organisation = take(tx.find(kOrganisationKind, user.organisation));
        if (!organisation)
          refuse(ErrorKind::invalid_input, "no organisation '" + user.organisation + "'",
                 "organisation");
        const auto kind = organisation_of(*organisation).kind;
        const auto needed = organisation_kind_for(user.role);
        if (kind != needed)
          refuse(ErrorKind::invalid_input,
                 "a " + std::string(to_string(user.role)) + " belongs to an organisation of kind " +
                     std::string(to_string(needed)) + "; '" + user.organisation + "' is " +
                     std::string(to_string(kind)),
                 "role");
        if (take(tx.find(kUserKind, user.id)))
          refuse(ErrorKind::conflict, "user '" + user.id + "' exists", "id");
        added.version =
            detail::save(tx, actor, "user.add", std::nullopt, record,
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
      store_, [&](store::Transaction& tx) -> Result<std::optional<User>> {
        return guarded([&]() -> Result<std::optional<User>> {
          auto record = take(tx.find(kUserKind, id));
          if (!record) return std::nullopt;
          return user_of(*record);
        });
      });
}

Result<std::vector<User>> Accounts::users() {
  return store::read_returning<std::vector<User>>(
      store_, [&](store::Transaction& tx) -> Result<std::vector<User>> {
        return guarded([&]() -> Result<std::vector<User>> {
          std::vector<User> out;
          for (const auto& record : all_records(tx, kUserKind)) out.push_back(user_of(record));
          return out;
        });
      });
}

Result<User> Accounts::set_active(const Principal& actor, std::string_view user_id, bool active,
                                  std::optional<std::int64_t> if_match) {
  auto changed = guarded([&]() -> Result<User> {
    require_admin(actor, active ? "activate users" : "deactivate users");
    return store::write_returning<User>(store_, [&](store::Transaction& tx) -> Result<User> {
      return guarded([&]() -> Result<User> {
        auto record = take(tx.find(kUserKind, user_id));
        if (!record) refuse(ErrorKind::not_found, "no user '" + std::string(user_id) + "'");
        detail::check_version(*record, if_match);
        auto user = user_of(*record);
        if (user.active == active) return user;  // nothing to change, nothing to audit
        user.active = active;
        auto after = *record;
        after.state = active ? "active" : "inactive";
        after.body = to_body(user).dump();
        user.version =
            detail::save(tx, actor, active ? "user.activate" : "user.deactivate", record, after)
                .version;
        return user;
      });
    });
  });
  // After the commit: a request that verified the user's token just before it is evicted here,
  // and authenticate re-checks after caching (see there), so deactivation is immediate.
  if (changed && !changed->active) {
    const std::lock_guard lock(cache_mutex_);
    std::erase_if(verified_,
                  [&](const auto& entry) { return entry.second.principal.user == user_id; });
  }
  return changed;
}

Result<IssuedToken> Accounts::issue_token(const Principal& actor, std::string_view user_id) {
  return guarded([&]() -> Result<IssuedToken> {
    require_admin(actor, "issue tokens");
    IssuedToken issued;
    issued.token_id = random_hex(kTokenIdBytes);
    std::string secret = random_hex(kSecretBytes);
    issued.secret = std::string(kTokenPrefix) + issued.token_id + "_" + secret;
    // Argon2id takes a noticeable fraction of a second: hashed before the write transaction so
    // that other writers are not held up.
    std::string hash(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str(hash.data(), secret.data(), secret.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
      refuse(ErrorKind::io, "not enough memory to hash the token");
    sodium_memzero(secret.data(), secret.size());
    hash.resize(std::char_traits<char>::length(hash.c_str()));

    take(store_.write([&](store::Transaction& tx) -> Result<void> {
      return guarded([&]() -> Result<void> {
        auto user_record = take(tx.find(kUserKind, user_id));
        if (!user_record) refuse(ErrorKind::not_found, "no user '" + std::string(user_id) + "'");
        const auto user = user_of(*user_record);
        if (!user.active)
          refuse(ErrorKind::conflict, "user '" + user.id + "' is inactive: activate it first");
        store::Record record;
        record.kind = std::string(kTokenKind);
        record.id = issued.token_id;
        record.parent = user.id;
        record.organisation = user.organisation;
        record.state = "active";
        record.body = json{
            {"token_id", issued.token_id},
            {"user", user.id},
            {"hash", hash},
            {"issued_by",
             actor.user}}.dump();
        detail::save(tx, actor, "token.issue", std::nullopt, record, json{{"user", user.id}});
        return {};
      });
    }));
    return issued;
  });
}

Result<Principal> Accounts::authenticate(std::string_view bearer_token) {
  const auto parts = split_token(bearer_token);
  if (!parts) return tl::unexpected(unknown_token());
  const auto key = token_key(bearer_token);
  // A cached principal, and whether it is due to be looked up in the store again.
  const auto cached = [&]() -> std::optional<std::pair<Principal, bool>> {
    const auto now = std::chrono::steady_clock::now();
    const std::lock_guard lock(cache_mutex_);
    if (const auto found = verified_.find(key); found != verified_.end()) {
      if (found->second.until > now)
        return std::pair{found->second.principal, now - found->second.checked >= recheck_interval_};
      verified_.erase(found);
    }
    return std::nullopt;
  };
  if (auto hit = cached()) {
    if (!hit->second) return hit->first;
    auto live = live_token(store_, parts->id);
    const std::lock_guard lock(cache_mutex_);
    if (!live || !*live) {
      verified_.erase(key);
      if (!live) return tl::unexpected(live.error());
      return tl::unexpected(unknown_token());
    }
    if (const auto found = verified_.find(key); found != verified_.end())
      found->second.checked = std::chrono::steady_clock::now();
    return (*live)->principal;
  }
  std::string flight_key = key;
  flight_key += std::to_string(reinterpret_cast<std::uintptr_t>(this));
  {
    auto& state = verifying();
    std::unique_lock lock(state.mutex);
    while (state.keys.count(flight_key) > 0) {
      state.done.wait(lock);
      lock.unlock();
      if (auto hit = cached()) return hit->first;  // verified and read just now
      lock.lock();
    }
    state.keys.insert(flight_key);
  }
  const VerifyingKey verifying_key(flight_key);
  auto live = live_token(store_, parts->id);
  if (!live) return tl::unexpected(live.error());
  if (!*live) return tl::unexpected(unknown_token());
  const std::string secret(parts->secret);
  if (crypto_pwhash_str_verify((*live)->hash.c_str(), secret.data(), secret.size()) != 0)
    return tl::unexpected(unknown_token());
  const auto principal = (*live)->principal;
  if (cache_lifetime_.count() <= 0) return principal;
  const auto now = std::chrono::steady_clock::now();
  {
    const std::lock_guard lock(cache_mutex_);
    if (verified_.size() >= kCacheSweepSize)
      std::erase_if(verified_, [&](const auto& entry) { return entry.second.until <= now; });
    verified_[key] = Cached{principal, now + cache_lifetime_, now};
  }
  // A revocation that committed after the read above but evicted before the insert would leave a
  // revoked token in the cache. Reading again after the insert closes that window: a revocation
  // this read does not see commits after it, so its eviction comes after the insert.
  auto still = live_token(store_, parts->id);
  if (!still || !*still) {
    const std::lock_guard lock(cache_mutex_);
    verified_.erase(key);
    if (!still) return tl::unexpected(still.error());
    return tl::unexpected(unknown_token());
  }
  return principal;
}

Result<void> Accounts::revoke_token(const Principal& actor, std::string_view token_id) {
  std::string owner;
  auto revoked = guarded([&]() -> Result<void> {
    return store_.write([&](store::Transaction& tx) -> Result<void> {
      return guarded([&]() -> Result<void> {
        const auto missing = [&] {
          refuse(ErrorKind::not_found, "no token '" + std::string(token_id) + "'");
        };
        auto record = take(tx.find(kTokenKind, token_id));
        if (!record) missing();
        // Users may revoke their own tokens (a leaked token should not wait for an admin);
        // anybody else's token is not even confirmed to exist.
        const bool own = record->parent == actor.user;
        if (!own) {
          if (actor.user != system_principal().user && actor.role != Role::admin) missing();
        }
        owner = record->parent;
        if (record->state == "revoked") return {};  // already done: revoking is idempotent
        auto after = *record;
        auto body = parse_body(*record);
        body["revoked_by"] = actor.user;
        after.state = "revoked";
        after.body = body.dump();
        detail::save(tx, actor, "token.revoke", record, after, json{{"user", record->parent}});
        return {};
      });
    });
  });
  if (revoked) {
    // The cache is keyed by the whole token, which is not kept; the owner's other cached tokens
    // are dropped too and merely verified again.
    const std::lock_guard lock(cache_mutex_);
    std::erase_if(verified_,
                  [&](const auto& entry) { return entry.second.principal.user == owner; });
  }
  return revoked;
}

}  // namespace echri::cases
