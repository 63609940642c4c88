#include "cases/accounts.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "core/digest.hpp"
#include "store/audit_chain.hpp"
#include "support/result_matchers.hpp"
#include "support/test_support.hpp"

namespace echri::cases {
namespace {

// "sqlite", or "postgres" when ECHRI_TEST_POSTGRES_URL is set (a fresh schema per test).
class AccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ECHRI_STORE_URL_OR_SKIP(url, GetParam(), dir_.path(), "accounts");
    auto opened = store::open_store(url, dir_.path());
    ASSERT_TRUE(opened) << opened.error().describe();
    store_ = std::move(*opened);
    accounts_ = std::make_unique<Accounts>(*store_);
    ASSERT_TRUE(accounts_->add_organisation(system_principal(), authority_));
    ASSERT_TRUE(accounts_->add_organisation(system_principal(), exporter_org_));
    ASSERT_TRUE(accounts_->add_user(system_principal(), admin_user_));
    ASSERT_TRUE(accounts_->add_user(system_principal(), officer_user_));
    ASSERT_TRUE(accounts_->add_user(system_principal(), exporter_user_));
  }

  [[nodiscard]] std::vector<store::AuditRecord> audit() const {
    auto records = store_->audit_records(1, 1000);
    EXPECT_TRUE(records) << records.error().describe();
    return records ? *records : std::vector<store::AuditRecord>{};
  }

  [[nodiscard]] store::Record record(std::string_view kind, std::string_view id) const {
    std::optional<store::Record> found;
    const auto read = store_->read([&](store::Transaction& tx) -> Result<void> {
      auto got = tx.find(kind, id);
      if (!got) return tl::unexpected(got.error());
      found = *got;
      return {};
    });
    EXPECT_TRUE(read && found) << kind << " " << id;
    return found.value_or(store::Record{});
  }

  echri::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Accounts> accounts_;
  Organisation authority_{"authority", "Test Authority (fictional)", OrganisationKind::authority,
                          "DE"};
  Organisation exporter_org_{"northwind", "Northwind (fictional)", OrganisationKind::exporter,
                             "SE"};
  User admin_user_{"ada", "Ada Admin", Role::admin, "authority", true};
  User officer_user_{"olga", "Olga Officer", Role::officer, "authority", true};
  User exporter_user_{"erik.e", "Erik Exporter", Role::exporter, "northwind", true};
  Principal admin_{"ada", Role::admin, "authority"};
  Principal officer_{"olga", Role::officer, "authority"};
  Principal exporter_{"erik.e", Role::exporter, "northwind"};

  // A token of the user's own: the system's enrolment token, exchanged by its owner.
  IssuedToken own_token(std::string_view user) {
    auto enrolment = accounts_->issue_token(system_principal(), user);
    EXPECT_TRUE(enrolment) << enrolment.error().describe();
    if (!enrolment) return {};
    auto holder = accounts_->authenticate(enrolment->secret);
    EXPECT_TRUE(holder) << holder.error().describe();
    if (!holder) return {};
    auto own = accounts_->exchange_token(*holder);
    EXPECT_TRUE(own) << own.error().describe();
    return own ? *own : IssuedToken{};
  }
};

TEST(AccountsNames, RolesAndKindsUseTheEnumNames) {
  for (const auto name : all_roles()) {
    const auto role = parse_role(name);
    ASSERT_TRUE(role) << name;
    EXPECT_EQ(to_string(*role), name);
  }
  EXPECT_EQ(all_roles().size(), 7U);
  EXPECT_EQ(to_string(Role::senior_officer), "senior_officer");
  EXPECT_FALSE(parse_role("Officer"));
  EXPECT_EQ(to_string(OrganisationKind::peer_state), "peer_state");
  EXPECT_EQ(parse_organisation_kind("civil_society"), OrganisationKind::civil_society);
  EXPECT_FALSE(parse_organisation_kind("company"));
}

TEST(AccountsNames, AuthorityStaffSeeEveryOrganisation) {
  EXPECT_TRUE((Principal{"a", Role::auditor, "x"}.sees_all_organisations()));
  EXPECT_TRUE((Principal{"a", Role::senior_officer, "x"}.sees_all_organisations()));
  EXPECT_FALSE((Principal{"a", Role::exporter, "x"}.sees_all_organisations()));
  EXPECT_FALSE((Principal{"a", Role::civil_society, "x"}.sees_all_organisations()));
  EXPECT_FALSE((Principal{"a", Role::peer_node, "x"}.sees_all_organisations()));
  EXPECT_EQ(system_principal().user, "system");
}

