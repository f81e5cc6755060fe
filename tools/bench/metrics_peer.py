#!/usr/bin/python3
"""Python peer of tools/bench/metrics.mjs: the original's metric functions
(harmonization/evaluation/metrics.py, without the TensorFlow cast) on the same kind of maps.

argv: pairs size repeats check_file
Prints one JSON line: per-repeat seconds for spearman, dice, iou, and the check values.
"""
import json
import sys
import time

import numpy as np
from scipy.stats import spearmanr

EPSILON = 1e-9


def spearman_correlation(ha, hb):
    return np.array([spearmanr(a.flatten(), b.flatten())[0] for a, b in zip(ha, hb)])


def binarise(h, percentile):
    return (h > np.percentile(h, 100 - percentile, (0, 1))).astype(np.float32)


def intersection_over_union(ha, hb, percentile=10):
    out = []
    for a, b in zip(ha, hb):
        a, b = binarise(a, percentile), binarise(b, percentile)
        out.append(np.sum(np.logical_and(a, b)) / (np.sum(np.logical_or(a, b)) + EPSILON))
    return np.array(out)


def dice(ha, hb, percentile=10):
    out = []
    for a, b in zip(ha, hb):
        a, b = binarise(a, percentile), binarise(b, percentile)
        out.append(2.0 * np.sum(a * b) / (np.sum(a + b) + EPSILON))
    return np.array(out)


def maps(rng, pairs, size):
    # a: a continuous "saliency" map; b: a "human" map quantised to 256 levels (JPEG), with ties.
    a = rng.random((pairs, size, size), dtype=np.float32)
    b = np.floor(rng.random((pairs, size, size)) * 256).astype(np.float32) / 255
    return a, b


def main():
    pairs, size, repeats, check_file = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = np.random.default_rng(0)
    a, b = maps(rng, pairs, size)
    times = {'spearman': [], 'dice': [], 'iou': []}
    for _ in range(repeats):
        for name, fn in (('spearman', spearman_correlation), ('dice', dice), ('iou', intersection_over_union)):
            t0 = time.perf_counter()
            fn(a, b)
            times[name].append(time.perf_counter() - t0)
    raw = np.fromfile(check_file, dtype=np.float32)
    n = raw.size // (2 * size * size)
    ca = raw[: n * size * size].reshape(n, size, size)
    cb = raw[n * size * size:].reshape(n, size, size)
    check = {
        'spearman': [float(x) for x in spearman_correlation(ca, cb)],
        'dice': [float(x) for x in dice(ca, cb)],
        'iou': [float(x) for x in intersection_over_union(ca, cb)],
    }
    print(json.dumps({'times': times, 'check': check}))


if __name__ == '__main__':
    main()
