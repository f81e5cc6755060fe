// Element-wise float32 kernels with tfjs broadcasting, and Sum over axes. The stock cpu backend
// runs these as JS loops with a modulo per element (binary) or a transpose first (Sum); after the
// convolutions went native they were most of a training step.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace hacc {
namespace {

// Element-wise passes are bound by memory (and by the JS allocation of every output): a second
// thread did not make a 1M-element Multiply faster on the 2-core machine, and waking it costs.
// Only the largest passes split.
constexpr std::size_t kMinPerThread = 1 << 18;

template <typename T, typename F>
void binary_rows(const float* a, const float* b, T* out, std::size_t rows, std::size_t inner,
                 const std::vector<std::size_t>& outer_dims, const std::vector<std::size_t>& sa_outer,
                 const std::vector<std::size_t>& sb_outer, std::size_t sa, std::size_t sb, F f) {
  const std::size_t grain = std::max<std::size_t>(1, kMinPerThread / std::max<std::size_t>(1, inner));
  parallel_for(rows, grain, [&](std::size_t rb, std::size_t re) {
    for (std::size_t r = rb; r < re; ++r) {
      // Decompose the row index over the outer dims to find each operand's offset.
      std::size_t rem = r, oa = 0, ob = 0;
      for (std::size_t d = outer_dims.size(); d-- > 0;) {
        const std::size_t i = rem % outer_dims[d];
        rem /= outer_dims[d];
        oa += i * sa_outer[d];
        ob += i * sb_outer[d];
      }
      const float* pa = a + oa;
      const float* pb = b + ob;
      T* po = out + r * inner;
      if (sa == 1 && sb == 1) {
        for (std::size_t j = 0; j < inner; ++j) po[j] = f(pa[j], pb[j]);
      } else if (sa == 1) {
        const float vb = pb[0];
        for (std::size_t j = 0; j < inner; ++j) po[j] = f(pa[j], vb);
      } else if (sb == 1) {
        const float va = pa[0];
        for (std::size_t j = 0; j < inner; ++j) po[j] = f(va, pb[j]);
      } else {
        const T v = f(pa[0], pb[0]);
        for (std::size_t j = 0; j < inner; ++j) po[j] = v;
      }
    }
  });
}

template <typename T, typename F>
void binary_broadcast(const float* a, const int* a_shape, const float* b, const int* b_shape, T* out,
                      const int* out_shape, int rank, F f) {
  // Right-aligned element strides of each operand (0 along a broadcast axis), then merge
  // neighbouring axes whose broadcast pattern matches so the inner loop is as long as possible.
  std::vector<std::size_t> dims, sa, sb;
  std::size_t stride_a = 1, stride_b = 1;
  std::vector<std::size_t> da(rank), db(rank);
  for (int d = rank - 1; d >= 0; --d) {
    da[d] = a_shape[d] == 1 ? 0 : stride_a;
    db[d] = b_shape[d] == 1 ? 0 : stride_b;
    stride_a *= a_shape[d];
    stride_b *= b_shape[d];
  }
  for (int d = 0; d < rank; ++d) {
    const std::size_t n = out_shape[d];
    if (n == 1) continue;
    if (!dims.empty() && (sa.back() == 0) == (da[d] == 0) && (sb.back() == 0) == (db[d] == 0)) {
      dims.back() *= n;
      sa.back() = da[d];
      sb.back() = db[d];
    } else {
      dims.push_back(n);
      sa.push_back(da[d]);
      sb.push_back(db[d]);
    }
  }
  if (dims.empty()) {
    out[0] = f(a[0], b[0]);
    return;
  }
  const std::size_t inner = dims.back();
  const std::size_t ia = sa.back(), ib = sb.back();
  // [rows, inner] against one repeated [inner] row (a channel vector against NHWC activations):
  // no per-row index arithmetic.
  if (dims.size() == 2 && ia == 1 && ib == 1 && (sa[0] == 0) != (sb[0] == 0)) {
    const std::size_t rows = dims[0];
    const bool a_row = sa[0] == 0;
    const float* __restrict full = a_row ? b : a;
    const float* __restrict row = a_row ? a : b;
    parallel_for(rows, std::max<std::size_t>(1, kMinPerThread / inner), [&](std::size_t rb, std::size_t re) {
      for (std::size_t r = rb; r < re; ++r) {
        const float* __restrict pf = full + r * inner;
        T* __restrict po = out + r * inner;
        if (a_row) {
          for (std::size_t j = 0; j < inner; ++j) po[j] = f(row[j], pf[j]);
        } else {
          for (std::size_t j = 0; j < inner; ++j) po[j] = f(pf[j], row[j]);
        }
      }
    });
    return;
  }
  dims.pop_back();
  sa.pop_back();
  sb.pop_back();
  std::size_t rows = 1;
  for (auto n : dims) rows *= n;
  binary_rows(a, b, out, rows, inner, dims, sa, sb, ia, ib, f);
}

template <typename F>
void unary_apply(const float* x, float* y, std::size_t n, F f) {
  parallel_for(n, kMinPerThread, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) y[i] = f(x[i]);
  });
}

}  // namespace

