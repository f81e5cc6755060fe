// Thread counts and the worker pool. Safe for several JS threads at once (the main thread and
// worker_threads each call kernels synchronously on their own OS thread):
// - the thread count is per calling thread (thread_local): each JS thread sets its own;
// - one process-wide pool runs one job at a time; a caller that finds it busy (another JS
//   thread's job) runs its job inline, which on a machine already kept busy by the other
//   thread is as fast and never blocks;
// - oneDNN's OpenMP thread count is a per-thread setting too (omp_set_num_threads), applied on
//   the calling thread before each oneDNN call;
// - OpenBLAS has one process-wide count; it gets the largest count any thread asked for.
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

std::atomic<bool> g_use_dnnl{true};
thread_local int t_threads = 0;  // 0: not set on this thread yet
thread_local bool t_in_job = false;  // this thread is running a chunk of a pool job

int default_threads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

class Pool {
 public:
  // Runs fn over [0, n) with up to `workers` pool threads besides the caller; false (nothing run)
  // when the pool is busy with another caller's job.
  bool try_run(std::size_t n, std::size_t chunk, int workers, const RangeFn& fn) {
    std::unique_lock<std::mutex> job(job_m_, std::try_to_lock);
    if (!job.owns_lock()) return false;
    resize(workers);
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
    return true;
  }

 private:
  // Keeps `workers` threads; called with job_m_ held, so no job is running.
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

  void take_chunks() {
    t_in_job = true;
    for (;;) {
      const std::size_t b = next_.fetch_add(chunk_);
      if (b >= n_) break;
      (*fn_)(b, std::min(n_, b + chunk_));
    }
    t_in_job = false;
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

  std::mutex job_m_;  // held by the one caller whose job the pool runs
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

std::mutex g_blas_m;
int g_blas_threads = 0;

}  // namespace

int num_threads() {
  if (t_threads <= 0) t_threads = default_threads();
  return t_threads;
}

bool use_dnnl() { return g_use_dnnl.load() && dnnl_available(); }
void set_use_dnnl(bool on) { g_use_dnnl.store(on); }

void set_num_threads(int n) {
  t_threads = std::max(1, n);
  std::lock_guard<std::mutex> lk(g_blas_m);
  const int blas = std::max(g_blas_threads, t_threads);
  if (blas != g_blas_threads) {
    openblas_set_num_threads(blas);
    g_blas_threads = blas;
  }
}

void run_parallel(std::size_t n, std::size_t chunk, const RangeFn& fn) {
  // Inside a chunk (a nested parallel_for) or while another JS thread holds the pool: inline.
  if (t_in_job || !pool().try_run(n, chunk, num_threads() - 1, fn)) fn(0, n);
}

}  // namespace hacc
