// Conv2D and its two backprops as im2col + one BLAS GEMM per chunk of images (NHWC, filter
// [kh,kw,c,oc] is already the [k, oc] matrix with k = kh·kw·c).
#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace hacc {
namespace {

// Keeps one im2col chunk near 32 MB whatever the layer.
constexpr std::size_t kMaxColFloats = std::size_t{8} << 20;

bool is_pointwise(const ConvGeom& g) {
  return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.pad_top == 0 && g.pad_left == 0 &&
         g.oh == g.h && g.ow == g.w;
}

int images_per_chunk(const ConvGeom& g) {
  std::size_t per_image = static_cast<std::size_t>(g.oh) * g.ow * g.kh * g.kw * g.c;
  std::size_t n = std::max<std::size_t>(1, kMaxColFloats / std::max<std::size_t>(1, per_image));
  return static_cast<int>(std::min<std::size_t>(n, g.n));
}

// col[(i·oh + y)·ow + x, (ky·kw + kx)·c + ch] = x[n0 + i, y·sh − pt + ky·dh, x·sw − pl + kx·dw, ch]
void im2col(const float* x, float* col, const ConvGeom& g, int n0, int count) {
  const std::size_t k = static_cast<std::size_t>(g.kh) * g.kw * g.c;
  const std::size_t rows = static_cast<std::size_t>(count) * g.oh;  // one task = one output row
  parallel_for(rows, 4, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.oh), y = static_cast<int>(r % g.oh);
      const float* xi = x + static_cast<std::size_t>(n0 + i) * g.h * g.w * g.c;
      float* dst = col + r * g.ow * k;
      for (int xo = 0; xo < g.ow; ++xo) {
        for (int ky = 0; ky < g.kh; ++ky) {
          const int iy = y * g.sh - g.pad_top + ky * g.dh;
          for (int kx = 0; kx < g.kw; ++kx, dst += g.c) {
            const int ix = xo * g.sw - g.pad_left + kx * g.dw;
            if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) {
              std::memset(dst, 0, sizeof(float) * g.c);
            } else {
              std::memcpy(dst, xi + (static_cast<std::size_t>(iy) * g.w + ix) * g.c, sizeof(float) * g.c);
            }
          }
        }
      }
    }
  });
}

// dx[n0 + i] = Σ over windows of dcol (the transpose of im2col). Tasks own whole (image, input
// row) pairs, so no two threads write the same dx element.
void col2im(const float* col, float* dx, const ConvGeom& g, int n0, int count) {
  const std::size_t k = static_cast<std::size_t>(g.kh) * g.kw * g.c;
  const std::size_t rows = static_cast<std::size_t>(count) * g.h;
  parallel_for(rows, 4, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.h), iy = static_cast<int>(r % g.h);
      float* dxr = dx + (static_cast<std::size_t>(n0 + i) * g.h + iy) * g.w * g.c;
      std::memset(dxr, 0, sizeof(float) * g.w * g.c);
      const float* coli = col + static_cast<std::size_t>(i) * g.oh * g.ow * k;
      for (int ky = 0; ky < g.kh; ++ky) {
        const int t = iy + g.pad_top - ky * g.dh;
        if (t < 0 || t % g.sh != 0) continue;
        const int y = t / g.sh;
        if (y >= g.oh) continue;
        for (int xo = 0; xo < g.ow; ++xo) {
          const float* src = coli + (static_cast<std::size_t>(y) * g.ow + xo) * k + static_cast<std::size_t>(ky) * g.kw * g.c;
          for (int kx = 0; kx < g.kw; ++kx, src += g.c) {
            const int ix = xo * g.sw - g.pad_left + kx * g.dw;
            if (ix < 0 || ix >= g.w) continue;
            float* d = dxr + static_cast<std::size_t>(ix) * g.c;
            for (int ch = 0; ch < g.c; ++ch) d[ch] += src[ch];
          }
        }
      }
    }
  });
}

}  // namespace

void conv2d(const float* x, const float* f, float* y, const ConvGeom& g) {
  if (use_dnnl() && dnnl_conv2d(x, f, y, g)) return;
  const int k = g.kh * g.kw * g.c;
  if (is_pointwise(g)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, g.n * g.h * g.w, g.oc, g.c, 1.f, x, g.c, f,
                g.oc, 0.f, y, g.oc);
    return;
  }
  const int chunk = images_per_chunk(g);
  std::vector<float> col(static_cast<std::size_t>(chunk) * g.oh * g.ow * k);
  for (int n0 = 0; n0 < g.n; n0 += chunk) {
    const int count = std::min(chunk, g.n - n0);
    im2col(x, col.data(), g, n0, count);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, count * g.oh * g.ow, g.oc, k, 1.f, col.data(), k,
                f, g.oc, 0.f, y + static_cast<std::size_t>(n0) * g.oh * g.ow * g.oc, g.oc);
  }
}