TEST_P(AccountsTest, OrganisationsAreStoredAndListed) {
  auto found = accounts_->find_organisation("northwind");
  ASSERT_TRUE(found);
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->name, "Northwind (fictional)");
  EXPECT_EQ((*found)->kind, OrganisationKind::exporter);
  EXPECT_EQ((*found)->country, "SE");
  auto missing = accounts_->find_organisation("nobody");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto all = accounts_->organisations();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ(record("organisation", "northwind").organisation, "northwind");
}

TEST_P(AccountsTest, OnlyAdminsAddOrganisations) {
  const Organisation watch{"watch", "Watch (fictional)", OrganisationKind::civil_society, "nl"};
  auto refused = accounts_->add_organisation(officer_, watch);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::forbidden);
  auto added = accounts_->add_organisation(admin_, watch);
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_EQ(added->country, "NL");  // normalised
  auto again = accounts_->add_organisation(admin_, watch);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
}

TEST_P(AccountsTest, OrganisationFieldsAreValidated) {
  const auto error_of = [&](const Organisation& organisation) {
    auto added = accounts_->add_organisation(admin_, organisation);
    EXPECT_FALSE(added);
    return added ? Error{} : added.error();
  };
  auto bad_id = error_of({"Acme Exports", "Acme", OrganisationKind::exporter, "DE"});
  EXPECT_EQ(bad_id.kind, ErrorKind::invalid_input);
  EXPECT_EQ(bad_id.where, "id");
  EXPECT_NE(bad_id.message.find("lower-case"), std::string::npos);
  EXPECT_EQ(error_of({"-acme", "Acme", OrganisationKind::exporter, "DE"}).where, "id");
  EXPECT_EQ(error_of({std::string(65, 'a'), "Acme", OrganisationKind::exporter, "DE"}).where, "id");
  EXPECT_EQ(error_of({"acme", " ", OrganisationKind::exporter, "DE"}).where, "name");
  EXPECT_EQ(error_of({"acme", "Acme", OrganisationKind::exporter, "XX"}).where, "country");
  EXPECT_EQ(error_of({"acme", "Acme", OrganisationKind::exporter, "DEU"}).where, "country");
}

TEST_P(AccountsTest, UsersNeedAnOrganisationOfTheRightKind) {
  auto unknown = accounts_->add_user(admin_, {"x", "X", Role::exporter, "nobody", true});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(unknown.error().where, "organisation");
  // An officer in an exporting company would see every organisation's cases.
  auto wrong = accounts_->add_user(admin_, {"x", "X", Role::officer, "northwind", true});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(wrong.error().where, "role");
  auto bad_id = accounts_->add_user(admin_, {"X Y", "X", Role::officer, "authority", true});
  ASSERT_FALSE(bad_id);
  EXPECT_EQ(bad_id.error().where, "id");
  auto reserved = accounts_->add_user(admin_, {"system", "X", Role::admin, "authority", true});
  ASSERT_FALSE(reserved);
  EXPECT_EQ(reserved.error().where, "id");
  auto duplicate = accounts_->add_user(admin_, officer_user_);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().kind, ErrorKind::conflict);
  auto by_officer =
      accounts_->add_user(officer_, {"otto", "Otto", Role::officer, "authority", true});
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().kind, ErrorKind::forbidden);
}

TEST_P(AccountsTest, UsersAreStoredAndListed) {
  auto found = accounts_->find_user("erik.e");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->role, Role::exporter);
  EXPECT_EQ((*found)->organisation, "northwind");
  EXPECT_TRUE((*found)->active);
  auto all = accounts_->users();
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3U);
  const auto stored = record("user", "erik.e");
  EXPECT_EQ(stored.organisation, "northwind");
  EXPECT_EQ(stored.state, "active");
  EXPECT_EQ(nlohmann::json::parse(stored.body).at("role"), "exporter");
}

