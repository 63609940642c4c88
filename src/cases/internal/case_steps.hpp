#pragma once
// Internal to cases/: the steps the case services share — an application's state and its moves,
// who may act, children of a case, and lists of them.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "cases/workflow.hpp"
#include "store/store.hpp"

namespace echri::cases::detail {

inline constexpr int kInformationDueDays = 20;

CaseState state_of(const store::Record& record);

// Moves the application by `action` (raises conflict when illegal) and writes it to the history.
void move(store::Record& record, nlohmann::json& body, CaseAction action, const Principal& actor,
          std::string_view now);

void require_exporter_of(const Principal& actor, const store::Record& record,
                         std::string_view what);
void require_officer(const Principal& actor, std::string_view what);

// A record that belongs to an application: same organisation, `parent` = the application.
store::Record child_record(std::string_view kind, std::string id, const store::Record& parent,
                           std::string state, const nlohmann::json& body);

CasePage page_of(const Principal& actor, store::RecordPage page);

// The children of `kind` of an application the actor may see, oldest first.
CasePage children(store::Transaction& tx, const Principal& actor, std::string_view kind,
                  std::string_view application_id, Paging paging);

}  // namespace echri::cases::detail
