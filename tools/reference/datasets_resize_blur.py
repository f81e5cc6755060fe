#!/usr/bin/python3
"""Reference values for @harmonization/datasets: TF2 bilinear resize (half-pixel centres, no
antialias), the ClickMe 10x10 sigma-10 kernel, its SAME-padded blur, and the whole heatmap chain
256 -> 64 -> blur -> 224 (SPEC sections 3-4).

numpy implements the resize from the formula of SPEC section 4 in float32, as TF's CPU kernel;
the blur is computed by scipy.ndimage.correlate on an explicitly zero-padded map (4 before,
5 after), independent of our loop. Run: /usr/bin/python3 tools/reference/datasets_resize_blur.py
"""
import json
import os

import numpy as np
from scipy import ndimage

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'datasets_resize_blur.json')


def resize_axis(in_size, out_size):
    scale = np.float32(in_size) / np.float32(out_size)
    dst = np.arange(out_size, dtype=np.float32)
    src = (dst + np.float32(0.5)) * np.float32(scale) - np.float32(0.5)
    lo = np.maximum(np.floor(src), 0).astype(np.int64)
    hi = np.minimum(np.ceil(src), in_size - 1).astype(np.int64)
    lerp = (src - np.floor(src)).astype(np.float32)
    return lo, hi, lerp


def resize_bilinear(img, out_h, out_w):
    """img: (H, W, C) float32 -> (out_h, out_w, C) float32."""
    img = img.astype(np.float32)
    ylo, yhi, yl = resize_axis(img.shape[0], out_h)
    xlo, xhi, xl = resize_axis(img.shape[1], out_w)
    tl = img[ylo][:, xlo]
    tr = img[ylo][:, xhi]
    bl = img[yhi][:, xlo]
    br = img[yhi][:, xhi]
    xl = xl[None, :, None]
    yl = yl[:, None, None]
    top = tl + (tr - tl) * xl
    bot = bl + (br - bl) * xl
    return (top + (bot - top) * yl).astype(np.float32)


def gaussian_kernel(size=10, sigma=10):
    start = (1 - size) // 2
    xs = np.arange(start, start + size, dtype=np.float64)
    x = xs[None, :]
    y = xs[::-1][:, None]
    w = np.exp(-(x ** 2 + y ** 2) / (2.0 * sigma ** 2)) / (2 * np.pi * sigma ** 2)
    return (w / w.sum()).astype(np.float32)


def blur_same(m, k):
    """TF conv2d SAME, zero fill: pad floor((k-1)/2) before, the rest after."""
    ks = k.shape[0]
    before = (ks - 1) // 2
    after = ks - 1 - before
    padded = np.pad(m.astype(np.float64), ((before, after), (before, after)))
    # correlate with origin so that out[i, j] = sum_ab padded[i + a, j + b] * k[a, b]
    full = ndimage.correlate(padded, k.astype(np.float64), mode='constant', cval=0.0,
                             origin=(-(ks // 2), -(ks // 2)))
    return full[: m.shape[0], : m.shape[1]].astype(np.float32)


def blur_naive(m, k):
    ks = k.shape[0]
    before = (ks - 1) // 2
    H, W = m.shape
    out = np.zeros((H, W))
    for i in range(H):
        for j in range(W):
            s = 0.0
            for a in range(ks):
                for b in range(ks):
                    y, x = i + a - before, j + b - before
                    if 0 <= y < H and 0 <= x < W:
                        s += m[y, x] * k[a, b]
            out[i, j] = s
    return out


def formula_image(h, w, c):
    """Same integer formula in the TS test: (i*31 + j*17 + ch*7 + (i*j) % 13) % 256."""
    i = np.arange(h)[:, None, None]
    j = np.arange(w)[None, :, None]
    ch = np.arange(c)[None, None, :]
    return ((i * 31 + j * 17 + ch * 7 + (i * j) % 13) % 256).astype(np.float32)


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def main():
    rng = np.random.default_rng(20221104)
    cases = []
    for (h, w, c, oh, ow) in [(5, 7, 2, 9, 4), (5, 7, 2, 3, 11), (4, 4, 1, 1, 1), (3, 8, 3, 8, 3), (6, 6, 1, 6, 6)]:
        x = rng.uniform(0, 255, size=(h, w, c)).astype(np.float32)
        cases.append({'shape': [h, w, c], 'out': [oh, ow], 'input': flat(x), 'expected': flat(resize_bilinear(x, oh, ow))})

    k10 = gaussian_kernel(10, 10)
    kernels = [{'size': s, 'sigma': sg, 'values': flat(gaussian_kernel(s, sg))} for (s, sg) in [(10, 10), (5, 2), (4, 1.5), (1, 1)]]

    # Blur on a small random map against a naive loop and scipy.
    m = rng.uniform(0, 1, size=(12, 9)).astype(np.float32)
    b_scipy = blur_same(m, k10)
    assert np.allclose(b_scipy, blur_naive(m, k10), atol=1e-6)
    k5 = gaussian_kernel(5, 2)
    b5 = blur_same(m, k5)
    assert np.allclose(b5, blur_naive(m, k5), atol=1e-6)

    # The ClickMe chain on a deterministic 256x256 map and a 256x256x3 image.
    heat = formula_image(256, 256, 1)[:, :, 0]
    h64 = resize_bilinear(heat[:, :, None], 64, 64)[:, :, 0]
    # 256 -> 64 without antialias = mean of pixels 4k+1 and 4k+2 along each axis
    rows = (heat[1::4] + heat[2::4]) / 2
    assert np.allclose(h64, (rows[:, 1::4] + rows[:, 2::4]) / 2, atol=1e-4)
    h64b = blur_same(h64, k10)
    h224 = resize_bilinear(h64b[:, :, None], 224, 224)[:, :, 0]
    img224 = resize_bilinear(formula_image(256, 256, 3), 224, 224)
    # Sample every 7th row / column (32 x 32 points) to keep the JSON small.
    idx = list(range(0, 224, 7))
    out = {
        'generator': 'tools/reference/datasets_resize_blur.py',
        'numpy': np.__version__,
        'resize_cases': cases,
        'kernels': kernels,
        'blur_cases': [
            {'shape': [12, 9], 'size': 10, 'sigma': 10, 'input': flat(m), 'expected': flat(b_scipy)},
            {'shape': [12, 9], 'size': 5, 'sigma': 2, 'input': flat(m), 'expected': flat(b5)},
        ],
        'chain': {
            'formula': '(i*31 + j*17 + ch*7 + (i*j) % 13) % 256',
            'heatmap64': flat(h64),
            'heatmap64_blurred': flat(h64b),
            'sample_index': idx,
            'heatmap224_samples': flat(h224[np.ix_(idx, idx)]),
            'heatmap224_sum': float(h224.astype(np.float64).sum()),
            'image224_samples': flat(img224[np.ix_(idx, idx)]),
            'image224_sum': float(img224.astype(np.float64).sum()),
        },
    }
    with open(OUT, 'w') as f:
        json.dump(out, f)
    print('wrote', OUT, os.path.getsize(OUT), 'bytes; kernel max', float(k10.max()), 'min', float(k10.min()), 'corner', float(k10[0, 0]))


if __name__ == '__main__':
    main()