void binary_op(BinaryOp op, const float* a, const int* a_shape, const float* b, const int* b_shape, float* out,
               const int* out_shape, int rank) {
  switch (op) {
    case BinaryOp::kAdd:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return x + y; });
    case BinaryOp::kSub:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return x - y; });
    case BinaryOp::kMul:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return x * y; });
    case BinaryOp::kDiv:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return x / y; });
    case BinaryOp::kMaximum:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) {
        return (x != x || y != y) ? std::numeric_limits<float>::quiet_NaN() : (x > y ? x : y);
      });
    case BinaryOp::kMinimum:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) {
        return (x != x || y != y) ? std::numeric_limits<float>::quiet_NaN() : (x < y ? x : y);
      });
    case BinaryOp::kSquaredDifference:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) {
        const float d = x - y;
        return d * d;
      });
  }
}

void compare_op(CompareOp op, const float* a, const int* a_shape, const float* b, const int* b_shape, uint8_t* out,
                const int* out_shape, int rank) {
  using U = uint8_t;
  switch (op) {
    case CompareOp::kGreater:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return U(x > y); });
    case CompareOp::kGreaterEqual:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return U(x >= y); });
    case CompareOp::kLess:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return U(x < y); });
    case CompareOp::kLessEqual:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return U(x <= y); });
    case CompareOp::kEqual:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return U(x == y); });
    case CompareOp::kNotEqual:
      return binary_broadcast(a, a_shape, b, b_shape, out, out_shape, rank, [](float x, float y) { return U(x != y); });
  }
}

void unary_op(UnaryOp op, const float* x, float* y, std::size_t n, float alpha) {
  switch (op) {
    // Math.max(0, x): NaN stays NaN, −0 becomes 0.
    case UnaryOp::kRelu:
      return unary_apply(x, y, n, [](float v) { return v > 0.f ? v : (v == v ? 0.f : v); });
    case UnaryOp::kStep:
      return unary_apply(x, y, n, [alpha](float v) { return v != v ? v : (v > 0.f ? 1.f : alpha); });
    case UnaryOp::kNeg:
      return unary_apply(x, y, n, [](float v) { return -v; });
    case UnaryOp::kSquare:
      return unary_apply(x, y, n, [](float v) { return v * v; });
  }
}

// x viewed as [outer, reduce, inner]; y [outer, inner]. Double accumulators like the JS kernel.
void sum_reduce(const float* x, float* y, std::size_t outer, std::size_t reduce, std::size_t inner, double scale) {
  if (inner == 1) {
    parallel_for(outer, std::max<std::size_t>(1, kMinPerThread / std::max<std::size_t>(1, reduce)),
                 [&](std::size_t b, std::size_t e) {
                   for (std::size_t o = b; o < e; ++o) {
                     const float* p = x + o * reduce;
                     double s = 0;
                     for (std::size_t r = 0; r < reduce; ++r) s += p[r];
                     y[o] = static_cast<float>(s * scale);
                   }
                 });
    return;
  }
  // Column sums: each thread owns a slice of the inner axis, accumulating rows in doubles.
  const std::size_t total = outer * inner;
  parallel_for(total, std::max<std::size_t>(1, kMinPerThread / std::max<std::size_t>(1, reduce)),
               [&](std::size_t b, std::size_t e) {
                 std::vector<double> acc;
                 std::size_t idx = b;
                 while (idx < e) {
                   const std::size_t o = idx / inner, i0 = idx % inner;
                   const std::size_t i1 = std::min(inner, i0 + (e - idx));
                   acc.assign(i1 - i0, 0.0);
                   for (std::size_t r = 0; r < reduce; ++r) {
                     const float* p = x + (o * reduce + r) * inner + i0;
                     for (std::size_t i = 0; i < i1 - i0; ++i) acc[i] += p[i];
                   }
                   for (std::size_t i = 0; i < i1 - i0; ++i) y[o * inner + i0 + i] = static_cast<float>(acc[i] * scale);
                   idx += i1 - i0;
                 }
               });
}

}  // namespace hacc
