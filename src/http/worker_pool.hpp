#pragma once
// The server's worker threads: a bounded queue of handler calls, plus a warm-up that runs once on
// each worker before it takes requests. Handlers that may take long (a write waiting for the
// disk, a batch screening, the audit chain's verification) run here, so they hold a worker, not
// the connections of an I/O thread (RouteOptions::placement). Work that keeps per-thread state (the
// ICU transliterator of name folding, the matcher's scratch buffers) pays its set-up there, at
// start, rather than on the first requests, which otherwise wait for it by the hundreds of
// milliseconds.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace echri::http {

// Runs a thread's warm-up, if any. A warm-up that fails only means the first request on the
// thread pays the set-up: nothing is thrown.
void run_warm_up(const std::function<void()>& warm_up) noexcept;

class WorkerPool {
 public:
  // `ready` is incremented by each worker once its warm-up has run.
  // `max_queued` bounds the tasks waiting for a worker.
  WorkerPool(std::size_t threads, std::size_t max_queued, std::function<void()> warm_up,
             std::atomic<std::size_t>& ready);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // false when the queue is full or the pool is stopping: the caller answers 503.
  [[nodiscard]] bool try_enqueue(std::function<void()> task);
  // Runs the queued tasks, then joins the workers. Idempotent.
  void shutdown();

 private:
  void work(std::atomic<std::size_t>& ready);

  std::function<void()> warm_up_;
  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace echri::http