void conv2d_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g) {
  // oneDNN's direct backward-data kernels work on blocks of 16 input channels: for an RGB image
  // (the saliency's last step) they compute 16 channels to keep 3. GEMM + col2im instead:
  // ResNet stem (4×128×128×3, 7×7/2) 7.3 → 2.9 ms, VGG's first layer 3.7 → 1.2 ms at 2 threads;
  // at 16 channels oneDNN is faster again (2.0 vs 3.2 ms), at 8 GEMM still wins (1.9 vs 3.9 ms).
  // The GEMM needs enough output channels to pay: the pyramid's 5×5 single-channel blurs stay on
  // oneDNN (8×64×64×1: 0.14 ms there, 0.54 ms as GEMM + col2im).
  const bool few_channels = g.c <= 8 && g.oc >= 16;
  if (!few_channels && use_dnnl() && dnnl_conv2d_backprop_input(dy, f, dx, g)) return;
  const int k = g.kh * g.kw * g.c;
  if (is_pointwise(g)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, g.n * g.h * g.w, g.c, g.oc, 1.f, dy, g.oc, f, g.oc,
                0.f, dx, g.c);
    return;
  }
  if (!few_channels && g.sh == 1 && g.sw == 1) {
    // Stride 1: dx is the forward convolution of dy with the filter rotated by 180° and its
    // channel axes swapped, padded by (k − 1 − pad) — a gather (im2col) instead of a scatter.
    const int ekh = (g.kh - 1) * g.dh + 1, ekw = (g.kw - 1) * g.dw + 1;
    std::vector<float> rotated(static_cast<std::size_t>(g.kh) * g.kw * g.oc * g.c);
    for (int ky = 0; ky < g.kh; ++ky)
      for (int kx = 0; kx < g.kw; ++kx)
        for (int ci = 0; ci < g.c; ++ci)
          for (int co = 0; co < g.oc; ++co)
            rotated[((static_cast<std::size_t>(g.kh - 1 - ky) * g.kw + (g.kw - 1 - kx)) * g.oc + co) * g.c + ci] =
                f[((static_cast<std::size_t>(ky) * g.kw + kx) * g.c + ci) * g.oc + co];
    const ConvGeom t{g.n, g.oh, g.ow, g.oc, g.h, g.w, g.c, g.kh, g.kw, 1, 1, g.dh, g.dw,
                     ekh - 1 - g.pad_top, ekw - 1 - g.pad_left};
    conv2d(dy, rotated.data(), dx, t);
    return;
  }
  const int chunk = images_per_chunk(g);
  std::vector<float> col(static_cast<std::size_t>(chunk) * g.oh * g.ow * k);
  for (int n0 = 0; n0 < g.n; n0 += chunk) {
    const int count = std::min(chunk, g.n - n0);
    const float* dyc = dy + static_cast<std::size_t>(n0) * g.oh * g.ow * g.oc;
    const int rows = count * g.oh * g.ow;
    // oneDNN's sgemm runs on the same OpenMP team as the convolutions (OpenBLAS' own threads
    // made this GEMM slower on 2 threads than on 1).
    if (!(use_dnnl() && dnnl_gemm(false, true, rows, k, g.oc, dyc, g.oc, f, g.oc, col.data(), k, num_threads())))
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, k, g.oc, 1.f, dyc, g.oc, f, g.oc, 0.f, col.data(), k);
    col2im(col.data(), dx, g, n0, count);
  }
}

void conv2d_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g) {
  if (use_dnnl() && dnnl_conv2d_backprop_filter(x, dy, df, g)) return;
  const int k = g.kh * g.kw * g.c;
  if (is_pointwise(g)) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, g.c, g.oc, g.n * g.h * g.w, 1.f, x, g.c, dy, g.oc,
                0.f, df, g.oc);
    return;
  }
  const int chunk = images_per_chunk(g);
  std::vector<float> col(static_cast<std::size_t>(chunk) * g.oh * g.ow * k);
  for (int n0 = 0; n0 < g.n; n0 += chunk) {
    const int count = std::min(chunk, g.n - n0);
    im2col(x, col.data(), g, n0, count);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, g.oc, count * g.oh * g.ow, 1.f, col.data(), k,
                dy + static_cast<std::size_t>(n0) * g.oh * g.ow * g.oc, g.oc, n0 == 0 ? 0.f : 1.f, df, g.oc);
  }
}

}  // namespace hacc
