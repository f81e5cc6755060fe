// N-API bindings of the native decode path. No global state: the module is context-aware
// (NAPI_MODULE_INIT), so every worker thread loads its own instance safely.
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_kernels.h"
#include "jpeg_decode.h"

#define THROW(env, ...)                                   \
  do {                                                    \
    char msg_[512];                                       \
    snprintf(msg_, sizeof msg_, __VA_ARGS__);             \
    napi_throw_error((env), NULL, msg_);                  \
    return NULL;                                          \
  } while (0)

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) return 0;
  return 1;
}

static void* typed_data(napi_env env, napi_value v, napi_typedarray_type want, size_t* length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, v, &is_typed) != napi_ok || !is_typed) return NULL;
  napi_typedarray_type type;
  void* data = NULL;
  napi_get_typedarray_info(env, v, &type, length, &data, NULL, NULL);
  return type == want ? data : NULL;
}

static int get_int(napi_env env, napi_value v, int* out) { return napi_get_value_int32(env, v, out) == napi_ok; }

static napi_value make_int(napi_env env, int v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

// decodeJpeg(bytes: Uint8Array, fastDct: boolean) → {data: Uint8Array, height, width, channels}
static napi_value decode_jpeg(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!get_args(env, info, 2, argv)) THROW(env, "decodeJpeg(bytes, fastDct) needs two arguments");
  size_t length = 0;
  const uint8_t* bytes = (const uint8_t*)typed_data(env, argv[0], napi_uint8_array, &length);
  if (!bytes || !length) THROW(env, "decodeJpeg: bytes must be a non-empty Uint8Array");
  bool fast = true;
  napi_get_value_bool(env, argv[1], &fast);
  char err[256] = "";
  hds_jpeg* j = hds_jpeg_open(bytes, length, fast, err, sizeof err);
  if (!j) THROW(env, "%s", err);
  int h, w, c;
  hds_jpeg_size(j, &h, &w, &c);
  void* pixels = NULL;
  napi_value buffer, data;
  const size_t n = (size_t)h * (size_t)w * (size_t)c;
  if (napi_create_arraybuffer(env, n, &pixels, &buffer) != napi_ok) {
    hds_jpeg_close(j);
    THROW(env, "cannot allocate %zu bytes for a %d×%d×%d image", n, h, w, c);
  }
  const int rc = hds_jpeg_read(j, (uint8_t*)pixels, err, sizeof err);
  hds_jpeg_close(j);
  if (rc != 0) THROW(env, "%s", err);
  napi_create_typedarray(env, napi_uint8_array, n, buffer, 0, &data);
  napi_value out;
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "data", data);
  napi_set_named_property(env, out, "height", make_int(env, h));
  napi_set_named_property(env, out, "width", make_int(env, w));
  napi_set_named_property(env, out, "channels", make_int(env, c));
  return out;
}

// resizeBilinear(src: Uint8Array | Float32Array, height, width, channels, out: Float32Array, outHeight, outWidth)
static napi_value resize_bilinear(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!get_args(env, info, 7, argv)) THROW(env, "resizeBilinear needs seven arguments");
  int h, w, c, oh, ow;
  if (!get_int(env, argv[1], &h) || !get_int(env, argv[2], &w) || !get_int(env, argv[3], &c) ||
      !get_int(env, argv[5], &oh) || !get_int(env, argv[6], &ow) || h < 1 || w < 1 || c < 1 || oh < 1 || ow < 1) {
    THROW(env, "resizeBilinear: sizes must be positive integers");
  }
  size_t out_len = 0, in_len = 0;
  float* out = (float*)typed_data(env, argv[4], napi_float32_array, &out_len);
  if (!out || out_len != (size_t)oh * (size_t)ow * (size_t)c) THROW(env, "resizeBilinear: out must be a Float32Array of %d·%d·%d values", oh, ow, c);
  const size_t want = (size_t)h * (size_t)w * (size_t)c;
  const uint8_t* u8 = (const uint8_t*)typed_data(env, argv[0], napi_uint8_array, &in_len);
  if (u8 && in_len == want) {
    if (hds_resize_bilinear_u8(u8, h, w, c, out, oh, ow) != 0) THROW(env, "resizeBilinear: out of memory");
    return NULL;
  }
  const float* f32 = (const float*)typed_data(env, argv[0], napi_float32_array, &in_len);
  if (f32 && in_len == want) {
    if (hds_resize_bilinear_f32(f32, h, w, c, out, oh, ow) != 0) THROW(env, "resizeBilinear: out of memory");
    return NULL;
  }
  THROW(env, "resizeBilinear: src must be a Uint8Array or Float32Array of %d·%d·%d values", h, w, c);
}

// blurGaussian(src: Float32Array, height, width, size, sigma, out: Float32Array)
static napi_value blur_gaussian(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!get_args(env, info, 6, argv)) THROW(env, "blurGaussian needs six arguments");
  int h, w, size;
  double sigma = 0;
  if (!get_int(env, argv[1], &h) || !get_int(env, argv[2], &w) || !get_int(env, argv[3], &size) ||
      napi_get_value_double(env, argv[4], &sigma) != napi_ok || h < 1 || w < 1 || size < 1 || !(sigma > 0)) {
    THROW(env, "blurGaussian: sizes must be positive integers and sigma > 0");
  }
  size_t in_len = 0, out_len = 0;
  const float* in = (const float*)typed_data(env, argv[0], napi_float32_array, &in_len);
  float* out = (float*)typed_data(env, argv[5], napi_float32_array, &out_len);
  const size_t n = (size_t)h * (size_t)w;
  if (!in || !out || in_len != n || out_len != n) THROW(env, "blurGaussian: src and out must be Float32Arrays of %d·%d values", h, w);
  if (hds_blur_gaussian(in, h, w, size, sigma, out) != 0) THROW(env, "blurGaussian: out of memory");
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"decodeJpeg", NULL, decode_jpeg, NULL, NULL, NULL, napi_enumerable, NULL},
      {"resizeBilinear", NULL, resize_bilinear, NULL, NULL, NULL, napi_enumerable, NULL},
      {"blurGaussian", NULL, blur_gaussian, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
