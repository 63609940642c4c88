#pragma once
// The one store implementation, over a driver (driver.hpp). Private to store/.

#include <memory>

#include "core/result.hpp"
#include "store/internal/driver.hpp"
#include "store/store.hpp"

namespace echri::store::internal {

// Checks that the database exists when options.create_if_missing is false (not_found naming it
// otherwise), applies migrations when options.migrate, and refuses a schema newer than this
// binary. The returned store also implements dump.hpp's Dumpable.
Result<std::unique_ptr<Store>> open_sql_store(std::unique_ptr<Driver> driver, StoreOptions options);

}  // namespace echri::store::internal