TEST_P(AccountsTest, EveryChangeIsAuditedWithDigestsOfTheBody) {
  const auto before = audit().size();
  EXPECT_EQ(before, 5U);  // two organisations and three users from SetUp
  auto issued = accounts_->issue_token(admin_, "olga");
  ASSERT_TRUE(issued);
  ASSERT_TRUE(accounts_->revoke_token(admin_, issued->token_id));
  ASSERT_TRUE(accounts_->set_active(admin_, "olga", false));
  const auto records = audit();
  ASSERT_EQ(records.size(), before + 3);
  const auto& issue = records[before];
  EXPECT_EQ(issue.draft.action, "token.issue");
  EXPECT_EQ(issue.draft.actor, "ada");
  EXPECT_EQ(issue.draft.role, "admin");
  EXPECT_EQ(issue.draft.subject_kind, "token");
  EXPECT_EQ(issue.draft.subject_id, issued->token_id);
  EXPECT_EQ(issue.draft.before_digest, "");
  const auto& revoke = records[before + 1];
  EXPECT_EQ(revoke.draft.action, "token.revoke");
  EXPECT_EQ(revoke.draft.before_digest, issue.draft.after_digest);
  EXPECT_EQ(revoke.draft.after_digest, store::record_digest(record("token", issued->token_id)));
  const auto& deactivate = records[before + 2];
  EXPECT_EQ(deactivate.draft.action, "user.deactivate");
  EXPECT_EQ(deactivate.draft.after_digest, store::record_digest(record("user", "olga")));
  EXPECT_EQ(records.front().draft.action, "organisation.add");
  EXPECT_EQ(records.front().draft.actor, "system");
}

// A token is 256 random bits: stored as the SHA-256 of the whole token, not as a password hash
// (Argon2id cost 64 MiB per failed attempt and let wrong secrets exhaust the server's memory).
TEST_P(AccountsTest, TokensAreShownOnceAndStoredAsSha256NotArgon2id) {
  auto issued = accounts_->issue_token(admin_, "erik.e");
  ASSERT_TRUE(issued) << issued.error().describe();
  ASSERT_EQ(issued->token_id.size(), 16U);
  EXPECT_EQ(issued->secret.rfind("echri_" + issued->token_id + "_", 0), 0U);
  EXPECT_EQ(issued->secret.size(), 6 + 16 + 1 + 64U);
  const auto stored = record("token", issued->token_id);
  EXPECT_EQ(stored.parent, "erik.e");
  EXPECT_EQ(stored.organisation, "northwind");
  EXPECT_EQ(stored.body.find(issued->secret.substr(23)), std::string::npos);
  const auto hash = nlohmann::json::parse(stored.body).at("hash").get<std::string>();
  EXPECT_EQ(hash, "sha256:" + core::sha256_hex(issued->secret));
  EXPECT_EQ(hash.find("argon2"), std::string::npos);

  auto principal = accounts_->authenticate(issued->secret);
  ASSERT_TRUE(principal) << principal.error().describe();
  EXPECT_EQ(principal->user, "erik.e");
  EXPECT_EQ(principal->role, Role::exporter);
  EXPECT_EQ(principal->organisation, "northwind");
  EXPECT_EQ(principal->token_id, issued->token_id);
  auto cached = accounts_->authenticate(issued->secret);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->user, "erik.e");
}

TEST_P(AccountsTest, WrongOrMalformedTokensAreUnknown) {
  auto issued = accounts_->issue_token(admin_, "erik.e");
  ASSERT_TRUE(issued);
  auto wrong_secret = issued->secret;
  wrong_secret.back() = wrong_secret.back() == '0' ? '1' : '0';
  for (const auto& token :
       {wrong_secret, std::string(), std::string("echri_"), issued->secret + "0",
        issued->secret.substr(0, 30), std::string("Bearer ") + issued->secret,
        "echri_0000000000000000_" + std::string(64, '0')}) {
    auto result = accounts_->authenticate(token);
    ASSERT_FALSE(result) << token;
    EXPECT_EQ(result.error().kind, ErrorKind::not_found) << token;
  }
  // The right one still works after the failures.
  EXPECT_TRUE(accounts_->authenticate(issued->secret));
}

