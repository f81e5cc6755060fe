// FusedBatchNorm's gradient (HarmonizationBatchNormGrad) and that gradient's gradient
// (HarmonizationBatchNormGradGrad), per-channel statistics only: x is [rows, c] row-major.
// Channel sums accumulate in double over fixed row blocks (channel_sums.h): results do not
// depend on the thread count.
#include <algorithm>
#include <cmath>
#include <vector>

#include "channel_sums.h"
#include "kernels.h"
#include "parallel.h"

namespace hacc {

namespace {

struct Coefficients {
  std::vector<double> s, k, m;  // 1/sqrt(var + eps), scale·s, mean: per channel, in double
};

Coefficients coefficients(const float* mean, const float* var, const float* scale, std::size_t c, float eps) {
  Coefficients out{inv_std(var, c, eps), std::vector<double>(c), std::vector<double>(mean, mean + c)};
  for (std::size_t j = 0; j < c; ++j) out.k[j] = static_cast<double>(scale[j]) * out.s[j];
  return out;
}

}  // namespace

void batch_norm_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* mean, const float* var,
                     const float* scale, float eps, float* dx, float* dmean, float* dvar, float* dscale, float* doffset) {
  const std::size_t rows = n / c;
  const Coefficients co = coefficients(mean, var, scale, c, eps);
  const std::vector<double> &s = co.s, &k = co.k, &m = co.m;
  // One pass: dx and the sums S1 = Σdy (partial[0..c)), S2 = Σdy(x−mean) (partial[c..2c)).
  const std::vector<double> sums = blocked_sums(rows, c, 2 * c, [&](std::size_t r0, std::size_t r1, double* p) {
    double* s1 = p;
    double* s2 = p + c;
    for (std::size_t r = r0; r < r1; ++r) {
      const float* dyr = dy + r * c;
      const float* xr = x + r * c;
      float* dxr = dx + r * c;
      for (std::size_t j = 0; j < c; ++j) {
        const double d = dyr[j];
        s1[j] += d;
        s2[j] += d * (static_cast<double>(xr[j]) - m[j]);
        dxr[j] = static_cast<float>(d * k[j]);
      }
    }
  });
  for (std::size_t j = 0; j < c; ++j) {
    const double s1 = sums[j], s2 = sums[c + j];
    dmean[j] = static_cast<float>(-k[j] * s1);
    dvar[j] = static_cast<float>(-0.5 * s[j] * s[j] * k[j] * s2);
    dscale[j] = static_cast<float>(s[j] * s2);
    doffset[j] = static_cast<float>(s1);
  }
}

void batch_norm_grad_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* mean,
                          const float* var, const float* scale, const float* gdx, const float* gm, const float* gv,
                          const float* gg, const float* gb, float eps, float* d_dy, float* d_x, float* d_mean,
                          float* d_var, float* d_scale) {
  const std::size_t rows = n / c;
  const Coefficients co = coefficients(mean, var, scale, c, eps);
  const std::vector<double> &s = co.s, &k = co.k, &m = co.m;
  // Pass 1: S1 = Σdy, S2 = Σdy(x−mean), S3 = Σgdx·dy.
  const std::vector<double> sums = blocked_sums(rows, c, 3 * c, [&](std::size_t r0, std::size_t r1, double* p) {
    double* s1 = p;
    double* s2 = p + c;
    double* s3 = p + 2 * c;
    for (std::size_t r = r0; r < r1; ++r) {
      const float* dyr = dy + r * c;
      const float* xr = x + r * c;
      const float* gr = gdx + r * c;
      for (std::size_t j = 0; j < c; ++j) {
        const double d = dyr[j];
        s1[j] += d;
        s2[j] += d * (static_cast<double>(xr[j]) - m[j]);
        s3[j] += d * static_cast<double>(gr[j]);
      }
    }
  });
  // d_dy = a·gdx + b + c·(x−mean), d_x = c·dy with a = k, b = gb − gm·k, c = gg·s − ½·gv·s²·k.
  std::vector<double> a(c), b(c), cc(c);
  for (std::size_t j = 0; j < c; ++j) {
    const double s1 = sums[j], s2 = sums[c + j], s3 = sums[2 * c + j];
    const double sj = s[j], kj = k[j];
    a[j] = kj;
    b[j] = gb[j] - gm[j] * kj;
    cc[j] = gg[j] * sj - 0.5 * gv[j] * sj * sj * kj;
    d_mean[j] = static_cast<float>(-cc[j] * s1);
    const double dl_dk = s3 - gm[j] * s1 - 0.5 * gv[j] * sj * sj * s2;
    d_scale[j] = static_cast<float>(dl_dk * sj);
    const double dl_ds = dl_dk * scale[j] + gg[j] * s2 - gv[j] * kj * sj * s2;
    d_var[j] = static_cast<float>(dl_ds * (-0.5 * sj * sj * sj));
  }
  // Pass 2, element-wise over rows.
  parallel_for(rows, std::max<std::size_t>(1, (std::size_t{1} << 15) / c), [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      const float* dyr = dy + r * c;
      const float* xr = x + r * c;
      const float* gr = gdx + r * c;
      float* o1 = d_dy + r * c;
      float* o2 = d_x + r * c;
      for (std::size_t j = 0; j < c; ++j) {
        o1[j] = static_cast<float>(a[j] * gr[j] + b[j] + cc[j] * (static_cast<double>(xr[j]) - m[j]));
        o2[j] = static_cast<float>(cc[j] * dyr[j]);
      }
    }
  });
}

}  // namespace hacc
