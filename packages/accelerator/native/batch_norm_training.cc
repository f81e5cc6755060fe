// Training-mode batch norm with the batch statistics inside (HarmonizationBatchNormTraining), its
// gradient through those statistics (…Grad) and that gradient's gradient (…GradGrad, PyTorch's
// batchnorm_double_backward, training, affine). x is [rows, c] row-major, one channel per column.
// Each kernel is one statistics pass (channel sums in double over fixed row blocks, added in
// block order: results do not depend on the thread count) and one element-wise output pass
// with per-channel coefficients.
#include <algorithm>
#include <cmath>
#include <vector>

#include "channel_sums.h"
#include "kernels.h"
#include "parallel.h"

namespace hacc {

namespace {

// fn(r0, r1) over rows, element-wise work (~32K elements per chunk at least).
template <typename F>
void for_rows(std::size_t rows, std::size_t c, F&& fn) {
  parallel_for(rows, std::max<std::size_t>(1, (std::size_t{1} << 15) / std::max<std::size_t>(c, 1)), std::forward<F>(fn));
}

// One row of GradGrad's sums: ΣgO, ΣggI, Σ gO·ggI, Σ gO·xm, Σ ggI·xm into s[0..5c). Separate
// restrict parameters so the compiler vectorizes across channels (as lambda captures it would not).
void grad_grad_sums_row(const float* __restrict go, const float* __restrict gi, const float* __restrict xr,
                        const double* __restrict mu, std::size_t c, double* __restrict s_go, double* __restrict s_gi,
                        double* __restrict s_gogi, double* __restrict s_goxm, double* __restrict s_gixm) {
  for (std::size_t j = 0; j < c; ++j) {
    const double o = go[j], i = gi[j], xm = static_cast<double>(xr[j]) - mu[j];
    s_go[j] += o;
    s_gi[j] += i;
    s_gogi[j] += o * i;
    s_goxm[j] += o * xm;
    s_gixm[j] += i * xm;
  }
}

// One row of GradGrad's outputs: d_dy = P·ggI + Q·xm + R, d_x = A·xm + B·gO + C·ggI + D.
void grad_grad_row(const float* __restrict go, const float* __restrict gi, const float* __restrict xr,
                   const float* __restrict A, const float* __restrict B, const float* __restrict C,
                   const float* __restrict D, const float* __restrict P, const float* __restrict Q,
                   const float* __restrict R, const float* __restrict mu, std::size_t c, float* __restrict o1,
                   float* __restrict o2) {
  for (std::size_t j = 0; j < c; ++j) {
    const float xm = xr[j] - mu[j];
    o1[j] = P[j] * gi[j] + Q[j] * xm + R[j];
    o2[j] = A[j] * xm + B[j] * go[j] + C[j] * gi[j] + D[j];
  }
}

}  // namespace

void batch_norm_training(const float* x, std::size_t n, std::size_t c, const float* scale, const float* offset,
                         float eps, float* y, float* mean, float* var) {
  const std::size_t rows = n / c;
  // Sums of x − x[0] and its square: shifting by a sample keeps the variance's cancellation small.
  const float* shift = x;
  const std::vector<double> sums = blocked_sums(rows, c, 2 * c, [&](std::size_t r0, std::size_t r1, double* p) {
    double* s1 = p;
    double* s2 = p + c;
    for (std::size_t r = r0; r < r1; ++r) {
      const float* xr = x + r * c;
      for (std::size_t j = 0; j < c; ++j) {
        const double d = static_cast<double>(xr[j]) - shift[j];
        s1[j] += d;
        s2[j] += d * d;
      }
    }
  });
  const double m = static_cast<double>(rows);
  std::vector<float> a(c), mu(c), b(c);
  for (std::size_t j = 0; j < c; ++j) {
    const double d = sums[j] / m;
    mean[j] = static_cast<float>(shift[j] + d);
    var[j] = static_cast<float>(std::max(0.0, sums[c + j] / m - d * d));
    // y from the float32 statistics the gradient kernels will be given.
    mu[j] = mean[j];
    a[j] = static_cast<float>(static_cast<double>(scale[j]) / std::sqrt(static_cast<double>(var[j]) + eps));
    b[j] = offset[j];
  }
  for_rows(rows, c, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      const float* xr = x + r * c;
      float* yr = y + r * c;
      for (std::size_t j = 0; j < c; ++j) yr[j] = a[j] * (xr[j] - mu[j]) + b[j];
    }
  });
}