TEST_P(AccountsTest, RevocationTakesEffectAtOnceEvenWhenCached) {
  auto issued = accounts_->issue_token(admin_, "olga");
  auto other = accounts_->issue_token(admin_, "olga");
  ASSERT_TRUE(issued && other);
  ASSERT_TRUE(accounts_->authenticate(issued->secret));  // now cached
  ASSERT_TRUE(accounts_->authenticate(other->secret));
  ASSERT_TRUE(accounts_->revoke_token(admin_, issued->token_id));
  auto after = accounts_->authenticate(issued->secret);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().kind, ErrorKind::not_found);
  EXPECT_TRUE(accounts_->authenticate(other->secret));  // the user's other token still works
  EXPECT_EQ(record("token", issued->token_id).state, "revoked");
  // Idempotent, and not audited twice.
  const auto audited = audit().size();
  EXPECT_TRUE(accounts_->revoke_token(admin_, issued->token_id));
  EXPECT_EQ(audit().size(), audited);
  auto unknown = accounts_->revoke_token(admin_, "0123456789abcdef");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
}

// The server caches verified tokens; `echri users revoke|deactivate` runs in another process with
// its own Accounts over the same database, so the server must notice through the store.
TEST_P(AccountsTest, ChangesMadeByAnotherProcessAreSeenAtTheNextRecheck) {
  Accounts server(*store_, std::chrono::seconds(300), std::chrono::milliseconds(0));
  Accounts command(*store_, std::chrono::seconds(0));
  auto issued = command.issue_token(admin_, "olga");
  auto other = command.issue_token(admin_, "olga");
  ASSERT_TRUE(issued && other);
  ASSERT_TRUE(server.authenticate(issued->secret));  // verified and cached
  ASSERT_TRUE(server.authenticate(other->secret));

  ASSERT_TRUE(command.revoke_token(admin_, issued->token_id));
  auto revoked = server.authenticate(issued->secret);
  ASSERT_FALSE(revoked);
  EXPECT_EQ(revoked.error().kind, ErrorKind::not_found);
  auto still = server.authenticate(other->secret);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->user, "olga");

  ASSERT_TRUE(command.set_active(admin_, "olga", false));
  EXPECT_FALSE(server.authenticate(other->secret));
  // Re-activation does not revive the tokens issued before.
  ASSERT_TRUE(command.set_active(admin_, "olga", true));
  EXPECT_FALSE(server.authenticate(other->secret));
  auto fresh = command.issue_token(admin_, "olga");
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(server.authenticate(fresh->secret));
}

TEST_P(AccountsTest, UpdatesCarryTheVersionTheyAreBasedOn) {
  auto olga = accounts_->find_user("olga");
  ASSERT_TRUE(olga && *olga);
  const auto version = (*olga)->version;
  EXPECT_GT(version, 0);
  auto stale = accounts_->set_active(admin_, "olga", false, version + 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::stale);
  auto changed = accounts_->set_active(admin_, "olga", false, version);
  ASSERT_TRUE(changed) << changed.error().describe();
  EXPECT_EQ(changed->version, version + 1);
  EXPECT_FALSE(changed->active);
}

TEST_P(AccountsTest, UsersRevokeTheirOwnTokensButNotOthers) {
  auto mine = accounts_->issue_token(admin_, "erik.e");
  auto theirs = accounts_->issue_token(admin_, "olga");
  ASSERT_TRUE(mine && theirs);
  auto refused = accounts_->revoke_token(exporter_, theirs->token_id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::not_found);  // does not confirm it exists
  EXPECT_TRUE(accounts_->authenticate(theirs->secret));
  ASSERT_TRUE(accounts_->revoke_token(exporter_, mine->token_id));
  EXPECT_FALSE(accounts_->authenticate(mine->secret));
}

TEST_P(AccountsTest, DeactivationStopsTokensAtOnceAndBlocksNewOnes) {
  auto issued = accounts_->issue_token(admin_, "erik.e");
  ASSERT_TRUE(issued);
  ASSERT_TRUE(accounts_->authenticate(issued->secret));  // cached
  auto refused = accounts_->set_active(officer_, "erik.e", false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::forbidden);
  auto deactivated = accounts_->set_active(admin_, "erik.e", false);
  ASSERT_TRUE(deactivated);
  EXPECT_FALSE(deactivated->active);
  EXPECT_FALSE(accounts_->authenticate(issued->secret));
  auto no_token = accounts_->issue_token(admin_, "erik.e");
  ASSERT_FALSE(no_token);
  EXPECT_EQ(no_token.error().kind, ErrorKind::conflict);
  ASSERT_TRUE(accounts_->set_active(admin_, "erik.e", true));
  EXPECT_FALSE(accounts_->authenticate(issued->secret));  // not revived
  EXPECT_EQ(record("token", issued->token_id).state, "revoked");
  auto missing = accounts_->set_active(admin_, "nobody", false);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST_P(AccountsTest, OnlyAdminsIssueTokens) {
  auto refused = accounts_->issue_token(officer_, "olga");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::forbidden);
  auto missing = accounts_->issue_token(admin_, "nobody");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  EXPECT_TRUE(accounts_->issue_token(system_principal(), "olga"));
}

