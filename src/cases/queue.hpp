#pragma once
// The officers' queue: open cases by risk, then age, with their clocks.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cases/accounts.hpp"
#include "cases/case_service.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace echri::cases {

class Queue {
 public:
  Queue(store::Store& store, std::function<std::string()> now);

  // `total`, when given, receives the number of open cases.
  Result<std::vector<QueueEntry>> entries(const Principal& actor, Paging paging,
                                          std::size_t* total = nullptr);

 private:
  store::Store& store_;
  std::function<std::string()> now_;
};

}  // namespace echri::cases
