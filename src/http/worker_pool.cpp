#include "http/worker_pool.hpp"

namespace echri::http {

void run_warm_up(const std::function<void()>& warm_up) noexcept {
  try {
    if (warm_up) warm_up();
  } catch (...) {  // NOLINT(bugprone-empty-catch): see the header
  }
}

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_queued, std::function<void()> warm_up,
                       std::atomic<std::size_t>& ready)
    : warm_up_(std::move(warm_up)), max_queued_(max_queued) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this, &ready] { work(ready); });
}

WorkerPool::~WorkerPool() {
  shutdown();
}

bool WorkerPool::try_enqueue(std::function<void()> task) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() >= max_queued_) return false;
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::shutdown() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
}

void WorkerPool::work(std::atomic<std::size_t>& ready) {
  run_warm_up(warm_up_);
  ready.fetch_add(1);
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and nothing left to do
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    // A task answers its own errors; one that throws anyway must not take the worker with it.
    try {
      task();
    } catch (...) {  // NOLINT(bugprone-empty-catch): see above
    }
  }
}

}  // namespace echri::http
