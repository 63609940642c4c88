#include "cases/accounts.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/digest.hpp"
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
  EXPECT_EQ(revoke.draft.after_digest, core::sha256_hex(record("token", issued->token_id).body));
  const auto& deactivate = records[before + 2];
  EXPECT_EQ(deactivate.draft.action, "user.deactivate");
  EXPECT_EQ(deactivate.draft.after_digest, core::sha256_hex(record("user", "olga").body));
  EXPECT_EQ(records.front().draft.action, "organisation.add");
  EXPECT_EQ(records.front().draft.actor, "system");
}

TEST_P(AccountsTest, TokensAreShownOnceAndStoredAsArgon2idHashes) {
  auto issued = accounts_->issue_token(admin_, "erik.e");
  ASSERT_TRUE(issued) << issued.error().describe();
  ASSERT_EQ(issued->token_id.size(), 16U);
  EXPECT_EQ(issued->secret.rfind("echri_" + issued->token_id + "_", 0), 0U);
  EXPECT_EQ(issued->secret.size(), 6 + 16 + 1 + 64U);
  const auto stored = record("token", issued->token_id);
  EXPECT_EQ(stored.parent, "erik.e");
  EXPECT_EQ(stored.organisation, "northwind");
  EXPECT_EQ(stored.body.find(issued->secret.substr(23)), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(stored.body).at("hash").get<std::string>().rfind("$argon2id$", 0),
            0U);

  auto principal = accounts_->authenticate(issued->secret);
  ASSERT_TRUE(principal) << principal.error().describe();
  EXPECT_EQ(principal->user, "erik.e");
  EXPECT_EQ(principal->role, Role::exporter);
  EXPECT_EQ(principal->organisation, "northwind");
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
  ASSERT_TRUE(command.set_active(admin_, "olga", true));
  EXPECT_TRUE(server.authenticate(other->secret));
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
  EXPECT_TRUE(accounts_->authenticate(issued->secret));
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

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace echri::cases
