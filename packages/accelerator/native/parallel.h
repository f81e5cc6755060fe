// Splits [0, n) across the accelerator's worker threads. Threads are spawned per call: kernels
// here take milliseconds, a spawn tens of microseconds, and no idle thread spins between calls
// (the machine is shared).
#pragma once
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace hacc {

int num_threads();
void set_num_threads(int n);

// Calls fn(begin, end) on disjoint ranges covering [0, n); runs inline when the work is small.
template <typename F>
void parallel_for(std::size_t n, std::size_t min_per_thread, F&& fn) {
  int t = num_threads();
  std::size_t max_tasks = min_per_thread == 0 ? n : n / min_per_thread;
  std::size_t tasks = std::min<std::size_t>(static_cast<std::size_t>(t), max_tasks);
  if (tasks <= 1 || n <= 1) {
    if (n > 0) fn(std::size_t{0}, n);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(tasks - 1);
  std::size_t chunk = (n + tasks - 1) / tasks;
  for (std::size_t i = 1; i < tasks; ++i) {
    std::size_t b = i * chunk, e = std::min(n, b + chunk);
    if (b >= e) break;
    workers.emplace_back([&fn, b, e] { fn(b, e); });
  }
  fn(std::size_t{0}, std::min(n, chunk));
  for (auto& w : workers) w.join();
}

}  // namespace hacc
