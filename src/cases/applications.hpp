#pragma once
// Licence applications from draft to the officers' desk: creation and editing by the exporter,
// submission (completeness check, screening of every party, assessment, flags, an automatic
// information request for what is missing), review, withdrawal, and re-assessment — by an
// officer, or for every open case by re-screening after a list update.
//
// Screening and assessment run outside the store's write transaction: the application is read,
// evaluated, and written back only if nobody changed it meanwhile (stale otherwise), so that a
// slow evaluation never holds other writers up.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "cases/evaluator.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

class Applications {
 public:
  // `now` gives UTC timestamps "YYYY-MM-DDTHH:MM:SSZ"; tests fix it to move the clocks.
  Applications(store::Store& store, const Evaluator& evaluator, std::function<std::string()> now);

  // `application` is the exporter's document (docs/application-format.md).
  Result<CaseView> create(const Principal& actor, const nlohmann::json& application);
  Result<CaseView> update(const Principal& actor, std::string_view id,
                          const nlohmann::json& application, std::optional<std::int64_t> if_match);
  Result<CaseView> get(const Principal& actor, std::string_view id);
  Result<CasePage> list(const Principal& actor, const std::vector<std::string>& states,
                        Paging paging);
  // Completeness check, screening, assessment and flags; requests missing information.
  Result<CaseView> submit(const Principal& actor, std::string_view id,
                          std::optional<std::int64_t> if_match);
  Result<CaseView> start_review(const Principal& actor, std::string_view id,
                                std::optional<std::int64_t> if_match);
  Result<CaseView> withdraw(const Principal& actor, std::string_view id,
                            std::optional<std::int64_t> if_match);
  // Screens and assesses an open case again with the current lists, policy and catalogue (a new
  // assessment version). A recommendation made on an assessment that changed materially (risk,
  // score, hits, recommendation) goes back to review; otherwise it carries over.
  Result<CaseView> reassess(const Principal& actor, std::string_view id,
                            std::optional<std::int64_t> if_match);
  // Re-assesses every open case whose screening or basis changed (after a list update) and flags
  // new hits; a raised risk level raises the four-eyes requirement with it.
  Result<RescreenReport> rescreen(const Principal& actor);

 private:
  struct Reassessed {
    CaseView view;
    bool written = false;
    bool new_hits = false;
    std::size_t parties = 0;
  };
  Result<Reassessed> reassess_one(const Principal& actor, std::string_view id,
                                  std::optional<std::int64_t> if_match, bool only_if_changed);

  store::Store& store_;
  const Evaluator& evaluator_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
