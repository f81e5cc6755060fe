// Native kernels on NHWC float32 buffers. Geometry comes from tfjs' computeConv2DInfo /
// computePool2DInfo so padding and output sizes are exactly the stock backend's.
#pragma once
#include <cstddef>
#include <cstdint>

namespace hacc {

struct ConvGeom {
  int n, h, w, c;           // input
  int oh, ow, oc;           // output (oc = c * multiplier for depthwise)
  int kh, kw;               // filter
  int sh, sw, dh, dw;       // strides, dilations
  int pad_top, pad_left;
};

// oneDNN convolutions (false when this build has no oneDNN or it rejects the geometry).
bool dnnl_available();
bool dnnl_conv2d(const float* x, const float* f, float* y, const ConvGeom& g);
bool dnnl_conv2d_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g);
bool dnnl_conv2d_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g);
// Row-major C = op(A)·op(B), A [m,k], B [k,n] (before transposition), on oneDNN's OpenMP team of
// `threads`; false without oneDNN.
bool dnnl_gemm(bool trans_a, bool trans_b, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
               int threads);

// x [n,h,w,c], f [kh,kw,c,oc] -> y [n,oh,ow,oc] (oneDNN when available, else im2col + BLAS)
void conv2d(const float* x, const float* f, float* y, const ConvGeom& g);
// dy [n,oh,ow,oc], f [kh,kw,c,oc] -> dx [n,h,w,c]
void conv2d_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g);
// x [n,h,w,c], dy [n,oh,ow,oc] -> df [kh,kw,c,oc]
void conv2d_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g);

// Depthwise: f [kh,kw,c,m], y channels c*m.
void depthwise_conv2d(const float* x, const float* f, float* y, const ConvGeom& g);
void depthwise_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g);
void depthwise_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g);

// Pooling (oc = c); semantics of the tfjs cpu backend (first strict maximum, average over valid
// pixels, AvgPoolGrad divides by the full window).
void max_pool(const float* x, float* y, const ConvGeom& g);
void avg_pool(const float* x, float* y, const ConvGeom& g);
void max_pool_grad(const float* dy, const float* x, float* dx, const ConvGeom& g);
void avg_pool_grad(const float* dy, float* dx, const ConvGeom& g);
// x, v [n,h,w,c] -> out [n,oh,ow,c]: v at each window's first strict maximum of x (the gradient of
// MaxPoolGrad with respect to dy, which a second-order step needs).
void max_pool_select(const float* x, const float* v, float* out, const ConvGeom& g);

// FusedBatchNorm: out[i] = offset[i % lo] + (x[i] − mean[i % lm]) · scale[i % ls] / sqrt(var[i % lv] + eps).
void batch_norm(const float* x, std::size_t n, const float* mean, std::size_t lm, const float* var, std::size_t lv,
                const float* offset, std::size_t lo, const float* scale, std::size_t ls, float eps, float* out);

// FusedBatchNorm's gradient for per-channel statistics (x, dy [n / c, c]; mean, var, scale [c]):
// with s = 1/sqrt(var+eps), k = scale·s: dx = dy·k, dmean = −k·Σdy, dvar = −½·s²·k·Σdy(x−mean),
// dscale = s·Σdy(x−mean), doffset = Σdy (sums per channel, in double).
void batch_norm_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* mean, const float* var,
                     const float* scale, float eps, float* dx, float* dmean, float* dvar, float* dscale, float* doffset);
// The gradient of batch_norm_grad's five outputs (upstream gdx [n], gm, gv, gg, gb [c]) with respect
// to its inputs dy, x [n] and mean, var, scale [c].
void batch_norm_grad_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* mean,
                          const float* var, const float* scale, const float* gdx, const float* gm, const float* gv,
                          const float* gg, const float* gb, float eps, float* d_dy, float* d_x, float* d_mean,
                          float* d_var, float* d_scale);

// Training-mode batch norm over every axis but the last (x [n / c, c]; scale, offset, mean, var [c]),
// with s = 1/sqrt(var+eps), xm = x − mean, M = n / c and per-channel sums in double:
// y = scale·s·xm + offset, mean and biased var of x written out.
void batch_norm_training(const float* x, std::size_t n, std::size_t c, const float* scale, const float* offset,
                         float eps, float* y, float* mean, float* var);
// Its gradient through the batch statistics: dx = (scale·s/M)·(M·dy − Σdy − xm·s²·Σdy·xm),
// dscale = s·Σdy·xm, doffset = Σdy.
void batch_norm_training_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* scale,
                              const float* mean, const float* var, float eps, float* dx, float* dscale, float* doffset);
// The gradient of batch_norm_training_grad's outputs (upstream gdx [n], gdscale, gdoffset [c]) with
// respect to dy, x (mean and var as x's batch statistics) and scale.
void batch_norm_training_grad_grad(const float* dy, const float* x, std::size_t n, std::size_t c, const float* scale,
                                   const float* mean, const float* var, const float* gdx, const float* gdscale,
                                   const float* gdoffset, float eps, float* d_dy, float* d_x, float* d_scale);

// c[b] = op(a[b % batch_a]) · op(b[b % batch_b]); a is [m,k] ([k,m] if trans_a), b [k,n] ([n,k]).
void batch_matmul(const float* a, const float* b, float* c, int batch, int batch_a, int batch_b,
                  int m, int n, int k, bool trans_a, bool trans_b);

enum class BinaryOp : int { kAdd = 0, kSub = 1, kMul = 2, kDiv = 3, kSquaredDifference = 4, kMaximum = 5, kMinimum = 6 };
enum class UnaryOp : int { kRelu = 0, kStep = 1, kNeg = 2, kSquare = 3 };

// out[out_shape] = op(a, b) with numpy/tfjs broadcasting; shapes right-aligned to `rank`.
void binary_op(BinaryOp op, const float* a, const int* a_shape, const float* b, const int* b_shape, float* out,
               const int* out_shape, int rank);
void unary_op(UnaryOp op, const float* x, float* y, std::size_t n, float alpha);
// x [outer, reduce, inner] -> y [outer, inner] = scale · Σ (double accumulation)
void sum_reduce(const float* x, float* y, std::size_t outer, std::size_t reduce, std::size_t inner, double scale);

// 4-byte element copies (float32 / int32 bits).
void slice32(const uint32_t* x, const int* x_shape, const int* begin, uint32_t* out, const int* out_shape, int rank);
void pad32(const uint32_t* x, const int* x_shape, uint32_t* out, const int* out_shape, const int* before, int rank,
           uint32_t value);
void tile32(const uint32_t* x, const int* x_shape, uint32_t* out, const int* out_shape, int rank);

enum class CompareOp : int { kGreater = 0, kGreaterEqual = 1, kLess = 2, kLessEqual = 3, kEqual = 4, kNotEqual = 5 };
// out (0/1 bytes) = op(a, b) with broadcasting, like binary_op.
void compare_op(CompareOp op, const float* a, const int* a_shape, const float* b, const int* b_shape, uint8_t* out,
                const int* out_shape, int rank);

}  // namespace hacc