TEST_P(AccountsTest, WithoutACacheEveryCallVerifies) {
  Accounts uncached(*store_, std::chrono::seconds(0));
  auto issued = uncached.issue_token(admin_, "olga");
  ASSERT_TRUE(issued);
  EXPECT_TRUE(uncached.authenticate(issued->secret));
  EXPECT_TRUE(uncached.authenticate(issued->secret));
  // Another Accounts over the same store (another process) sees the revocation.
  ASSERT_TRUE(accounts_->revoke_token(admin_, issued->token_id));
  EXPECT_FALSE(uncached.authenticate(issued->secret));
}

// Nobody acts as someone else: a token issued for another person's account is an enrolment
// token, which its owner exchanges once for a token of their own.
TEST_P(AccountsTest, TokensIssuedForSomeoneElseAreEnrolmentTokensExchangedOnce) {
  using echri::testing::FailsWith;
  using echri::testing::IsOk;
  auto enrolment = accounts_->issue_token(admin_, "olga");
  ASSERT_THAT(enrolment, IsOk());
  EXPECT_TRUE(enrolment->enrolment);
  EXPECT_EQ(nlohmann::json::parse(record("token", enrolment->token_id).body).at("enrolment"), true);
  auto holder = accounts_->authenticate(enrolment->secret);
  ASSERT_THAT(holder, IsOk());
  EXPECT_TRUE(holder->enrolment);
  EXPECT_EQ(holder->user, "olga");
  EXPECT_EQ(holder->token_id, enrolment->token_id);
  // It can do nothing in the accounts either.
  EXPECT_THAT(accounts_->issue_token(*holder, "olga"), FailsWith(ErrorKind::forbidden));
  EXPECT_THAT(accounts_->revoke_token(*holder, enrolment->token_id),
              FailsWith(ErrorKind::forbidden));

  const auto audited = audit().size();
  auto own = accounts_->exchange_token(*holder, "192.0.2.1");
  ASSERT_THAT(own, IsOk());
  EXPECT_FALSE(own->enrolment);
  EXPECT_NE(own->token_id, enrolment->token_id);
  auto principal = accounts_->authenticate(own->secret);
  ASSERT_THAT(principal, IsOk());
  EXPECT_FALSE(principal->enrolment);
  EXPECT_EQ(principal->user, "olga");
  EXPECT_EQ(principal->token_id, own->token_id);
  // The enrolment token is revoked: it no longer authenticates, and a second exchange fails.
  EXPECT_THAT(accounts_->authenticate(enrolment->secret), FailsWith(ErrorKind::not_found));
  EXPECT_THAT(accounts_->exchange_token(*holder), FailsWith(ErrorKind::conflict));
  EXPECT_EQ(record("token", enrolment->token_id).state, "revoked");
  // Nor can a token of one's own be exchanged again.
  EXPECT_THAT(accounts_->exchange_token(*principal), FailsWith(ErrorKind::conflict));
  EXPECT_THAT(accounts_->exchange_token(system_principal()), FailsWith(ErrorKind::conflict));

  // Two audit records, both naming the owner, the role and the enrolment token used.
  const auto records = audit();
  ASSERT_EQ(records.size(), audited + 2);
  const auto& exchange = records[audited];
  EXPECT_EQ(exchange.draft.action, "token.exchange");
  EXPECT_EQ(exchange.draft.actor, "olga");
  EXPECT_EQ(exchange.draft.role, "officer");
  EXPECT_EQ(exchange.draft.token_id, enrolment->token_id);
  EXPECT_EQ(exchange.draft.subject_id, enrolment->token_id);
  const auto detail = nlohmann::json::parse(exchange.draft.detail);
  EXPECT_EQ(detail["exchanged_for"], own->token_id);
  EXPECT_EQ(detail["client"], "192.0.2.1");
  const auto& issue = records[audited + 1];
  EXPECT_EQ(issue.draft.action, "token.issue");
  EXPECT_EQ(issue.draft.actor, "olga");
  EXPECT_EQ(issue.draft.token_id, enrolment->token_id);
  EXPECT_EQ(issue.draft.subject_id, own->token_id);
  EXPECT_EQ(nlohmann::json::parse(record("token", own->token_id).body).at("exchanged_from"),
            enrolment->token_id);
}

