// Conv2D and its backprops through oneDNN (Debian's libdnnl), when the build found it: direct
// JIT convolutions for this CPU, several times the throughput of im2col + GEMM at the small
// channel counts of these models. Activations stay NHWC; weights are reordered from tfjs'
// [kh,kw,c,oc] (oneDNN "hwio") to whatever layout the chosen kernel wants.
#ifdef HACC_WITH_DNNL
#include <dnnl.hpp>
#include <omp.h>

#include <algorithm>
#include <mutex>

#include "kernels.h"
#include "parallel.h"

namespace hacc {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

// Work below which one more OpenMP thread does not pay: waking a sleeping (PASSIVE) team member
// costs about as much as the ~0.5 ms of convolution it would take over. Measured on the 2-core
// machine (DNNL_VERBOSE): backward-data of 4×32×32×32 by 3×3×32 (75 MFLOP) took 0.70 ms on 1
// thread and 0.96 ms on 2; 4×64×64 by 7×7×3×32 (154 MFLOP) 7.6 → 5.3 ms; 604 MFLOP 10.5 → 6.2 ms.
constexpr double kMinFlopsPerThread = 100e6;

// Threads for one convolution: this calling thread's count, fewer when the work is small.
int conv_threads(const ConvGeom& g) {
  const double flops = 2.0 * g.n * g.oh * g.ow * g.oc * g.kh * g.kw * g.c;
  const int by_work = static_cast<int>(flops / kMinFlopsPerThread);
  return std::max(1, std::min(num_threads(), by_work));
}

// OpenMP's thread count is a per-thread setting: give this calling thread the count it wants.
void sync_omp_threads(int t) {
  thread_local int applied = 0;
  if (t != applied) {
    omp_set_num_threads(t);
    applied = t;
  }
}

dnnl::engine& cpu_engine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}

struct Descs {
  memory::desc src, weights_user, weights_any, dst;
  memory::dims strides, dilation, pad_l, pad_r;
};

Descs descs(const ConvGeom& g) {
  const memory::dim ekh = (g.kh - 1) * g.dh + 1, ekw = (g.kw - 1) * g.dw + 1;
  // oneDNN derives the output size with floor division, so a negative "right pad" (VALID with
  // rows left over) is expressed as zero.
  const memory::dim pad_b = std::max<memory::dim>(0, (g.oh - 1) * g.sh + ekh - g.h - g.pad_top);
  const memory::dim pad_r = std::max<memory::dim>(0, (g.ow - 1) * g.sw + ekw - g.w - g.pad_left);
  return Descs{
      memory::desc({g.n, g.c, g.h, g.w}, dt::f32, tag::nhwc),
      memory::desc({g.oc, g.c, g.kh, g.kw}, dt::f32, tag::hwio),
      memory::desc({g.oc, g.c, g.kh, g.kw}, dt::f32, tag::any),
      memory::desc({g.n, g.oc, g.oh, g.ow}, dt::f32, tag::nhwc),
      {g.sh, g.sw},
      {g.dh - 1, g.dw - 1},
      {g.pad_top, g.pad_left},
      {pad_b, pad_r},
  };
}

dnnl::convolution_forward::primitive_desc forward_pd(const Descs& d) {
  return dnnl::convolution_forward::primitive_desc(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, d.src,
                                      d.weights_any, d.dst, d.strides, d.dilation, d.pad_l, d.pad_r),
      cpu_engine());
}

// Weight reorders are small (a 3×3×64×64 filter is 144 KB): with more than one OpenMP thread,
// waking the sleeping (OMP_WAIT_POLICY=PASSIVE) team cost more than the copy — on the 2-core
// machine the reorders of a VGG step went from 2.5 ms to 18 ms at 2 threads. Small ones run on
// the calling thread alone.
void reorder(const memory& from, memory& to, dnnl::stream& s, int threads) {
  const bool small = from.get_desc().get_size() < (std::size_t{1} << 20);
  if (small && threads > 1) omp_set_num_threads(1);
  dnnl::reorder(from, to).execute(s, const_cast<memory&>(from), to);
  s.wait();
  if (small && threads > 1) omp_set_num_threads(threads);
}