void batch_norm_training_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* scale,
                              const float* mean, const float* var, float eps, float* dx, float* dscale, float* doffset) {
  const std::size_t rows = n / c;
  const std::vector<double> s = inv_std(var, c, eps);
  std::vector<double> mu(mean, mean + c);
  // S1 = Σdy, S2 = Σdy·(x−mean).
  const std::vector<double> sums = blocked_sums(rows, c, 2 * c, [&](std::size_t r0, std::size_t r1, double* p) {
    double* s1 = p;
    double* s2 = p + c;
    for (std::size_t r = r0; r < r1; ++r) {
      const float* dyr = dy + r * c;
      const float* xr = x + r * c;
      for (std::size_t j = 0; j < c; ++j) {
        const double d = dyr[j];
        s1[j] += d;
        s2[j] += d * (static_cast<double>(xr[j]) - mu[j]);
      }
    }
  });
  // dx = (scale·s/M)·(M·dy − S1 − (x−mean)·s²·S2) = P·dy + Q·(x−mean) + R.
  const double m = static_cast<double>(rows);
  std::vector<float> P(c), Q(c), R(c), muf(mean, mean + c);
  for (std::size_t j = 0; j < c; ++j) {
    const double sj = s[j], g = scale[j], s1 = sums[j], s2 = sums[c + j];
    P[j] = static_cast<float>(g * sj);
    Q[j] = static_cast<float>(-g * sj * sj * sj * s2 / m);
    R[j] = static_cast<float>(-g * sj * s1 / m);
    dscale[j] = static_cast<float>(sj * s2);
    doffset[j] = static_cast<float>(s1);
  }
  for_rows(rows, c, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      const float* dyr = dy + r * c;
      const float* xr = x + r * c;
      float* o = dx + r * c;
      for (std::size_t j = 0; j < c; ++j) {
        o[j] = P[j] * dyr[j] + Q[j] * (xr[j] - muf[j]) + R[j];
      }
    }
  });
}

void batch_norm_training_grad_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* scale,
                                   const float* mean, const float* var, const float* gdx, const float* gdscale,
                                   const float* gdoffset, float eps, float* d_dy, float* d_x, float* d_scale) {
  const std::size_t rows = n / c;
  const std::vector<double> s = inv_std(var, c, eps);
  std::vector<double> mu(mean, mean + c);
  // gO = dy, ggI = gdx, xm = x − mean: ΣgO, ΣggI, Σ gO·ggI, Σ gO·xm, Σ ggI·xm.
  const std::vector<double> sums = blocked_sums(rows, c, 5 * c, [&](std::size_t r0, std::size_t r1, double* p) {
    for (std::size_t r = r0; r < r1; ++r) {
      grad_grad_sums_row(dy + r * c, gdx + r * c, x + r * c, mu.data(), c, p, p + c, p + 2 * c, p + 3 * c, p + 4 * c);
    }
  });
  const double m = static_cast<double>(rows);
  // d_x = A·xm + B·gO + C·ggI + D; d_dy = P·ggI + Q·xm + R.
  std::vector<float> A(c), B(c), C(c), D(c), P(c), Q(c), R(c), muf(mean, mean + c);
  for (std::size_t j = 0; j < c; ++j) {
    const double sj = s[j], s3 = sj * sj * sj, g = scale[j], ggg = gdscale[j], ggb = gdoffset[j];
    const double sgo = sums[j], sgi = sums[c + j], sgogi = sums[2 * c + j], sgoxm = sums[3 * c + j], sgixm = sums[4 * c + j];
    const double all_sub = sgi * sgo / m - sgogi + 3.0 * sj * sj * sgoxm * sgixm / m;
    const double k1 = sgixm * s3 / m;
    const double k2 = sgoxm * s3 / m;
    A[j] = static_cast<float>(g * s3 * all_sub / m - ggg * s3 * sgoxm / m);
    B[j] = static_cast<float>(-g * k1 + ggg * sj);
    C[j] = static_cast<float>(-g * k2);
    D[j] = static_cast<float>(g * k1 * sgo / m + g * k2 * sgi / m - ggg * sj * sgo / m);
    P[j] = static_cast<float>(g * sj);
    Q[j] = static_cast<float>(-g * s3 * sgixm / m + ggg * sj);
    R[j] = static_cast<float>(-g * sj * sgi / m + ggb);
    d_scale[j] = static_cast<float>(sj * sgogi - sj * sgo * sgi / m - s3 * sgoxm * sgixm / m);
  }
  for_rows(rows, c, [&](std::size_t r0, std::size_t r1) {
    for (std::size_t r = r0; r < r1; ++r) {
      grad_grad_row(dy + r * c, gdx + r * c, x + r * c, A.data(), B.data(), C.data(), D.data(), P.data(), Q.data(),
                    R.data(), muf.data(), c, d_dy + r * c, d_x + r * c);
    }
  });
}

}  // namespace hacc
