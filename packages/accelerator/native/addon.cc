// N-API bindings. Every kernel takes its input and output Float32Arrays (memory owned by the
// tfjs cpu backend) and an Int32Array of geometry, and runs synchronously like the stock kernels.
#include <node_api.h>

#include <string>

#include "kernels.h"
#include "parallel.h"

namespace {

struct ArgError {
  std::string message;
};

template <typename T>
T* typed_data(napi_env env, napi_value v, napi_typedarray_type want, const char* what, size_t* length = nullptr) {
  bool is_typed = false;
  napi_is_typedarray(env, v, &is_typed);
  if (!is_typed) throw ArgError{std::string(what) + " must be a typed array"};
  napi_typedarray_type type;
  size_t len;
  void* data;
  napi_value buffer;
  size_t offset;
  napi_get_typedarray_info(env, v, &type, &len, &data, &buffer, &offset);
  if (type != want) throw ArgError{std::string(what) + " has the wrong element type"};
  if (length) *length = len;
  return static_cast<T*>(data);
}

hacc::ConvGeom geom_from(napi_env env, napi_value v) {
  size_t len = 0;
  const int32_t* p = typed_data<int32_t>(env, v, napi_int32_array, "geometry", &len);
  if (len != 15) throw ArgError{"geometry must hold 15 integers"};
  return hacc::ConvGeom{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
}

template <size_t N>
bool get_args(napi_env env, napi_callback_info info, napi_value (&argv)[N]) {
  size_t argc = N;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != N) {
    napi_throw_type_error(env, nullptr, ("expected " + std::to_string(N) + " arguments").c_str());
    return false;
  }
  return true;
}

using ConvFn = void (*)(const float*, const float*, float*, const hacc::ConvGeom&);

// (a: Float32Array, b: Float32Array, out: Float32Array, geometry: Int32Array) => undefined
template <ConvFn Fn>
napi_value two_input_kernel(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    const hacc::ConvGeom g = geom_from(env, argv[3]);
    Fn(typed_data<float>(env, argv[0], napi_float32_array, "input 0"),
       typed_data<float>(env, argv[1], napi_float32_array, "input 1"),
       typed_data<float>(env, argv[2], napi_float32_array, "output"), g);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

using PoolFn = void (*)(const float*, float*, const hacc::ConvGeom&);

template <PoolFn Fn>
napi_value one_input_kernel(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    const hacc::ConvGeom g = geom_from(env, argv[2]);
    Fn(typed_data<float>(env, argv[0], napi_float32_array, "input 0"),
       typed_data<float>(env, argv[1], napi_float32_array, "output"), g);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (a, b, out, dims: Int32Array [batch, batchA, batchB, m, n, k, transA, transB])
napi_value batch_matmul(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t len = 0;
    const int32_t* d = typed_data<int32_t>(env, argv[3], napi_int32_array, "dims", &len);
    if (len != 8) throw ArgError{"dims must hold 8 integers"};
    hacc::batch_matmul(typed_data<float>(env, argv[0], napi_float32_array, "a"),
                       typed_data<float>(env, argv[1], napi_float32_array, "b"),
                       typed_data<float>(env, argv[2], napi_float32_array, "out"), d[0], d[1], d[2], d[3], d[4],
                       d[5], d[6] != 0, d[7] != 0);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (op, a, aShape, b, bShape, out, outShape): shapes as Int32Arrays of equal rank.
napi_value binary_op(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    int32_t op = 0;
    napi_get_value_int32(env, argv[0], &op);
    if (op < 0 || op > 6) throw ArgError{"unknown binary op"};
    size_t ra = 0, rb = 0, ro = 0;
    const int32_t* as = typed_data<int32_t>(env, argv[2], napi_int32_array, "aShape", &ra);
    const int32_t* bs = typed_data<int32_t>(env, argv[4], napi_int32_array, "bShape", &rb);
    const int32_t* os = typed_data<int32_t>(env, argv[6], napi_int32_array, "outShape", &ro);
    if (ra != ro || rb != ro) throw ArgError{"shapes must have equal rank"};
    hacc::binary_op(static_cast<hacc::BinaryOp>(op), typed_data<float>(env, argv[1], napi_float32_array, "a"), as,
                    typed_data<float>(env, argv[3], napi_float32_array, "b"), bs,
                    typed_data<float>(env, argv[5], napi_float32_array, "out"), os, static_cast<int>(ro));
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (op, x, out, alpha)
napi_value unary_op(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    int32_t op = 0;
    double alpha = 0;
    napi_get_value_int32(env, argv[0], &op);
    napi_get_value_double(env, argv[3], &alpha);
    if (op < 0 || op > 3) throw ArgError{"unknown unary op"};
    size_t n = 0, m = 0;
    const float* x = typed_data<float>(env, argv[1], napi_float32_array, "x", &n);
    float* y = typed_data<float>(env, argv[2], napi_float32_array, "out", &m);
    if (n != m) throw ArgError{"x and out must have equal length"};
    hacc::unary_op(static_cast<hacc::UnaryOp>(op), x, y, n, static_cast<float>(alpha));
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (x, out, outer, reduce, inner, scale)
napi_value sum_reduce(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    double outer = 0, reduce = 0, inner = 0;
    napi_get_value_double(env, argv[2], &outer);
    napi_get_value_double(env, argv[3], &reduce);
    napi_get_value_double(env, argv[4], &inner);
    double scale = 1;
    napi_get_value_double(env, argv[5], &scale);
    size_t n = 0, m = 0;
    const float* x = typed_data<float>(env, argv[0], napi_float32_array, "x", &n);
    float* y = typed_data<float>(env, argv[1], napi_float32_array, "out", &m);
    if (n != static_cast<size_t>(outer * reduce * inner) || m != static_cast<size_t>(outer * inner)) {
      throw ArgError{"sizes do not match [outer, reduce, inner]"};
    }
    hacc::sum_reduce(x, y, static_cast<size_t>(outer), static_cast<size_t>(reduce), static_cast<size_t>(inner), scale);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (x, mean, variance, offset, scale, out, epsilon)
napi_value batch_norm(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, lm, lv, lo, ls, m;
    const float* x = typed_data<float>(env, argv[0], napi_float32_array, "x", &n);
    const float* mean = typed_data<float>(env, argv[1], napi_float32_array, "mean", &lm);
    const float* var = typed_data<float>(env, argv[2], napi_float32_array, "variance", &lv);
    const float* off = typed_data<float>(env, argv[3], napi_float32_array, "offset", &lo);
    const float* sc = typed_data<float>(env, argv[4], napi_float32_array, "scale", &ls);
    float* out = typed_data<float>(env, argv[5], napi_float32_array, "out", &m);
    double eps = 0;
    napi_get_value_double(env, argv[6], &eps);
    if (m != n || lm == 0 || lv == 0 || lo == 0 || ls == 0) throw ArgError{"bad batchNorm arguments"};
    hacc::batch_norm(x, n, mean, lm, var, lv, off, lo, sc, ls, static_cast<float>(eps), out);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (dy, x, mean, variance, scale, epsilon, dx, dmean, dvariance, dscale, doffset): per-channel
// statistics of length c, x and dy of a length divisible by c.
napi_value batch_norm_grad(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, nx, c, lv, ls, ndx, l1, l2, l3, l4;
    const float* dy = typed_data<float>(env, argv[0], napi_float32_array, "dy", &n);
    const float* x = typed_data<float>(env, argv[1], napi_float32_array, "x", &nx);
    const float* mean = typed_data<float>(env, argv[2], napi_float32_array, "mean", &c);
    const float* var = typed_data<float>(env, argv[3], napi_float32_array, "variance", &lv);
    const float* sc = typed_data<float>(env, argv[4], napi_float32_array, "scale", &ls);
    double eps = 0;
    napi_get_value_double(env, argv[5], &eps);
    float* dx = typed_data<float>(env, argv[6], napi_float32_array, "dx", &ndx);
    float* dmean = typed_data<float>(env, argv[7], napi_float32_array, "dmean", &l1);
    float* dvar = typed_data<float>(env, argv[8], napi_float32_array, "dvariance", &l2);
    float* dscale = typed_data<float>(env, argv[9], napi_float32_array, "dscale", &l3);
    float* doffset = typed_data<float>(env, argv[10], napi_float32_array, "doffset", &l4);
    if (c == 0 || nx != n || ndx != n || n % c != 0 || lv != c || ls != c || l1 != c || l2 != c || l3 != c || l4 != c) {
      throw ArgError{"bad batchNormGrad arguments"};
    }
    hacc::batch_norm_grad(dy, x, n, c, mean, var, sc, static_cast<float>(eps), dx, dmean, dvar, dscale, doffset);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (dy, x, mean, variance, scale, gdx, gmean, gvariance, gscale, goffset, epsilon,
//  d_dy, d_x, d_mean, d_variance, d_scale)
napi_value batch_norm_grad_grad(napi_env env, napi_callback_info info) {
  napi_value argv[16];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, nx, c, lv, ls, ng, l1, l2, l3, l4, no1, no2, m1, m2, m3;
    const float* dy = typed_data<float>(env, argv[0], napi_float32_array, "dy", &n);
    const float* x = typed_data<float>(env, argv[1], napi_float32_array, "x", &nx);
    const float* mean = typed_data<float>(env, argv[2], napi_float32_array, "mean", &c);
    const float* var = typed_data<float>(env, argv[3], napi_float32_array, "variance", &lv);
    const float* sc = typed_data<float>(env, argv[4], napi_float32_array, "scale", &ls);
    const float* gdx = typed_data<float>(env, argv[5], napi_float32_array, "gdx", &ng);
    const float* gm = typed_data<float>(env, argv[6], napi_float32_array, "gmean", &l1);
    const float* gv = typed_data<float>(env, argv[7], napi_float32_array, "gvariance", &l2);
    const float* gg = typed_data<float>(env, argv[8], napi_float32_array, "gscale", &l3);
    const float* gb = typed_data<float>(env, argv[9], napi_float32_array, "goffset", &l4);
    double eps = 0;
    napi_get_value_double(env, argv[10], &eps);
    float* d_dy = typed_data<float>(env, argv[11], napi_float32_array, "d_dy", &no1);
    float* d_x = typed_data<float>(env, argv[12], napi_float32_array, "d_x", &no2);
    float* d_mean = typed_data<float>(env, argv[13], napi_float32_array, "d_mean", &m1);
    float* d_var = typed_data<float>(env, argv[14], napi_float32_array, "d_variance", &m2);
    float* d_scale = typed_data<float>(env, argv[15], napi_float32_array, "d_scale", &m3);
    if (c == 0 || nx != n || ng != n || no1 != n || no2 != n || n % c != 0 || lv != c || ls != c || l1 != c || l2 != c ||
        l3 != c || l4 != c || m1 != c || m2 != c || m3 != c) {
      throw ArgError{"bad batchNormGradGrad arguments"};
    }
    hacc::batch_norm_grad_grad(dy, x, n, c, mean, var, sc, gdx, gm, gv, gg, gb, static_cast<float>(eps), d_dy, d_x,
                               d_mean, d_var, d_scale);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (x, scale, offset, epsilon, y, mean, variance): per-channel parameters and outputs of length c,
// x and y of a length divisible by c.
napi_value batch_norm_training(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, c, lo, ny, lm, lv;
    const float* x = typed_data<float>(env, argv[0], napi_float32_array, "x", &n);
    const float* sc = typed_data<float>(env, argv[1], napi_float32_array, "scale", &c);
    const float* off = typed_data<float>(env, argv[2], napi_float32_array, "offset", &lo);
    double eps = 0;
    napi_get_value_double(env, argv[3], &eps);
    float* y = typed_data<float>(env, argv[4], napi_float32_array, "y", &ny);
    float* mean = typed_data<float>(env, argv[5], napi_float32_array, "mean", &lm);
    float* var = typed_data<float>(env, argv[6], napi_float32_array, "variance", &lv);
    if (c == 0 || n == 0 || n % c != 0 || ny != n || lo != c || lm != c || lv != c) {
      throw ArgError{"bad batchNormTraining arguments"};
    }
    hacc::batch_norm_training(x, n, c, sc, off, static_cast<float>(eps), y, mean, var);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (dy, x, scale, mean, variance, epsilon, dx, dscale, doffset)
napi_value batch_norm_training_grad(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, nx, c, lm, lv, ndx, l1, l2;
    const float* dy = typed_data<float>(env, argv[0], napi_float32_array, "dy", &n);
    const float* x = typed_data<float>(env, argv[1], napi_float32_array, "x", &nx);
    const float* sc = typed_data<float>(env, argv[2], napi_float32_array, "scale", &c);
    const float* mean = typed_data<float>(env, argv[3], napi_float32_array, "mean", &lm);
    const float* var = typed_data<float>(env, argv[4], napi_float32_array, "variance", &lv);
    double eps = 0;
    napi_get_value_double(env, argv[5], &eps);
    float* dx = typed_data<float>(env, argv[6], napi_float32_array, "dx", &ndx);
    float* dscale = typed_data<float>(env, argv[7], napi_float32_array, "dscale", &l1);
    float* doffset = typed_data<float>(env, argv[8], napi_float32_array, "doffset", &l2);
    if (c == 0 || n == 0 || n % c != 0 || nx != n || ndx != n || lm != c || lv != c || l1 != c || l2 != c) {
      throw ArgError{"bad batchNormTrainingGrad arguments"};
    }
    hacc::batch_norm_training_grad(dy, x, n, c, sc, mean, var, static_cast<float>(eps), dx, dscale, doffset);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (dy, x, scale, mean, variance, gdx, gdscale, gdoffset, epsilon, d_dy, d_x, d_scale)
napi_value batch_norm_training_grad_grad(napi_env env, napi_callback_info info) {
  napi_value argv[12];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, nx, c, lm, lv, ng, l1, l2, no1, no2, l3;
    const float* dy = typed_data<float>(env, argv[0], napi_float32_array, "dy", &n);
    const float* x = typed_data<float>(env, argv[1], napi_float32_array, "x", &nx);
    const float* sc = typed_data<float>(env, argv[2], napi_float32_array, "scale", &c);
    const float* mean = typed_data<float>(env, argv[3], napi_float32_array, "mean", &lm);
    const float* var = typed_data<float>(env, argv[4], napi_float32_array, "variance", &lv);
    const float* gdx = typed_data<float>(env, argv[5], napi_float32_array, "gdx", &ng);
    const float* gds = typed_data<float>(env, argv[6], napi_float32_array, "gdscale", &l1);
    const float* gdo = typed_data<float>(env, argv[7], napi_float32_array, "gdoffset", &l2);
    double eps = 0;
    napi_get_value_double(env, argv[8], &eps);
    float* d_dy = typed_data<float>(env, argv[9], napi_float32_array, "d_dy", &no1);
    float* d_x = typed_data<float>(env, argv[10], napi_float32_array, "d_x", &no2);
    float* d_scale = typed_data<float>(env, argv[11], napi_float32_array, "d_scale", &l3);
    if (c == 0 || n == 0 || n % c != 0 || nx != n || ng != n || no1 != n || no2 != n || lm != c || lv != c || l1 != c ||
        l2 != c || l3 != c) {
      throw ArgError{"bad batchNormTrainingGradGrad arguments"};
    }
    hacc::batch_norm_training_grad_grad(dy, x, n, c, sc, mean, var, gdx, gds, gdo, static_cast<float>(eps), d_dy, d_x,
                                        d_scale);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// Accepts a Float32Array or an Int32Array (the copies move 4-byte elements).
uint32_t* data32(napi_env env, napi_value v, const char* what, size_t* length) {
  bool is_typed = false;
  napi_is_typedarray(env, v, &is_typed);
  if (!is_typed) throw ArgError{std::string(what) + " must be a typed array"};
  napi_typedarray_type type;
  void* data;
  napi_value buffer;
  size_t offset;
  napi_get_typedarray_info(env, v, &type, length, &data, &buffer, &offset);
  if (type != napi_float32_array && type != napi_int32_array) throw ArgError{std::string(what) + " must hold 4-byte elements"};
  return static_cast<uint32_t*>(data);
}

const int32_t* shape_arg(napi_env env, napi_value v, const char* what, size_t* rank) {
  return typed_data<int32_t>(env, v, napi_int32_array, what, rank);
}

// (x, xShape, begin, out, outShape)
napi_value slice(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, m, r1, r2, r3;
    const uint32_t* x = data32(env, argv[0], "x", &n);
    const int32_t* xs = shape_arg(env, argv[1], "xShape", &r1);
    const int32_t* begin = shape_arg(env, argv[2], "begin", &r2);
    uint32_t* out = data32(env, argv[3], "out", &m);
    const int32_t* os = shape_arg(env, argv[4], "outShape", &r3);
    if (r1 != r2 || r1 != r3) throw ArgError{"shapes must have equal rank"};
    hacc::slice32(x, xs, begin, out, os, static_cast<int>(r1));
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (x, xShape, out, outShape, before, value: Float32Array|Int32Array of length 1)
napi_value pad(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, m, r1, r2, r3, one;
    const uint32_t* x = data32(env, argv[0], "x", &n);
    const int32_t* xs = shape_arg(env, argv[1], "xShape", &r1);
    uint32_t* out = data32(env, argv[2], "out", &m);
    const int32_t* os = shape_arg(env, argv[3], "outShape", &r2);
    const int32_t* before = shape_arg(env, argv[4], "before", &r3);
    const uint32_t* value = data32(env, argv[5], "value", &one);
    if (r1 != r2 || r1 != r3 || one != 1) throw ArgError{"bad pad arguments"};
    hacc::pad32(x, xs, out, os, before, static_cast<int>(r1), value[0]);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (x, xShape, out, outShape)
napi_value tile(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    size_t n, m, r1, r2;
    const uint32_t* x = data32(env, argv[0], "x", &n);
    const int32_t* xs = shape_arg(env, argv[1], "xShape", &r1);
    uint32_t* out = data32(env, argv[2], "out", &m);
    const int32_t* os = shape_arg(env, argv[3], "outShape", &r2);
    if (r1 != r2) throw ArgError{"shapes must have equal rank"};
    hacc::tile32(x, xs, out, os, static_cast<int>(r1));
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

// (op, a, aShape, b, bShape, out: Uint8Array, outShape)
napi_value compare_op(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!get_args(env, info, argv)) return nullptr;
  try {
    int32_t op = 0;
    napi_get_value_int32(env, argv[0], &op);
    if (op < 0 || op > 5) throw ArgError{"unknown comparison"};
    size_t ra = 0, rb = 0, ro = 0;
    const int32_t* as = shape_arg(env, argv[2], "aShape", &ra);
    const int32_t* bs = shape_arg(env, argv[4], "bShape", &rb);
    const int32_t* os = shape_arg(env, argv[6], "outShape", &ro);
    if (ra != ro || rb != ro) throw ArgError{"shapes must have equal rank"};
    hacc::compare_op(static_cast<hacc::CompareOp>(op), typed_data<float>(env, argv[1], napi_float32_array, "a"), as,
                     typed_data<float>(env, argv[3], napi_float32_array, "b"), bs,
                     typed_data<uint8_t>(env, argv[5], napi_uint8_array, "out"), os, static_cast<int>(ro));
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  }
  return nullptr;
}

napi_value set_threads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, argv)) return nullptr;
  int32_t n = 1;
  napi_get_value_int32(env, argv[0], &n);
  hacc::set_num_threads(n);
  napi_value out;
  napi_create_int32(env, hacc::num_threads(), &out);
  return out;
}

// (on?: boolean) => boolean: whether convolutions use oneDNN (after the optional switch).
napi_value convolution_library(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc == 1) {
    bool on = true;
    if (napi_get_value_bool(env, argv[0], &on) == napi_ok) hacc::set_use_dnnl(on);
  }
  napi_value out;
  napi_create_string_utf8(env, hacc::use_dnnl() ? "onednn" : "openblas", NAPI_AUTO_LENGTH, &out);
  return out;
}

napi_value get_threads(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_int32(env, hacc::num_threads(), &out);
  return out;
}

void define(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

napi_value init(napi_env env, napi_value exports) {
  define(env, exports, "conv2d", two_input_kernel<hacc::conv2d>);
  define(env, exports, "conv2dBackpropInput", two_input_kernel<hacc::conv2d_backprop_input>);
  define(env, exports, "conv2dBackpropFilter", two_input_kernel<hacc::conv2d_backprop_filter>);
  define(env, exports, "depthwiseConv2d", two_input_kernel<hacc::depthwise_conv2d>);
  define(env, exports, "depthwiseBackpropInput", two_input_kernel<hacc::depthwise_backprop_input>);
  define(env, exports, "depthwiseBackpropFilter", two_input_kernel<hacc::depthwise_backprop_filter>);
  define(env, exports, "maxPool", one_input_kernel<hacc::max_pool>);
  define(env, exports, "avgPool", one_input_kernel<hacc::avg_pool>);
  define(env, exports, "maxPoolGrad", two_input_kernel<hacc::max_pool_grad>);
  define(env, exports, "avgPoolGrad", one_input_kernel<hacc::avg_pool_grad>);
  define(env, exports, "maxPoolSelect", two_input_kernel<hacc::max_pool_select>);
  define(env, exports, "batchMatMul", batch_matmul);
  define(env, exports, "binaryOp", binary_op);
  define(env, exports, "unaryOp", unary_op);
  define(env, exports, "sumReduce", sum_reduce);
  define(env, exports, "batchNorm", batch_norm);
  define(env, exports, "batchNormGrad", batch_norm_grad);
  define(env, exports, "batchNormGradGrad", batch_norm_grad_grad);
  define(env, exports, "batchNormTraining", batch_norm_training);
  define(env, exports, "batchNormTrainingGrad", batch_norm_training_grad);
  define(env, exports, "batchNormTrainingGradGrad", batch_norm_training_grad_grad);
  define(env, exports, "slice", slice);
  define(env, exports, "pad", pad);
  define(env, exports, "tile", tile);
  define(env, exports, "compareOp", compare_op);
  define(env, exports, "setThreads", set_threads);
  define(env, exports, "getThreads", get_threads);
  define(env, exports, "convolutionLibrary", convolution_library);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
