// Splits [0, n) across the accelerator's worker threads. A persistent pool hands out chunks
// dynamically: the calling thread takes chunks too, and never waits for a worker that has not
// started (on a busy machine a worker may wake up late; it then finds no work left).
#pragma once
#include <algorithm>
#include <cstddef>
#include <functional>

namespace hacc {

int num_threads();
void set_num_threads(int n);
// Whether convolutions go to oneDNN (built with it and not switched off).
bool use_dnnl();
void set_use_dnnl(bool on);

using RangeFn = std::function<void(std::size_t, std::size_t)>;
void run_parallel(std::size_t n, std::size_t chunk, const RangeFn& fn);

// Calls fn(begin, end) on disjoint ranges covering [0, n); runs inline when the work is small
// (fewer than two chunks of `min_per_thread`).
template <typename F>
void parallel_for(std::size_t n, std::size_t min_per_thread, F&& fn) {
  const std::size_t grain = std::max<std::size_t>(1, min_per_thread);
  const int t = num_threads();
  if (t <= 1 || n < 2 * grain) {
    if (n > 0) fn(std::size_t{0}, n);
    return;
  }
  // About four chunks per thread so a late or slow thread costs little.
  const std::size_t chunk = std::max(grain, (n + 4 * t - 1) / (4 * static_cast<std::size_t>(t)));
  run_parallel(n, chunk, RangeFn(std::forward<F>(fn)));
}

}  // namespace hacc
