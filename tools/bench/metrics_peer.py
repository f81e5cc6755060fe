#!/usr/bin/python3
"""Python peer of tools/bench/metrics.mjs: the original's metric functions
(harmonization/evaluation/metrics.py, without the TensorFlow cast) on the same kind of maps.

argv: pairs size; commands on stdin (see main).
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
    """Serves commands on stdin, one JSON line out per command, so the benchmark can interleave
    its repeats with ours (the same machine load for both):
      run           -> {"spearman": s, "dice": s, "iou": s} for one pass over the maps
      check <file>  -> the three metrics on the float32 maps in <file> (a maps, then b maps)
    """
    pairs, size = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(0)
    a, b = maps(rng, pairs, size)
    print(json.dumps({'ready': True}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == 'run':
            times = {}
            for name, fn in (('spearman', spearman_correlation), ('dice', dice), ('iou', intersection_over_union)):
                t0 = time.perf_counter()
                fn(a, b)
                times[name] = time.perf_counter() - t0
            print(json.dumps(times), flush=True)
        elif cmd[0] == 'check':
            raw = np.fromfile(cmd[1], dtype=np.float32)
            n = raw.size // (2 * size * size)
            ca = raw[: n * size * size].reshape(n, size, size)
            cb = raw[n * size * size:].reshape(n, size, size)
            print(json.dumps({
                'spearman': [float(x) for x in spearman_correlation(ca, cb)],
                'dice': [float(x) for x in dice(ca, cb)],
                'iou': [float(x) for x in intersection_over_union(ca, cb)],
            }), flush=True)


if __name__ == '__main__':
    main()
