#!/usr/bin/env python3
"""Reference values for the transformer layers of @harmonization/zoo (NumPy, float64).

Each function below transcribes the original Python code line by line (vit_keras layers.py;
keras_cv_attention_models davit.py window partitions, beit.py MultiHeadRelativePositionalEmbedding,
levit.py MultiHeadPositionalEmbedding, coatnet.py / levit.py attention), with NumPy in place of
TensorFlow (tf.meshgrid == np.meshgrid 'xy'), independently of the TypeScript code.

Run: /usr/bin/python3 tools/reference/zoo_transformers.py  (writes fixtures/zoo_transformers.json)
"""
import json
import math
import os

import numpy as np
from scipy.special import erf

rng = np.random.default_rng(20230214)


def arr(x):
    return [float(v) for v in np.asarray(x, dtype=np.float64).ravel()]


def iarr(x):
    return [int(v) for v in np.asarray(x).ravel()]


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def gelu_tanh(x):  # tfa.activations.gelu(approximate=True) / tf.nn.gelu(approximate=True)
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def gelu_erf(x):  # tf.keras.activations.gelu(approximate=False), later vit_keras
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def layer_norm(x, gamma, beta, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


# ---- vit_keras TransformerBlock (layers.py), dropout inactive ----
def vit_block(x, w, num_heads, gelu):
    batch, tokens, hidden = x.shape
    d = hidden // num_heads

    def dense(t, name):
        return t @ w[name + "/kernel"] + w[name + "/bias"]

    def separate_heads(t):
        return np.transpose(t.reshape(batch, -1, num_heads, d), (0, 2, 1, 3))

    y = layer_norm(x, w["LayerNorm_0/gamma"], w["LayerNorm_0/beta"], 1e-6)
    a = "MultiHeadDotProductAttention_1/"
    q, k, v = (separate_heads(dense(y, a + n)) for n in ("query", "key", "value"))
    score = q @ np.transpose(k, (0, 1, 3, 2)) / math.sqrt(d)
    att = np.transpose(softmax(score) @ v, (0, 2, 1, 3)).reshape(batch, -1, hidden)
    h = dense(att, a + "out") + x
    y = layer_norm(h, w["LayerNorm_2/gamma"], w["LayerNorm_2/beta"], 1e-6)
    y = dense(gelu(dense(y, "MlpBlock_3/Dense_0")), "MlpBlock_3/Dense_1")
    return h + y


def vit_block_case():
    tokens, hidden, heads, mlp = 5, 8, 2, 16
    names = []
    for p in ("query", "key", "value", "out"):
        names += [(f"MultiHeadDotProductAttention_1/{p}/kernel", (hidden, hidden)), (f"MultiHeadDotProductAttention_1/{p}/bias", (hidden,))]
    names += [("MlpBlock_3/Dense_0/kernel", (hidden, mlp)), ("MlpBlock_3/Dense_0/bias", (mlp,)), ("MlpBlock_3/Dense_1/kernel", (mlp, hidden)), ("MlpBlock_3/Dense_1/bias", (hidden,))]
    for n in ("LayerNorm_0", "LayerNorm_2"):
        names += [(n + "/gamma", (hidden,)), (n + "/beta", (hidden,))]
    w = {n: rng.normal(0, 0.4, s) + (1.0 if n.endswith("gamma") else 0.0) for n, s in names}
    x = rng.normal(0, 1, (2, tokens, hidden))
    y = vit_block(x, w, heads, gelu_erf)
    y_tanh = vit_block(x, w, heads, gelu_tanh)
    return {
        "num_heads": heads, "mlp_dim": mlp,
        "x": {"shape": list(x.shape), "data": arr(x)},
        "weights": [{"name": n, "shape": list(s), "data": arr(w[n])} for n, s in names],
        "y": {"shape": list(y.shape), "data": arr(y)},
        "y_tanh_gelu": {"shape": list(y_tanh.shape), "data": arr(y_tanh)},
    }


# ---- kecam davit.py window partitions ----
def window_partition(inputs, window_height, window_width):
    input_channel = inputs.shape[-1]
    patch_height, patch_width = inputs.shape[1] // window_height, inputs.shape[2] // window_width
    nn = inputs.reshape([-1, window_height, patch_width, window_width * input_channel])
    nn = np.transpose(nn, [0, 2, 1, 3])
    return nn.reshape([-1, window_height, window_width, input_channel])


def grid_window_partition(inputs, window_height, window_width):
    input_channel = inputs.shape[-1]
    patch_height, patch_width = inputs.shape[1] // window_height, inputs.shape[2] // window_width
    nn = inputs.reshape([-1, window_height, patch_height, window_width * patch_width * input_channel])
    nn = np.transpose(nn, [0, 2, 1, 3])
    nn = nn.reshape([-1, window_height * window_width, patch_width, input_channel])
    nn = np.transpose(nn, [0, 2, 1, 3])
    return nn.reshape([-1, window_height, window_width, input_channel])


def partition_case(grid):
    x = rng.normal(0, 1, (2, 4, 6, 3))  # windows 2×3: 2×2 of them
    y = (grid_window_partition if grid else window_partition)(x, 2, 3)
    return {"grid": grid, "window": [2, 3], "x": {"shape": list(x.shape), "data": arr(x)}, "y": {"shape": list(y.shape), "data": arr(y)}}


# ---- kecam beit.py MultiHeadRelativePositionalEmbedding.build ----
def relative_index(height, width, with_cls_token):
    hh, ww = np.meshgrid(range(height), range(width))
    coords = np.stack([hh, ww], axis=-1)
    coords_flatten = coords.reshape([-1, 2])
    relative_coords = coords_flatten[:, None, :] - coords_flatten[None, :, :]
    relative_coords_hh = relative_coords[:, :, 0] + height - 1
    relative_coords_ww = (relative_coords[:, :, 1] + width - 1) * (2 * height - 1)
    index = relative_coords_hh + relative_coords_ww
    num_relative_distance = (2 * height - 1) * (2 * width - 1) + (3 if with_cls_token else 0)
    if with_cls_token:
        top = np.ones((1, index.shape[1]), dtype=index.dtype) * (num_relative_distance - 3)
        left = np.ones((index.shape[0], 1), dtype=index.dtype) * (num_relative_distance - 2)
        corner = np.ones((1, 1), dtype=index.dtype) * (num_relative_distance - 1)
        left_corner = np.concatenate([corner, left], axis=0)
        index = np.concatenate([top, index], axis=0)
        index = np.concatenate([left_corner, index], axis=1)
    return {"height": height, "width": width, "with_cls_token": with_cls_token, "num_relative": num_relative_distance, "shape": list(index.shape), "index": iarr(index)}


# ---- kecam levit.py MultiHeadPositionalEmbedding.build ----
def levit_index(qq_blocks, kk_blocks):
    q_blocks_h = q_blocks_w = int(float(qq_blocks) ** 0.5)
    strides = int(math.ceil(float(kk_blocks / qq_blocks) ** 0.5))
    k_blocks_h = q_blocks_h * strides
    while kk_blocks % k_blocks_h != 0:
        k_blocks_h -= 1
    k_blocks_w = int(kk_blocks / k_blocks_h)
    x1, y1 = np.meshgrid(range(q_blocks_h), range(q_blocks_w))
    x2, y2 = np.meshgrid(range(k_blocks_h), range(k_blocks_w))
    aa = np.concatenate([np.reshape(x1, (-1, 1)), np.reshape(y1, (-1, 1))], axis=-1)
    bb = np.concatenate([np.reshape(x2, (-1, 1)), np.reshape(y2, (-1, 1))], axis=-1)
    cc = [np.abs(bb - ii * strides) for ii in aa]
    bb_pos = np.stack([ii[:, 0] + ii[:, 1] * k_blocks_h for ii in cc])
    return {"queries": qq_blocks, "keys": kk_blocks, "shape": list(bb_pos.shape), "index": iarr(bb_pos)}


# ---- kecam coatnet.py mhsa_with_multi_head_relative_position_embedding (MaxViT), on one window ----
def maxvit_attention_case():
    batch, h, w, c, heads = 2, 3, 3, 8, 2
    d = c // heads
    x = rng.normal(0, 1, (batch, h, w, c))
    qkv_k, qkv_b = rng.normal(0, 0.4, (1, 1, c, 3 * c)), rng.normal(0, 0.1, (3 * c,))
    table = rng.normal(0, 0.5, (heads, (2 * h - 1) * (2 * w - 1)))
    out_k, out_b = rng.normal(0, 0.4, (c, c)), rng.normal(0, 0.1, (c,))
    qkv = x @ qkv_k[0, 0] + qkv_b  # 1x1 conv
    query, key, value = np.split(qkv, 3, axis=-1)
    # qkv_to_multi_head_channels_last_format: [batch, heads, blocks, d] (key transposed)
    query = np.transpose(query.reshape(batch, h * w, heads, d), [0, 2, 1, 3])
    key = np.transpose(key.reshape(batch, h * w, heads, d), [0, 2, 3, 1])
    value = np.transpose(value.reshape(batch, h * w, heads, d), [0, 2, 1, 3])
    scores = (query @ key) * (1.0 / math.sqrt(d))
    idx = np.array(relative_index(h, w, False)["index"]).reshape(h * w, h * w)
    scores = scores + table[:, idx]
    out = np.transpose(softmax(scores) @ value, [0, 2, 1, 3]).reshape(batch, h, w, c)
    y = out @ out_k + out_b
    return {
        "heads": heads, "x": {"shape": list(x.shape), "data": arr(x)},
        "qkv_kernel": {"shape": list(qkv_k.shape), "data": arr(qkv_k)}, "qkv_bias": arr(qkv_b),
        "pos_table": {"shape": list(table.shape), "data": arr(table)},
        "out_kernel": {"shape": list(out_k.shape), "data": arr(out_k)}, "out_bias": arr(out_b),
        "y": {"shape": list(y.shape), "data": arr(y)},
    }


# ---- kecam levit.py mhsa_with_multi_head_position (block attention), BN left out ----
def levit_attention_case():
    batch, h, w, c, heads, key_dim, attn_ratio = 2, 2, 2, 6, 2, 3, 2
    x = rng.normal(0, 1, (batch, h, w, c))
    qkv_dim = (attn_ratio + 1 + 1) * key_dim * heads
    qkv_k = rng.normal(0, 0.4, (c, qkv_dim))
    bb = rng.normal(0, 0.5, (h * w, heads))
    out_k = rng.normal(0, 0.4, (attn_ratio * key_dim * heads, c))
    qkv = (x @ qkv_k).reshape(batch, h * w, heads, qkv_dim // heads)
    qq, kk, vv = np.split(qkv, [key_dim, 2 * key_dim], axis=-1)
    qq, kk, vv = np.transpose(qq, [0, 2, 1, 3]), np.transpose(kk, [0, 2, 3, 1]), np.transpose(vv, [0, 2, 1, 3])
    scores = (qq @ kk) / math.sqrt(key_dim)
    idx = np.array(levit_index(h * w, h * w)["index"]).reshape(h * w, h * w)
    scores = scores + np.transpose(bb[idx], [2, 0, 1])
    out = np.transpose(softmax(scores) @ vv, [0, 2, 1, 3]).reshape(batch, h, w, -1)
    out = out * np.clip(out + 3, 0, 6) / 6  # hard_swish
    y = out @ out_k
    return {
        "heads": heads, "key_dim": key_dim, "attn_ratio": attn_ratio, "x": {"shape": list(x.shape), "data": arr(x)},
        "qkv_kernel": {"shape": list(qkv_k.shape), "data": arr(qkv_k)}, "pos_bb": {"shape": list(bb.shape), "data": arr(bb)},
        "out_kernel": {"shape": list(out_k.shape), "data": arr(out_k)}, "y": {"shape": list(y.shape), "data": arr(y)},
    }


out = {
    "vit_block": vit_block_case(),
    "window_partition": [partition_case(False), partition_case(True)],
    "relative_index": [relative_index(3, 2, False), relative_index(2, 2, True), relative_index(7, 7, False)],
    "levit_index": [levit_index(16, 49), levit_index(49, 49), levit_index(4, 16)],
    "maxvit_attention": maxvit_attention_case(),
    "levit_attention": levit_attention_case(),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "zoo_transformers.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path, os.path.getsize(path), "bytes")
