// FusedBatchNorm forward with the tfjs cpu kernel's semantics: each statistic is read at the
// element's flat index modulo its own length ([C] per channel, or full size), in double like
// the JS kernel: out = offset + (x − mean) · scale / sqrt(variance + ε).
#include <cmath>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace hacc {

void batch_norm(const float* x, std::size_t n, const float* mean, std::size_t lm, const float* var, std::size_t lv,
                const float* offset, std::size_t lo, const float* scale, std::size_t ls, float eps, float* out) {
  if (lm == lv && lm == lo && lm == ls && lm > 0 && n % lm == 0) {
    // Per-channel statistics (the usual case): one multiplier per channel, rows split over threads.
    const std::size_t c = lm, rows = n / c;
    std::vector<double> a(c);
    for (std::size_t j = 0; j < c; ++j) a[j] = static_cast<double>(scale[j]) / std::sqrt(static_cast<double>(var[j]) + eps);
    parallel_for(rows, std::max<std::size_t>(1, (std::size_t{1} << 15) / c), [&](std::size_t b, std::size_t e) {
      for (std::size_t r = b; r < e; ++r) {
        const float* xr = x + r * c;
        float* yr = out + r * c;
        for (std::size_t j = 0; j < c; ++j)
          yr[j] = static_cast<float>(offset[j] + (static_cast<double>(xr[j]) - mean[j]) * a[j]);
      }
    });
    return;
  }
  std::size_t mi = 0, vi = 0, oi = 0, si = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<float>(offset[oi] + (static_cast<double>(x[i]) - mean[mi]) * scale[si] /
                                                 std::sqrt(static_cast<double>(var[vi]) + eps));
    if (++mi == lm) mi = 0;
    if (++vi == lv) vi = 0;
    if (++oi == lo) oi = 0;
    if (++si == ls) si = 0;
  }
}

}  // namespace hacc
