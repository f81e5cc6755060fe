#!/usr/bin/python3
"""Python peer for tools/bench/datasets-decode.mjs: reads the same ClickMe-schema TFRecord shards
(framing + a minimal tf.train.Example parser), decodes the JPEGs with PIL and runs the SPEC 2.3
chain with numpy/scipy (resize to 224, heatmap 64 -> blur -> 224, one-hot). Prints examples/s
(median of 3)."""
import io
import os
import struct
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'reference'))
from datasets_resize_blur import blur_same, gaussian_kernel, resize_bilinear  # noqa: E402


def varint(b, i):
    shift = result = 0
    while True:
        c = b[i]
        i += 1
        result |= (c & 0x7F) << shift
        if c < 0x80:
            return result, i
        shift += 7


def fields(b):
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        wt = key & 7
        if wt == 2:
            n, i = varint(b, i)
            yield key >> 3, b[i:i + n]
            i += n
        elif wt == 0:
            v, i = varint(b, i)
            yield key >> 3, v
        else:
            raise ValueError('unexpected wire type')


def parse_example(b):
    out = {}
    for _, feats in fields(b):
        for _, entry in fields(feats):
            d = dict(fields(entry))
            name = d[1].decode()
            kind, lst = next(fields(d[2]))
            val = next(fields(lst))[1]
            out[name] = varint(val, 0)[0] if kind == 3 else val
    return out


def records(path):
    with open(path, 'rb') as f:
        data = f.read()
    i = 0
    while i < len(data):
        (n,) = struct.unpack_from('<Q', data, i)
        yield data[i + 12:i + 12 + n]
        i += 16 + n


def main(files):
    k = gaussian_kernel(10, 10)
    recs = [r for f in files for r in records(f)]
    rates = []
    for _ in range(3):
        t = time.perf_counter()
        for r in recs:
            ex = parse_example(r)
            img = np.asarray(Image.open(io.BytesIO(ex['image'])).convert('RGB'), dtype=np.float32)
            hm = np.asarray(Image.open(io.BytesIO(ex['heatmap'])), dtype=np.float32)
            resize_bilinear(img, 224, 224)
            h = resize_bilinear(hm[:, :, None], 64, 64)[:, :, 0]
            resize_bilinear(blur_same(h, k)[:, :, None], 224, 224)
            np.eye(1000, dtype=np.float32)[ex['label']]
        rates.append(len(recs) / (time.perf_counter() - t))
    print('python peer (PIL + numpy, 1 process): examples/s %.0f' % sorted(rates)[1])


if __name__ == '__main__':
    main(sys.argv[1:])
