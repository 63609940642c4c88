#pragma once
// Fictional demo data for `echri serve --demo`: an authority, two exporters, a civil-society
// body, one user per role with a token, and applications in several states, so that a first
// look at the API or the UI finds real work to do. Every name is visibly fictional.

#include <string>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/case_services.hpp"
#include "cases/inquiries.hpp"

namespace echri::cases {

struct DemoUser {
  std::string user;
  Role role = Role::officer;
  std::string organisation;
  std::string token;  // the user's own (exchanged) token, shown once, at seeding
};

struct DemoSeed {
  bool already_seeded = false;  // the database had the demo data; no tokens are issued again
  std::vector<DemoUser> users;
  std::vector<std::string> applications;
};

// Idempotent: seeds an empty database; a database that already has the demo authority is left
// as it is.
Result<DemoSeed> seed_demo(Accounts& accounts, CaseServices& cases, Inquiries& inquiries);

}  // namespace echri::cases
