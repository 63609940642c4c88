#pragma once
// The licensing workflow's services over one store and evaluator, as the server and the commands
// hold them.

#include <functional>
#include <string>
#include <utility>

#include "cases/applications.hpp"
#include "cases/case_files.hpp"
#include "cases/decisions.hpp"
#include "cases/denial_draft.hpp"
#include "cases/desk.hpp"
#include "cases/evaluator.hpp"
#include "cases/licences.hpp"
#include "cases/queue.hpp"
#include "store/store.hpp"

namespace echri::cases {

struct CaseServices {
  // `now` gives UTC timestamps (core::utc_timestamp when empty); tests fix it. `peer_denials`,
  // when given, brings other Subscribing States' denials into the cases' assessments.
  CaseServices(store::Store& store, const Evaluator& evaluator,
               const std::function<std::string()>& now = {}, PeerDenialSource peer_denials = {})
      : workflow_evaluator(evaluator.with_peer_denials(std::move(peer_denials))),
        applications(store, workflow_evaluator, now),
        decisions(store, workflow_evaluator, now),
        files(store, now),
        licences(store, now),
        queue(store, now),
        desk(store, now),
        denial_drafts(store, evaluator.catalogue()) {}
  // The services hold workflow_evaluator by reference: a copy would point into the original.
  CaseServices(const CaseServices&) = delete;
  CaseServices& operator=(const CaseServices&) = delete;

  // The caller's evaluator with the peer denials: its own copy, so that the caller's (behind
  // POST /api/v1/assess, which exporters call) never shows other states' denials. Declared first:
  // the services below hold it.
  Evaluator workflow_evaluator;
  Applications applications;
  Decisions decisions;
  CaseFiles files;
  Licences licences;
  Queue queue;
  Desk desk;
  DenialDrafts denial_drafts;
};

}  // namespace echri::cases