TEST_P(AccountsTest, AUserIssuingATokenForThemselvesGetsTheirOwn) {
  auto admin_token = own_token("ada");
  auto admin = accounts_->authenticate(admin_token.secret);
  ASSERT_TRUE(admin) << admin.error().describe();
  EXPECT_FALSE(admin->enrolment);
  auto second = accounts_->issue_token(*admin, "ada");
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_FALSE(second->enrolment);
  auto principal = accounts_->authenticate(second->secret);
  ASSERT_TRUE(principal);
  EXPECT_FALSE(principal->enrolment);
  // The system is nobody's own: the command line issues enrolment tokens.
  auto from_system = accounts_->issue_token(system_principal(), "ada");
  ASSERT_TRUE(from_system);
  EXPECT_TRUE(from_system->enrolment);
}

TEST_P(AccountsTest, AuditRecordsNameTheTokenUsed) {
  auto admin = accounts_->authenticate(own_token("ada").secret);
  ASSERT_TRUE(admin) << admin.error().describe();
  const auto before = audit().size();
  ASSERT_TRUE(accounts_->set_active(*admin, "erik.e", false));
  ASSERT_TRUE(accounts_->add_organisation(
      *admin, {"watch", "Watch (fictional)", OrganisationKind::civil_society, "NL"}));
  const auto records = audit();
  ASSERT_GT(records.size(), before);
  for (std::size_t i = before; i < records.size(); ++i) {
    SCOPED_TRACE(records[i].draft.action);
    EXPECT_EQ(records[i].draft.actor, "ada");
    EXPECT_EQ(records[i].draft.role, "admin");
    EXPECT_EQ(records[i].draft.token_id, admin->token_id);
  }
  // The command line acts as the system, with no token.
  EXPECT_EQ(records.front().draft.token_id, "");
}

TEST_P(AccountsTest, DeactivationRevokesEveryTokenWithAnAuditRecordEach) {
  auto first = own_token("erik.e");
  auto second = accounts_->issue_token(admin_, "erik.e");
  ASSERT_TRUE(second);
  const auto before = audit().size();
  ASSERT_TRUE(accounts_->set_active(admin_, "erik.e", false));
  const auto records = audit();
  // user.deactivate, then one token.revoke per token still active (the enrolment token that
  // was exchanged is revoked already).
  ASSERT_EQ(records.size(), before + 3);
  EXPECT_EQ(records[before].draft.action, "user.deactivate");
  std::set<std::string> revoked;
  for (std::size_t i = before + 1; i < records.size(); ++i) {
    EXPECT_EQ(records[i].draft.action, "token.revoke");
    EXPECT_EQ(records[i].draft.after_digest,
              store::record_digest(record("token", records[i].draft.subject_id)));
    revoked.insert(records[i].draft.subject_id);
  }
  EXPECT_EQ(revoked, (std::set<std::string>{first.token_id, second->token_id}));
  ASSERT_TRUE(accounts_->set_active(admin_, "erik.e", true));
  EXPECT_FALSE(accounts_->authenticate(first.secret));
  EXPECT_FALSE(accounts_->authenticate(second->secret));
}

