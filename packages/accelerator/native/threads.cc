// Thread count shared by the BLAS and the accelerator's own loops, and the worker pool.
#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace hacc {
namespace {

std::atomic<int> g_threads{0};
std::atomic<bool> g_use_dnnl{true};

class Pool {
 public:
  ~Pool() { resize(0); }

  // Keeps `workers` threads (the caller is the extra one).
  void resize(int workers) {
    std::unique_lock<std::mutex> lk(m_);
    if (static_cast<int>(threads_.size()) == workers) return;
    stop_ = true;
    cv_work_.notify_all();
    lk.unlock();
    for (auto& th : threads_) th.join();
    lk.lock();
    threads_.clear();
    stop_ = false;
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }

  void run(std::size_t n, std::size_t chunk, const RangeFn& fn) {
    std::unique_lock<std::mutex> lk(m_);
    fn_ = &fn;
    n_ = n;
    chunk_ = chunk;
    next_.store(0);
    ++gen_;
    inside_ = 1;
    lk.unlock();
    cv_work_.notify_all();
    take_chunks();
    lk.lock();
    --inside_;
    cv_done_.wait(lk, [this] { return inside_ == 0; });
    fn_ = nullptr;
  }

 private:
  void take_chunks() {
    for (;;) {
      const std::size_t b = next_.fetch_add(chunk_);
      if (b >= n_) return;
      (*fn_)(b, std::min(n_, b + chunk_));
    }
  }

  void work() {
    unsigned long seen = 0;
    std::unique_lock<std::mutex> lk(m_);
    for (;;) {
      cv_work_.wait(lk, [&] { return stop_ || gen_ != seen; });
      if (stop_) return;
      seen = gen_;
      if (fn_ == nullptr) continue;  // that job already finished
      ++inside_;
      lk.unlock();
      take_chunks();
      lk.lock();
      if (--inside_ == 0) cv_done_.notify_all();
    }
  }

  std::mutex m_;
  std::condition_variable cv_work_, cv_done_;
  std::vector<std::thread> threads_;
  const RangeFn* fn_ = nullptr;
  std::size_t n_ = 0, chunk_ = 1;
  std::atomic<std::size_t> next_{0};
  unsigned long gen_ = 0;
  int inside_ = 0;
  bool stop_ = false;
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers must not outlive a static destructor race
  return *p;
}

}  // namespace

int num_threads() {
  int t = g_threads.load();
  if (t <= 0) {
    t = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    g_threads.store(t);
  }
  return t;
}

bool use_dnnl() { return g_use_dnnl.load() && dnnl_available(); }
void set_use_dnnl(bool on) { g_use_dnnl.store(on); }

void set_num_threads(int n) {
  const int t = std::max(1, n);
  g_threads.store(t);
  openblas_set_num_threads(t);
  dnnl_set_threads(t);
  pool().resize(t - 1);
}

void run_parallel(std::size_t n, std::size_t chunk, const RangeFn& fn) {
  pool().resize(num_threads() - 1);
  pool().run(n, chunk, fn);
}

}  // namespace hacc
