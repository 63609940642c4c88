#pragma once
// The server's worker threads: cpp-httplib's thread pool, plus a warm-up that runs once on each
// worker before it takes connections. Work that keeps per-thread state (the ICU transliterator of
// name folding, the matcher's scratch buffers) pays its set-up there, at start, rather than on the
// first requests, which otherwise wait for it by the hundreds of milliseconds.

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace echri::http {

class WorkerPool : public httplib::TaskQueue {
 public:
  // `ready` is incremented by each worker once its warm-up has run.
  WorkerPool(std::size_t threads, const std::function<void()>& warm_up,
             std::atomic<std::size_t>& ready);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> task) override;
  // Runs the queued tasks, then joins the workers.
  void shutdown() override;

 private:
  void work(const std::function<void()>& warm_up, std::atomic<std::size_t>& ready);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace echri::http
