#pragma once
// Licences issued by approvals: reading them, and a senior officer's amendments and revocations.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

class Licences {
 public:
  Licences(store::Store& store, std::function<std::string()> now);

  Result<CaseView> get(const Principal& actor, std::string_view licence_id);
  Result<CasePage> list(const Principal& actor, Paging paging);
  Result<CaseView> amend(const Principal& actor, std::string_view licence_id,
                         const std::vector<std::string>& conditions, std::string_view why,
                         std::optional<std::int64_t> if_match);
  Result<CaseView> revoke(const Principal& actor, std::string_view licence_id, std::string_view why,
                          std::optional<std::int64_t> if_match);

 private:
  store::Store& store_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
