#include "image_kernels.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
  int lo;
  int hi;
  float lerp;
} tap;

// src = (i + 0.5)·scale − 0.5 with every step rounded to float32, as TF's CPU kernel does.
static void axis_taps(int in, int out_size, tap* taps) {
  const float scale = (float)in / (float)out_size;
  for (int i = 0; i < out_size; i++) {
    const float src = ((float)i + 0.5f) * scale - 0.5f;
    const float f = floorf(src);
    const int fi = (int)f;
    taps[i].lo = fi > 0 ? fi : 0;
    const int up = (int)ceilf(src);
    taps[i].hi = up < in - 1 ? up : in - 1;
    taps[i].lerp = src - f;
  }
}

// Float32 arithmetic, each step rounded (no FMA: -ffp-contract=off), as TF's compute_lerp.
// Separable: each input row that an output row needs is interpolated horizontally once (a row
// feeds about two output rows), then an output row is a vertical lerp of two such rows. The same
// operations in the same order as the direct formula, so the results are identical.
typedef void (*horizontal_fn)(const void* row, const tap* xa, int out_w, int c, float* out);

#define HORIZONTAL(T, C)                                                                       \
  static void horizontal_##T##_##C(const void* src, const tap* xa, int out_w, int c, float* out) { \
    const T* row = (const T*)src;                                                              \
    const int cc = (C) ? (C) : c; /* a constant 1 or 3 lets the compiler unroll */             \
    for (int x = 0; x < out_w; x++) {                                                          \
      const float xl = xa[x].lerp;                                                             \
      const T* l = row + (size_t)xa[x].lo * (size_t)cc;                                        \
      const T* r = row + (size_t)xa[x].hi * (size_t)cc;                                        \
      for (int k = 0; k < cc; k++) *out++ = (float)l[k] + ((float)r[k] - (float)l[k]) * xl;    \
    }                                                                                          \
  }

HORIZONTAL(uint8_t, 1)
HORIZONTAL(uint8_t, 3)
HORIZONTAL(uint8_t, 0)
HORIZONTAL(float, 1)
HORIZONTAL(float, 3)
HORIZONTAL(float, 0)

typedef struct {
  const char* in;
  size_t in_row_bytes;
  horizontal_fn horizontal;
  const tap* xa;
  int out_w, c;
  float* rows;  // two horizontally interpolated rows
  size_t row_len;
  int cached[2];  // the input row each holds, or -1
} row_cache;

// The slot holding input row `want`, computing it over the slot that does not hold `keep`.
static const float* cached_row(row_cache* rc, int want, int keep) {
  for (int s = 0; s < 2; s++)
    if (rc->cached[s] == want) return rc->rows + (size_t)s * rc->row_len;
  const int slot = rc->cached[0] == keep ? 1 : 0;
  float* line = rc->rows + (size_t)slot * rc->row_len;
  rc->horizontal(rc->in + (size_t)want * rc->in_row_bytes, rc->xa, rc->out_w, rc->c, line);
  rc->cached[slot] = want;
  return line;
}

static int resize_bilinear(const void* in, size_t elem_bytes, horizontal_fn horizontal, int h, int w, int c, float* out,
                           int out_h, int out_w) {
  const size_t row_len = (size_t)out_w * (size_t)c;
  tap* ya = (tap*)malloc(sizeof(tap) * (size_t)out_h);
  tap* xa = (tap*)malloc(sizeof(tap) * (size_t)out_w);
  float* rows = (float*)malloc(sizeof(float) * 2 * row_len);
  if (!ya || !xa || !rows) {
    free(ya);
    free(xa);
    free(rows);
    return -1;
  }
  axis_taps(h, out_h, ya);
  axis_taps(w, out_w, xa);
  row_cache rc = {(const char*)in, (size_t)w * (size_t)c * elem_bytes, horizontal, xa, out_w, c, rows, row_len, {-1, -1}};
  for (int y = 0; y < out_h; y++) {
    const float* t = cached_row(&rc, ya[y].lo, ya[y].hi);
    const float* b = cached_row(&rc, ya[y].hi, ya[y].lo);
    const float yl = ya[y].lerp;
    float* o = out + (size_t)y * row_len;
    for (size_t i = 0; i < row_len; i++) o[i] = t[i] + (b[i] - t[i]) * yl;
  }
  free(ya);
  free(xa);
  free(rows);
  return 0;
}

int hds_resize_bilinear_u8(const uint8_t* in, int h, int w, int c, float* out, int out_h, int out_w) {
  const horizontal_fn f = c == 1 ? horizontal_uint8_t_1 : c == 3 ? horizontal_uint8_t_3 : horizontal_uint8_t_0;
  return resize_bilinear(in, sizeof(uint8_t), f, h, w, c, out, out_h, out_w);
}

int hds_resize_bilinear_f32(const float* in, int h, int w, int c, float* out, int out_h, int out_w) {
  const horizontal_fn f = c == 1 ? horizontal_float_1 : c == 3 ? horizontal_float_3 : horizontal_float_0;
  return resize_bilinear(in, sizeof(float), f, h, w, c, out, out_h, out_w);
}

int hds_blur_gaussian(const float* in, int h, int w, int size, double sigma, float* out) {
  double* col = (double*)malloc(sizeof(double) * (size_t)size);
  double* row = (double*)malloc(sizeof(double) * (size_t)size);
  double* tmp = (double*)malloc(sizeof(double) * (size_t)h * (size_t)w);
  if (!col || !row || !tmp) {
    free(col);
    free(row);
    free(tmp);
    return -1;
  }
  // Column factor runs x = start…, the row factor runs y reversed (the original's kernel).
  const int start = (int)floor((1.0 - size) / 2.0);
  double sc = 0, sr = 0;
  for (int i = 0; i < size; i++) {
    const double x = start + i;
    const double y = start + (size - 1 - i);
    sc += col[i] = exp(-(x * x) / (2 * sigma * sigma));
    sr += row[i] = exp(-(y * y) / (2 * sigma * sigma));
  }
  for (int i = 0; i < size; i++) {
    col[i] /= sc;
    row[i] /= sr;
  }
  const int before = (size - 1) / 2;
  for (int i = 0; i < h; i++) {
    const float* base = in + (size_t)i * (size_t)w;
    for (int j = 0; j < w; j++) {
      const int b0 = before - j > 0 ? before - j : 0;
      const int b1 = w + before - j < size ? w + before - j : size;
      double s = 0;
      for (int b = b0; b < b1; b++) s += base[j + b - before] * col[b];
      tmp[(size_t)i * (size_t)w + (size_t)j] = s;
    }
  }
  for (int i = 0; i < h; i++) {
    const int a0 = before - i > 0 ? before - i : 0;
    const int a1 = h + before - i < size ? h + before - i : size;
    for (int j = 0; j < w; j++) {
      double s = 0;
      for (int a = a0; a < a1; a++) s += tmp[(size_t)(i + a - before) * (size_t)w + (size_t)j] * row[a];
      out[(size_t)i * (size_t)w + (size_t)j] = (float)s;
    }
  }
  free(col);
  free(row);
  free(tmp);
  return 0;
}
