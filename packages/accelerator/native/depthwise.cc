// Depthwise convolution (filter [kh,kw,c,m], output channel ch·m + q) and its backprops, as direct
// loops: the arithmetic intensity is too low for a GEMM to pay.
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace hacc {

void depthwise_conv2d(const float* x, const float* f, float* y, const ConvGeom& g) {
  const int m = g.oc / g.c;
  parallel_for(static_cast<std::size_t>(g.n) * g.oh, 2, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.oh), yo = static_cast<int>(r % g.oh);
      const float* xi = x + static_cast<std::size_t>(i) * g.h * g.w * g.c;
      float* yr = y + r * g.ow * g.oc;
      std::memset(yr, 0, sizeof(float) * g.ow * g.oc);
      for (int xo = 0; xo < g.ow; ++xo) {
        float* out = yr + static_cast<std::size_t>(xo) * g.oc;
        for (int ky = 0; ky < g.kh; ++ky) {
          const int iy = yo * g.sh - g.pad_top + ky * g.dh;
          if (iy < 0 || iy >= g.h) continue;
          for (int kx = 0; kx < g.kw; ++kx) {
            const int ix = xo * g.sw - g.pad_left + kx * g.dw;
            if (ix < 0 || ix >= g.w) continue;
            const float* xp = xi + (static_cast<std::size_t>(iy) * g.w + ix) * g.c;
            const float* fp = f + (static_cast<std::size_t>(ky) * g.kw + kx) * g.oc;
            if (m == 1) {
              for (int ch = 0; ch < g.c; ++ch) out[ch] += xp[ch] * fp[ch];
            } else {
              for (int ch = 0; ch < g.c; ++ch)
                for (int q = 0; q < m; ++q) out[ch * m + q] += xp[ch] * fp[ch * m + q];
            }
          }
        }
      }
    }
  });
}

void depthwise_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g) {
  const int m = g.oc / g.c;
  parallel_for(static_cast<std::size_t>(g.n) * g.h, 2, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.h), iy = static_cast<int>(r % g.h);
      float* dxr = dx + r * g.w * g.c;
      std::memset(dxr, 0, sizeof(float) * g.w * g.c);
      const float* dyi = dy + static_cast<std::size_t>(i) * g.oh * g.ow * g.oc;
      for (int ky = 0; ky < g.kh; ++ky) {
        const int t = iy + g.pad_top - ky * g.dh;
        if (t < 0 || t % g.sh != 0 || t / g.sh >= g.oh) continue;
        const int yo = t / g.sh;
        for (int xo = 0; xo < g.ow; ++xo) {
          const float* dyp = dyi + (static_cast<std::size_t>(yo) * g.ow + xo) * g.oc;
          for (int kx = 0; kx < g.kw; ++kx) {
            const int ix = xo * g.sw - g.pad_left + kx * g.dw;
            if (ix < 0 || ix >= g.w) continue;
            const float* fp = f + (static_cast<std::size_t>(ky) * g.kw + kx) * g.oc;
            float* d = dxr + static_cast<std::size_t>(ix) * g.c;
            if (m == 1) {
              for (int ch = 0; ch < g.c; ++ch) d[ch] += dyp[ch] * fp[ch];
            } else {
              for (int ch = 0; ch < g.c; ++ch) {
                float s = 0.f;
                for (int q = 0; q < m; ++q) s += dyp[ch * m + q] * fp[ch * m + q];
                d[ch] += s;
              }
            }
          }
        }
      }
    }
  });
}

void depthwise_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g) {
  const int m = g.oc / g.c;
  const std::size_t fsize = static_cast<std::size_t>(g.kh) * g.kw * g.oc;
  const std::size_t rows = static_cast<std::size_t>(g.n) * g.oh;
  const int t = std::max(1, std::min<int>(num_threads(), static_cast<int>(rows)));
  std::vector<float> partial(static_cast<std::size_t>(t) * fsize, 0.f);
  const std::size_t chunk = (rows + t - 1) / t;
  parallel_for(static_cast<std::size_t>(t), 1, [&](std::size_t tb, std::size_t te) {
    for (std::size_t task = tb; task < te; ++task) {
      float* acc = partial.data() + task * fsize;
      for (std::size_t r = task * chunk; r < std::min(rows, (task + 1) * chunk); ++r) {
        const int i = static_cast<int>(r / g.oh), yo = static_cast<int>(r % g.oh);
        const float* xi = x + static_cast<std::size_t>(i) * g.h * g.w * g.c;
        const float* dyr = dy + r * g.ow * g.oc;
        for (int ky = 0; ky < g.kh; ++ky) {
          const int iy = yo * g.sh - g.pad_top + ky * g.dh;
          if (iy < 0 || iy >= g.h) continue;
          for (int kx = 0; kx < g.kw; ++kx) {
            float* a = acc + (static_cast<std::size_t>(ky) * g.kw + kx) * g.oc;
            for (int xo = 0; xo < g.ow; ++xo) {
              const int ix = xo * g.sw - g.pad_left + kx * g.dw;
              if (ix < 0 || ix >= g.w) continue;
              const float* xp = xi + (static_cast<std::size_t>(iy) * g.w + ix) * g.c;
              const float* dyp = dyr + static_cast<std::size_t>(xo) * g.oc;
              if (m == 1) {
                for (int ch = 0; ch < g.c; ++ch) a[ch] += xp[ch] * dyp[ch];
              } else {
                for (int ch = 0; ch < g.c; ++ch)
                  for (int q = 0; q < m; ++q) a[ch * m + q] += xp[ch] * dyp[ch * m + q];
              }
            }
          }
        }
      }
    }
  });
  std::memcpy(df, partial.data(), sizeof(float) * fsize);
  for (int j = 1; j < t; ++j)
    for (std::size_t p = 0; p < fsize; ++p) df[p] += partial[j * fsize + p];
}

}  // namespace hacc
