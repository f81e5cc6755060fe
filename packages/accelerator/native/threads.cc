// Thread count shared by the BLAS and the accelerator's own loops.
#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "parallel.h"

namespace hacc {
namespace {
std::atomic<int> g_threads{0};
}

int num_threads() {
  int t = g_threads.load();
  if (t <= 0) {
    t = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    g_threads.store(t);
  }
  return t;
}

void set_num_threads(int n) {
  const int t = std::max(1, n);
  g_threads.store(t);
  openblas_set_num_threads(t);
}

}  // namespace hacc