// Memory for `want`, reordered from `user` when the layouts differ.
memory to_layout(const memory& user, const memory::desc& want, dnnl::stream& s, int threads) {
  if (user.get_desc() == want) return user;
  memory m(want, cpu_engine());
  reorder(user, m, s, threads);
  return m;
}

}  // namespace

bool dnnl_available() { return true; }

bool dnnl_gemm(bool trans_a, bool trans_b, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
               int threads) {
  sync_omp_threads(threads);
  return dnnl_sgemm(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', m, n, k, 1.f, a, lda, b, ldb, 0.f, c, ldc) == dnnl_success;
}


bool dnnl_conv2d(const float* x, const float* f, float* y, const ConvGeom& g) {
  try {
    const int threads = conv_threads(g);
    sync_omp_threads(threads);
    const Descs d = descs(g);
    auto pd = forward_pd(d);
    dnnl::stream s(cpu_engine());
    memory src(d.src, cpu_engine(), const_cast<float*>(x));
    memory wu(d.weights_user, cpu_engine(), const_cast<float*>(f));
    memory dst(d.dst, cpu_engine(), y);
    memory w = to_layout(wu, pd.weights_desc(), s, threads);
    dnnl::convolution_forward(pd).execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, dst}});
    s.wait();
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
}

bool dnnl_conv2d_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g) {
  try {
    const int threads = conv_threads(g);
    sync_omp_threads(threads);
    const Descs d = descs(g);
    auto hint = forward_pd(d);
    dnnl::convolution_backward_data::primitive_desc pd(
        dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, d.src, d.weights_any, d.dst,
                                              d.strides, d.dilation, d.pad_l, d.pad_r),
        cpu_engine(), hint);
    dnnl::stream s(cpu_engine());
    memory diff_dst(d.dst, cpu_engine(), const_cast<float*>(dy));
    memory wu(d.weights_user, cpu_engine(), const_cast<float*>(f));
    memory diff_src(d.src, cpu_engine(), dx);
    memory w = to_layout(wu, pd.weights_desc(), s, threads);
    dnnl::convolution_backward_data(pd).execute(
        s, {{DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DIFF_SRC, diff_src}});
    s.wait();
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
}

bool dnnl_conv2d_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g) {
  try {
    const int threads = conv_threads(g);
    sync_omp_threads(threads);
    const Descs d = descs(g);
    auto hint = forward_pd(d);
    dnnl::convolution_backward_weights::primitive_desc pd(
        dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, d.src, d.weights_any, d.dst,
                                                 d.strides, d.dilation, d.pad_l, d.pad_r),
        cpu_engine(), hint);
    dnnl::stream s(cpu_engine());
    memory src(d.src, cpu_engine(), const_cast<float*>(x));
    memory diff_dst(d.dst, cpu_engine(), const_cast<float*>(dy));
    memory user(d.weights_user, cpu_engine(), df);
    const bool direct = pd.diff_weights_desc() == d.weights_user;
    memory diff_w = direct ? user : memory(pd.diff_weights_desc(), cpu_engine());
    dnnl::convolution_backward_weights(pd).execute(
        s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_WEIGHTS, diff_w}});
    s.wait();
    if (!direct) reorder(diff_w, user, s, threads);
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
}

}  // namespace hacc

#else  // no oneDNN in this build

#include "kernels.h"

namespace hacc {
bool dnnl_available() { return false; }
bool dnnl_conv2d(const float*, const float*, float*, const ConvGeom&) { return false; }
bool dnnl_conv2d_backprop_input(const float*, const float*, float*, const ConvGeom&) { return false; }
bool dnnl_conv2d_backprop_filter(const float*, const float*, float*, const ConvGeom&) { return false; }
bool dnnl_gemm(bool, bool, int, int, int, const float*, int, const float*, int, float*, int, int) { return false; }
}  // namespace hacc

#endif
