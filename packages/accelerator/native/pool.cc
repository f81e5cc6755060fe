// 2-D max / average pooling and their gradients, NHWC, with the tfjs cpu backend's semantics.
#include <cstring>
#include <limits>

#include "kernels.h"
#include "parallel.h"

namespace hacc {
namespace {

// First input row/column of a window, clamped into the image (pool dilation is 1 in tfjs).
inline int clamp_lo(int v) { return v < 0 ? 0 : v; }
inline int clamp_hi(int v, int n) { return v > n ? n : v; }

// Flat index in image i of the first strict maximum of the window at (yo, xo, ch), or −1.
inline long argmax_in_window(const float* xi, const ConvGeom& g, int yo, int xo, int ch) {
  const int ry = yo * g.sh - g.pad_top, rx = xo * g.sw - g.pad_left;
  const int y0 = clamp_lo(ry), y1 = clamp_hi(ry + g.kh, g.h);
  const int x0 = clamp_lo(rx), x1 = clamp_hi(rx + g.kw, g.w);
  float best = -std::numeric_limits<float>::infinity();
  long pos = -1;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const long p = (static_cast<long>(y) * g.w + x) * g.c + ch;
      if (xi[p] > best) {
        best = xi[p];
        pos = p;
      }
    }
  return pos;
}

}  // namespace

void max_pool(const float* x, float* y, const ConvGeom& g) {
  parallel_for(static_cast<std::size_t>(g.n) * g.oh, 2, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.oh), yo = static_cast<int>(r % g.oh);
      const float* xi = x + static_cast<std::size_t>(i) * g.h * g.w * g.c;
      const int ry = yo * g.sh - g.pad_top;
      const int y0 = clamp_lo(ry), y1 = clamp_hi(ry + g.kh, g.h);
      for (int xo = 0; xo < g.ow; ++xo) {
        const int rx = xo * g.sw - g.pad_left;
        const int x0 = clamp_lo(rx), x1 = clamp_hi(rx + g.kw, g.w);
        float* out = y + (r * g.ow + xo) * g.c;
        for (int ch = 0; ch < g.c; ++ch) out[ch] = -std::numeric_limits<float>::infinity();
        for (int yy = y0; yy < y1; ++yy)
          for (int xx = x0; xx < x1; ++xx) {
            const float* p = xi + (static_cast<std::size_t>(yy) * g.w + xx) * g.c;
            for (int ch = 0; ch < g.c; ++ch)
              if (p[ch] > out[ch]) out[ch] = p[ch];
          }
      }
    }
  });
}

void avg_pool(const float* x, float* y, const ConvGeom& g) {
  parallel_for(static_cast<std::size_t>(g.n) * g.oh, 2, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.oh), yo = static_cast<int>(r % g.oh);
      const float* xi = x + static_cast<std::size_t>(i) * g.h * g.w * g.c;
      const int ry = yo * g.sh - g.pad_top;
      const int y0 = clamp_lo(ry), y1 = clamp_hi(ry + g.kh, g.h);
      for (int xo = 0; xo < g.ow; ++xo) {
        const int rx = xo * g.sw - g.pad_left;
        const int x0 = clamp_lo(rx), x1 = clamp_hi(rx + g.kw, g.w);
        float* out = y + (r * g.ow + xo) * g.c;
        std::memset(out, 0, sizeof(float) * g.c);
        for (int yy = y0; yy < y1; ++yy)
          for (int xx = x0; xx < x1; ++xx) {
            const float* p = xi + (static_cast<std::size_t>(yy) * g.w + xx) * g.c;
            for (int ch = 0; ch < g.c; ++ch) out[ch] += p[ch];
          }
        const float count = static_cast<float>((y1 - y0) * (x1 - x0));
        for (int ch = 0; ch < g.c; ++ch) out[ch] /= count;
      }
    }
  });
}

void max_pool_grad(const float* dy, const float* x, float* dx, const ConvGeom& g) {
  // Windows overlap inside an image only: one task per image.
  parallel_for(static_cast<std::size_t>(g.n), 1, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      const std::size_t in_size = static_cast<std::size_t>(g.h) * g.w * g.c;
      const float* xi = x + i * in_size;
      float* dxi = dx + i * in_size;
      std::memset(dxi, 0, sizeof(float) * in_size);
      const float* dyi = dy + i * static_cast<std::size_t>(g.oh) * g.ow * g.c;
      for (int yo = 0; yo < g.oh; ++yo)
        for (int xo = 0; xo < g.ow; ++xo)
          for (int ch = 0; ch < g.c; ++ch) {
            const long p = argmax_in_window(xi, g, yo, xo, ch);
            if (p >= 0) dxi[p] += dyi[(static_cast<std::size_t>(yo) * g.ow + xo) * g.c + ch];
          }
    }
  });
}

void avg_pool_grad(const float* dy, float* dx, const ConvGeom& g) {
  const float scale = 1.f / static_cast<float>(g.kh * g.kw);
  parallel_for(static_cast<std::size_t>(g.n) * g.h, 2, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.h), iy = static_cast<int>(r % g.h);
      float* dxr = dx + r * g.w * g.c;
      std::memset(dxr, 0, sizeof(float) * g.w * g.c);
      const float* dyi = dy + static_cast<std::size_t>(i) * g.oh * g.ow * g.c;
      // Output rows whose window [yo·sh − pt, yo·sh − pt + kh) holds iy.
      for (int yo = 0; yo < g.oh; ++yo) {
        const int ry = yo * g.sh - g.pad_top;
        if (iy < ry || iy >= ry + g.kh) continue;
        for (int xo = 0; xo < g.ow; ++xo) {
          const int rx = xo * g.sw - g.pad_left;
          const int x0 = clamp_lo(rx), x1 = clamp_hi(rx + g.kw, g.w);
          const float* src = dyi + (static_cast<std::size_t>(yo) * g.ow + xo) * g.c;
          for (int ix = x0; ix < x1; ++ix) {
            float* d = dxr + static_cast<std::size_t>(ix) * g.c;
            for (int ch = 0; ch < g.c; ++ch) d[ch] += src[ch];
          }
        }
      }
      for (std::size_t p = 0; p < static_cast<std::size_t>(g.w) * g.c; ++p) dxr[p] *= scale;
    }
  });
}

// out[n,yo,xo,ch] = v at the window's first strict maximum of x (0 for a window without one).
void max_pool_select(const float* x, const float* v, float* out, const ConvGeom& g) {
  parallel_for(static_cast<std::size_t>(g.n) * g.oh, 2, [&](std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const int i = static_cast<int>(r / g.oh), yo = static_cast<int>(r % g.oh);
      const std::size_t in_off = static_cast<std::size_t>(i) * g.h * g.w * g.c;
      float* o = out + r * static_cast<std::size_t>(g.ow) * g.c;
      for (int xo = 0; xo < g.ow; ++xo)
        for (int ch = 0; ch < g.c; ++ch) {
          const long p = argmax_in_window(x + in_off, g, yo, xo, ch);
          o[static_cast<std::size_t>(xo) * g.c + ch] = p >= 0 ? v[in_off + p] : 0.f;
        }
    }
  });
}

}  // namespace hacc
