#!/usr/bin/python3
"""Reference for decodeClickMe on real JPEG bytes: PIL (libjpeg-turbo, default ISLOW DCT, fancy
upsampling) encodes a 256x256 RGB image and a 256x256 grayscale heatmap; the JPEG bytes are
stored in the JSON, decoded again by PIL, and run through the SPEC section 2.3 chain in numpy
(resize/blur from datasets_resize_blur.py). The same bytes are also decoded by libjpeg-turbo's own
djpeg with `-dct fast` (JDCT_IFAST, TF decode_jpeg's default dct_method) and `-dct int` (must equal
PIL), and the fast pixels run through the same chain ("fast_" fields).
Needs Debian's python3-numpy, python3-scipy, python3-pil and libjpeg-turbo-progs (djpeg).
Run: /usr/bin/python3 tools/reference/datasets_decode_clickme.py
"""
import base64
import io
import json
import os
import subprocess
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datasets_resize_blur import blur_same, gaussian_kernel, resize_bilinear  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'datasets_decode_clickme.json')


def djpeg(data, dct):
    """Decodes with libjpeg-turbo's djpeg (fancy upsampling on, as TF); returns uint8 HxW[xC]."""
    pnm = subprocess.run(['djpeg', '-dct', dct, '-pnm'], input=data, stdout=subprocess.PIPE, check=True).stdout
    arr = np.asarray(Image.open(io.BytesIO(pnm)))
    return arr


def chain(img, hm):
    img224 = resize_bilinear(img, 224, 224)
    h64 = resize_bilinear(hm[:, :, None], 64, 64)[:, :, 0]
    h224 = resize_bilinear(blur_same(h64, gaussian_kernel(10, 10))[:, :, None], 224, 224)[:, :, 0]
    return img224, h224


def main():
    i = np.arange(256)[:, None]
    j = np.arange(256)[None, :]
    rgb = np.stack([
        128 + 100 * np.sin(i / 17.0) * np.cos(j / 23.0),
        128 + 90 * np.cos((i + j) / 29.0),
        (i * 0.7 + j * 0.3) % 256,
    ], axis=-1).clip(0, 255).astype(np.uint8)
    heat = (255 * np.exp(-(((i - 100) / 40.0) ** 2 + ((j - 150) / 30.0) ** 2))).astype(np.uint8)

    def jpeg(arr, mode):
        b = io.BytesIO()
        Image.fromarray(arr, mode).save(b, format='JPEG', quality=90)
        return b.getvalue()

    img_jpeg = jpeg(rgb, 'RGB')
    heat_jpeg = jpeg(heat, 'L')
    img = np.asarray(Image.open(io.BytesIO(img_jpeg)).convert('RGB'), dtype=np.float32)
    hm = np.asarray(Image.open(io.BytesIO(heat_jpeg)), dtype=np.float32)
    assert img.shape == (256, 256, 3) and hm.shape == (256, 256)

    img224, h224 = chain(img, hm)
    assert np.array_equal(djpeg(img_jpeg, 'int'), img) and np.array_equal(djpeg(heat_jpeg, 'int'), hm)
    fast_img = djpeg(img_jpeg, 'fast').astype(np.float32)
    fast_hm = djpeg(heat_jpeg, 'fast').astype(np.float32)
    fast224, fast_h224 = chain(fast_img, fast_hm)
    idx = list(range(0, 224, 7))
    out = {
        'generator': 'tools/reference/datasets_decode_clickme.py',
        'image_jpeg_base64': base64.b64encode(img_jpeg).decode(),
        'heatmap_jpeg_base64': base64.b64encode(heat_jpeg).decode(),
        'label': 281,
        'decoded_image_sum': float(img.astype(np.float64).sum()),
        'decoded_heatmap_sum': float(hm.astype(np.float64).sum()),
        'decoded_image_row100': [int(v) for v in img[100].ravel()],
        'sample_index': idx,
        'image224_samples': [float(v) for v in img224[np.ix_(idx, idx)].ravel()],
        'image224_sum': float(img224.astype(np.float64).sum()),
        'heatmap224_samples': [float(v) for v in h224[np.ix_(idx, idx)].ravel()],
        'heatmap224_sum': float(h224.astype(np.float64).sum()),
        'heatmap224_min': float(h224.min()),
        'fast_decoded_image_sum': float(fast_img.astype(np.float64).sum()),
        'fast_decoded_heatmap_sum': float(fast_hm.astype(np.float64).sum()),
        'fast_decoded_image_row100': [int(v) for v in fast_img[100].ravel()],
        'fast_vs_accurate_max_abs': float(np.abs(fast_img - img).max()),
        'fast_image224_samples': [float(v) for v in fast224[np.ix_(idx, idx)].ravel()],
        'fast_image224_sum': float(fast224.astype(np.float64).sum()),
        'fast_heatmap224_samples': [float(v) for v in fast_h224[np.ix_(idx, idx)].ravel()],
        'fast_heatmap224_sum': float(fast_h224.astype(np.float64).sum()),
    }
    with open(OUT, 'w') as f:
        json.dump(out, f)
    print('wrote', OUT, os.path.getsize(OUT), 'bytes; jpeg sizes', len(img_jpeg), len(heat_jpeg))


if __name__ == '__main__':
    main()
