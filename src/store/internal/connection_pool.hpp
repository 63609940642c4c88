#pragma once
// Internal to store/: the idle connections a driver keeps for reuse. A unit of work leases one
// (opening a new connection when none is idle); the lease gives it back when it ends, unless the
// driver's `reusable` test says the connection must not serve again (broken, or left inside a
// transaction), in which case it is closed. At most `max_idle` are kept. Thread-safe.

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace echri::store::internal {

template <class Connection>
class ConnectionPool {
 public:
  using Open = std::function<std::unique_ptr<Connection>()>;
  using Reusable = bool (*)(const Connection&);

  ConnectionPool(Open open, Reusable reusable, std::size_t max_idle)
      : open_(std::move(open)), reusable_(reusable), max_idle_(max_idle) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.give_back(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease(Lease&&) = delete;
    Lease& operator=(Lease&&) = delete;
    Connection& operator*() const { return *connection_; }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Throws what opening a connection throws.
  Lease acquire() {
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(connection));
      }
    }
    return Lease(*this, open_());
  }

 private:
  void give_back(std::unique_ptr<Connection> connection) {
    if (!connection || !reusable_(*connection)) return;
    const std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
  }

  Open open_;
  Reusable reusable_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace echri::store::internal
