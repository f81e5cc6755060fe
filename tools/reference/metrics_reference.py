#!/usr/bin/python3
"""Reference values for @harmonization/metrics (Spearman, Dice, IoU), computed exactly as the
original's harmonization/evaluation/metrics.py does (scipy.stats.spearmanr on float32 maps,
numpy.percentile + strict '>' masks, EPSILON = 1e-9), with Debian numpy/scipy.

Maps are not stored: each case names a deterministic generator (mulberry32 stream + IEEE-exact
arithmetic) that the TypeScript tests re-implement, so the fixture stays small while covering
224x224 maps. A few tiny hand-made maps are stored literally.

Run: /usr/bin/python3 tools/reference/metrics_reference.py
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy.stats import spearmanr

EPSILON = 1e-9
M32 = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & M32
    while True:
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t = t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32)
        yield ((t ^ (t >> 14)) & M32) / 4294967296.0


def generate(kind, seed, n):
    """n float32 values. Only + - * / floor on float64, then a cast: identical in JS."""
    rng = mulberry32(seed)
    u = [next(rng) for _ in range(n)]
    if kind == 'uniform':
        v = u
    elif kind == 'quantized8':  # heavy ties
        v = [math.floor(x * 8) / 8 for x in u]
    elif kind == 'binary15':  # 15 % ones: the 90th percentile is 1, the mask comes out empty
        v = [1.0 if x < 0.15 else 0.0 for x in u]
    elif kind == 'binary5':  # 5 % ones: the mask is exactly the ones
        v = [1.0 if x < 0.05 else 0.0 for x in u]
    elif kind == 'heavy':  # 1/(u^2) spans many magnitudes: float32 rounding of b - a matters
        v = [1.0 / (x * x + 1e-12) for x in u]
    elif kind == 'signed':  # negatives, +0 and -0 ties
        v = [(-0.0 if x < 0.1 else 0.0) if x < 0.2 else (x - 0.6) * 3 for x in u]
    elif kind == 'constant':
        v = [0.25] * n
    elif kind == 'zeros':
        v = [0.0] * n
    else:
        raise ValueError(kind)
    return np.array(v, dtype=np.float64).astype(np.float32)


def combine(spec, n):
    """spec: {kind, seed} or {mix: [specA, specB], weight}: a + weight * b (float64, then float32)."""
    if 'mix' in spec:
        a = combine(spec['mix'][0], n).astype(np.float64)
        b = combine(spec['mix'][1], n).astype(np.float64)
        return (a + spec['weight'] * b).astype(np.float32)
    if 'negate' in spec:
        return (-combine(spec['negate'], n).astype(np.float64)).astype(np.float32)
    if 'one_minus' in spec:
        return (1.0 - combine(spec['one_minus'], n).astype(np.float64)).astype(np.float32)
    return generate(spec['kind'], spec['seed'], n)


def original_spearman(ha, hb):
    scores = []
    for a, b in zip(ha.astype(np.float32), hb.astype(np.float32)):
        rho, _ = spearmanr(a.flatten(), b.flatten())
        scores.append(rho)
    return np.array(scores)


def binarise(h, percentile):
    return (h > np.percentile(h, 100 - percentile, (0, 1))).astype(np.float32)


def original_iou(ha, hb, percentile):
    scores = []
    for a, b in zip(ha.astype(np.float32), hb.astype(np.float32)):
        a, b = binarise(a, percentile), binarise(b, percentile)
        scores.append(np.sum(np.logical_and(a, b)) / (np.sum(np.logical_or(a, b)) + EPSILON))
    return np.array(scores)


def original_dice(ha, hb, percentile):
    scores = []
    for a, b in zip(ha.astype(np.float32), hb.astype(np.float32)):
        a, b = binarise(a, percentile), binarise(b, percentile)
        scores.append(2.0 * np.sum(a * b) / (np.sum(a + b) + EPSILON))
    return np.array(scores)


def thresholds(h, percentile):
    """The float32 value numpy 1.x compares with (value-based casting of the float64 percentile)."""
    return [float(np.float32(np.percentile(m, 100 - percentile, (0, 1)))) for m in h.astype(np.float32)]


def nan_to_none(values):
    return [None if (isinstance(v, float) and math.isnan(v)) else v for v in values]


def case(name, shape, pairs, percentiles=(10,), literal=None):
    """pairs: list of (specA, specB) per map, or literal {'a': [...], 'b': [...]} flat maps."""
    n_maps = shape[0]
    size = shape[1] * shape[2]
    if literal is not None:
        a = np.array(literal['a'], dtype=np.float32).reshape(shape)
        b = np.array(literal['b'], dtype=np.float32).reshape(shape)
    else:
        a = np.stack([combine(pa, size) for pa, _ in pairs]).reshape(shape)
        b = np.stack([combine(pb, size) for _, pb in pairs]).reshape(shape)
    # The original wants (N, W, H): a trailing channel axis is averaged away as evaluate_clickme does.
    a3 = a.mean(-1) if a.ndim == 4 else a
    b3 = b.mean(-1) if b.ndim == 4 else b
    with np.errstate(all='ignore'):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            out = {
                'name': name,
                'shape': list(shape),
                'spearman': nan_to_none([float(x) for x in original_spearman(a3, b3)]),
                'overlap': [
                    {
                        'percentile': p,
                        'dice': [float(x) for x in original_dice(a3, b3, p)],
                        'iou': [float(x) for x in original_iou(a3, b3, p)],
                        'thresholdA': nan_to_none(thresholds(a3, p)),
                        'thresholdB': nan_to_none(thresholds(b3, p)),
                    }
                    for p in percentiles
                ],
            }
    if literal is not None:
        out['literal'] = {k: nan_to_none([float(x) for x in v]) for k, v in literal.items()}
    else:
        out['pairs'] = [[pa, pb] for pa, pb in pairs]
    assert n_maps == len(out['spearman'])
    return out


def u(seed):
    return {'kind': 'uniform', 'seed': seed}


def main():
    cases = []
    cases.append(case('random 224x224', (4, 224, 224), [(u(1 + i), u(100 + i)) for i in range(4)],
                      percentiles=(10, 1, 25, 50, 0, 100)))
    cases.append(case('correlated 224x224', (3, 224, 224),
                      [(u(10 + i), {'mix': [u(10 + i), u(200 + i)], 'weight': w}) for i, w in enumerate((0.1, 0.5, 2.0))],
                      percentiles=(10, 33.3)))
    cases.append(case('heavy ties (8 levels) 64x64', (3, 64, 64),
                      [({'kind': 'quantized8', 'seed': 20 + i}, {'kind': 'quantized8', 'seed': 30 + i}) for i in range(3)],
                      percentiles=(10, 12.5, 50)))
    cases.append(case('ties vs continuous, [N,H,W,1] 32x32', (3, 32, 32, 1),
                      [({'kind': 'quantized8', 'seed': 40 + i}, {'mix': [{'kind': 'quantized8', 'seed': 40 + i}, u(50 + i)], 'weight': 0.3}) for i in range(3)],
                      percentiles=(10, 7)))
    cases.append(case('binary maps: empty and exact masks 48x40', (4, 48, 40), [
        ({'kind': 'binary15', 'seed': 60}, {'kind': 'binary15', 'seed': 61}),
        ({'kind': 'binary5', 'seed': 62}, {'kind': 'binary5', 'seed': 63}),
        ({'kind': 'binary5', 'seed': 64}, {'kind': 'binary15', 'seed': 64}),
        ({'kind': 'binary5', 'seed': 65}, u(66)),
    ], percentiles=(10, 5, 20)))
    cases.append(case('constant maps 16x16', (4, 16, 16), [
        ({'kind': 'constant', 'seed': 0}, u(70)),
        (u(71), {'kind': 'zeros', 'seed': 0}),
        ({'kind': 'constant', 'seed': 0}, {'kind': 'zeros', 'seed': 0}),
        (u(72), u(73)),
    ], percentiles=(10, 0, 100)))
    cases.append(case('heavy-tailed magnitudes 37x23', (4, 37, 23),
                      [({'kind': 'heavy', 'seed': 80 + i}, {'kind': 'heavy', 'seed': 90 + i}) for i in range(4)],
                      percentiles=(10, 9.1, 0.37, 63.3)))
    cases.append(case('signed with -0 and +0 ties 30x30', (3, 30, 30),
                      [({'kind': 'signed', 'seed': 100 + i}, {'kind': 'signed', 'seed': 110 + i}) for i in range(3)],
                      percentiles=(10, 85, 90)))
    cases.append(case('properties: b = -a, b = 1 - a, b = a (224x224)', (3, 224, 224), [
        (u(120), {'negate': u(120)}),
        (u(121), {'one_minus': u(121)}),
        (u(122), u(122)),
    ]))
    # Hand-made 10x10 map where the float64 percentile lies just below the next float32 value:
    # numpy 1.x rounds it to that value before comparing, so that pixel is NOT in the mask
    # (Dice 18/19 at percentile 9.1; a float64 comparison would give 1).
    nxt = float(np.nextafter(np.float32(1), np.float32(2)))
    a = [0.01 * i for i in range(89)] + [1.0] + [nxt] * 1 + [2.0 + i for i in range(9)]
    b = a[:90] + [100.0] + a[91:]  # same mask as a only if a's threshold is rounded to float32
    c = [float('nan')] + a[1:]
    cases.append(case('float32 rounding of the threshold, NaN map 10x10', (2, 10, 10), None,
                      percentiles=(9.1, 10, 9.0000001), literal={'a': a + a, 'b': b + c}))
    out = {
        'generator': 'tools/reference/metrics_reference.py',
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'cases': cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'metrics_reference.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'), allow_nan=False)
    print(f'wrote {path} ({os.path.getsize(path)} bytes, {len(cases)} cases)', file=sys.stderr)


if __name__ == '__main__':
    main()
