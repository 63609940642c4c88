#pragma once
// The licensing workflow's services over one store and evaluator, as the server and the commands
// hold them.

#include <functional>
#include <string>

#include "cases/applications.hpp"
#include "cases/case_files.hpp"
#include "cases/decisions.hpp"
#include "cases/desk.hpp"
#include "cases/evaluator.hpp"
#include "cases/licences.hpp"
#include "cases/queue.hpp"
#include "store/store.hpp"

namespace echri::cases {

struct CaseServices {
  // `now` gives UTC timestamps (core::utc_timestamp when empty); tests fix it.
  CaseServices(store::Store& store, const Evaluator& evaluator,
               const std::function<std::string()>& now = {})
      : applications(store, evaluator, now),
        decisions(store, evaluator, now),
        files(store, now),
        licences(store, now),
        queue(store, now),
        desk(store, now) {}

  Applications applications;
  Decisions decisions;
  CaseFiles files;
  Licences licences;
  Queue queue;
  Desk desk;
};

}  // namespace echri::cases