// A database written by an earlier version: a token stored as an Argon2id hash, and a user
// deactivated without its tokens being revoked.
TEST_P(AccountsTest, TokensOfEarlierVersionsAreRefusedAndNotRevivedByActivation) {
  const std::string token_id = "0123456789abcdef";
  const std::string token = "echri_" + token_id + "_" + std::string(64, '7');
  const auto written = store_->write([&](store::Transaction& tx) -> Result<void> {
    store::Record record;
    record.kind = "token";
    record.id = token_id;
    record.parent = "olga";
    record.organisation = "authority";
    record.state = "active";
    record.body = nlohmann::json{
        {"token_id", token_id},
        {"user", "olga"},
        {"hash", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA"},
        {"issued_by",
         "system"}}.dump();
    auto inserted = tx.insert(record);
    if (!inserted) return tl::unexpected(inserted.error());
    store::AuditDraft draft;
    draft.actor = "system";
    draft.role = "admin";
    draft.action = "token.issue";
    draft.subject_kind = "token";
    draft.subject_id = token_id;
    draft.detail = "{}";
    auto appended = tx.append_audit(draft);
    if (!appended) return tl::unexpected(appended.error());
    return {};
  });
  ASSERT_TRUE(written) << written.error().describe();
  auto legacy = accounts_->legacy_tokens();
  ASSERT_TRUE(legacy);
  EXPECT_EQ(*legacy, 1U);
  // Never verified (no Argon2id at all), whatever the secret: refused, saying why.
  for (const auto& attempt : {token, "echri_" + token_id + "_" + std::string(64, '8')}) {
    auto refused = accounts_->authenticate(attempt);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::not_found);
    EXPECT_NE(refused.error().message.find("Argon2id"), std::string::npos);
    EXPECT_NE(refused.error().message.find("new token"), std::string::npos);
  }
  // Deactivation and activation revoke it like any other token.
  ASSERT_TRUE(accounts_->set_active(admin_, "olga", false));
  ASSERT_TRUE(accounts_->set_active(admin_, "olga", true));
  EXPECT_EQ(record("token", token_id).state, "revoked");
  legacy = accounts_->legacy_tokens();
  ASSERT_TRUE(legacy);
  EXPECT_EQ(*legacy, 0U);
}

TEST_P(AccountsTest, ActivationRevokesTokensLeftActiveByAnEarlierVersion) {
  auto issued = accounts_->issue_token(admin_, "olga");
  ASSERT_TRUE(issued);
  // An earlier version deactivated users without revoking their tokens.
  const auto written = store_->write([&](store::Transaction& tx) -> Result<void> {
    auto user = tx.find("user", "olga");
    if (!user || !*user) return tl::unexpected(Error{ErrorKind::internal, "no olga", ""});
    auto after = **user;
    auto body = nlohmann::json::parse(after.body);
    body["active"] = false;
    after.body = body.dump();
    after.state = "inactive";
    auto updated = tx.update(after, (*user)->version);
    if (!updated) return tl::unexpected(updated.error());
    store::AuditDraft draft;
    draft.actor = "system";
    draft.role = "admin";
    draft.action = "user.deactivate";
    draft.subject_kind = "user";
    draft.subject_id = "olga";
    draft.detail = "{}";
    auto appended = tx.append_audit(draft);
    if (!appended) return tl::unexpected(appended.error());
    return {};
  });
  ASSERT_TRUE(written) << written.error().describe();
  EXPECT_EQ(record("token", issued->token_id).state, "active");
  ASSERT_TRUE(accounts_->set_active(admin_, "olga", true));
  EXPECT_EQ(record("token", issued->token_id).state, "revoked");
  EXPECT_FALSE(accounts_->authenticate(issued->secret));
}

TEST_P(AccountsTest, AThrottledClientPassesOnlyWithATokenHeldInMemory) {
  auto issued = accounts_->issue_token(admin_, "olga");
  ASSERT_TRUE(issued);
  // Never read: memory_only does not look it up in the store.
  EXPECT_FALSE(accounts_->authenticate(issued->secret, TokenLookup::memory_only));
  ASSERT_TRUE(accounts_->authenticate(issued->secret));
  EXPECT_TRUE(accounts_->authenticate(issued->secret, TokenLookup::memory_only));
  auto wrong = issued->secret;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_FALSE(accounts_->authenticate(wrong, TokenLookup::memory_only));
  EXPECT_FALSE(accounts_->authenticate(wrong));
  EXPECT_TRUE(accounts_->authenticate(issued->secret));
}

TEST(AccountsNames, TokenIdsAreReadFromWellFormedTokensOnly) {
  EXPECT_EQ(token_id_of("echri_0123456789abcdef_" + std::string(64, 'a')), "0123456789abcdef");
  EXPECT_FALSE(token_id_of("echri_0123456789abcdef_" + std::string(63, 'a')));
  EXPECT_FALSE(token_id_of("echri_0123456789ABCDEF_" + std::string(64, 'a')));
  EXPECT_FALSE(token_id_of("not-a-token"));
  EXPECT_FALSE(token_id_of(""));
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace echri::cases
