#!/usr/bin/python3
"""Writes small .npz fixtures with Debian's numpy for the datasets package's .npz readers, and a
JSON of what they hold (tools/reference/fixtures/datasets_npz.json).

  fixtures/datasets_npz/arrays.npz             np.savez: every supported dtype, C and Fortran order
  fixtures/datasets_npz/arrays_compressed.npz  np.savez_compressed: the same arrays (deflate)
  fixtures/datasets_npz/pickled.npz            an object array (pickled), which must be refused clearly
  fixtures/datasets_npz/clickme_sample.npz     one ClickMe example: image uint8 256x256x3,
                                               heatmap uint8 256x256x1, label int64 scalar
  fixtures/datasets_npz/clicktionary_human.npz Clicktionary-style human results: ims (<U), data_human
                                               (float64 N x 3), columns (<U): file, Revelation, correct
  fixtures/datasets_npz/clicktionary_pickled.npz the same with data_human as a pickled object array

Run: /usr/bin/python3 tools/reference/datasets_npz.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'fixtures', 'datasets_npz')


def arrays():
    f4 = (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) / 3
    f8 = np.array([np.pi, -1e300, 0.0, np.inf], dtype=np.float64)
    u1 = np.arange(12, dtype=np.uint8).reshape(2, 2, 3) * 21
    i8 = np.array([-(2**62), -1, 0, 2**40 + 7], dtype=np.int64)
    i4 = np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 10)
    f4_fortran = np.asfortranarray(f4)
    return {
        'f4': f4,
        'f8': f8,
        'u1': u1,
        'i8': i8,
        'i4_fortran': i4,
        'f4_fortran': f4_fortran,
        'scalar': np.float64(2.25),
        'empty': np.zeros((0, 3), dtype=np.float32),
        'boolean': np.array([True, False, True]),
        'big_endian': np.array([1.5, -2.0], dtype='>f4'),
        'names': np.array(['cat', 'füchse', ''], dtype='<U6'),
    }


def to_json(a):
    a = np.asarray(a)
    if a.dtype.kind == 'f':
        flat = [None if not np.isfinite(x) else float(x) for x in a.ravel(order='C')]
        # JSON has no inf: say which entries are infinite.
        inf = [int(np.sign(x)) if np.isinf(x) else 0 for x in a.ravel(order='C')]
        return {'shape': list(a.shape), 'descr': a.dtype.str, 'data': flat, 'inf': inf, 'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous)}
    if a.dtype.kind in 'iub':
        return {'shape': list(a.shape), 'descr': a.dtype.str, 'data': [str(int(x)) for x in a.ravel(order='C')], 'fortran': bool(a.flags.f_contiguous and not a.flags.c_contiguous)}
    return {'shape': list(a.shape), 'descr': a.dtype.str, 'data': [str(x) for x in a.ravel(order='C')], 'fortran': False}


def clickme_sample():
    y, x = np.mgrid[0:256, 0:256]
    # Blocky content and a coarsely quantised map keep the compressed file small.
    image = np.stack([(x // 32) * 32, (y // 32) * 32, ((x // 64 + y // 64) % 2) * 255], axis=-1).astype(np.uint8)
    heat = np.exp(-((x - 150.0) ** 2 + (y - 90.0) ** 2) / (2 * 30.0**2))
    heatmap = (np.round(heat * 15) * 17).astype(np.uint8)[..., None]
    return {'image': image, 'heatmap': heatmap, 'label': np.int64(207)}


def clicktionary_human():
    # 3 stimuli x 11 revelation levels (10^(k/5) %, and 200 for the full image), 2 subjects each.
    levels = [1, 1.585, 2.512, 3.981, 6.31, 10, 15.85, 25.12, 39.81, 63.1, 200]
    rng = np.random.default_rng(7)
    rows, ims = [], []
    for s in range(3):
        for k, lvl in enumerate(levels):
            for subject in range(2):
                p = min(0.95, 0.2 + 0.08 * k)
                rows.append([s, lvl, float(rng.random() < p)])
                ims.append(f'{k * 10 if k < 10 else "full"}_stimulus{s}.png')
    return {
        'ims': np.array(ims),
        'data_human': np.array(rows, dtype=np.float64),
        'columns': np.array(['file', 'Revelation', 'correct']),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    a = arrays()
    np.savez(os.path.join(OUT, 'arrays.npz'), **a)
    np.savez_compressed(os.path.join(OUT, 'arrays_compressed.npz'), **a)
    np.savez(os.path.join(OUT, 'pickled.npz'), objects=np.array([{'a': 1}, 'text', 3], dtype=object), ok=np.arange(3))
    c = clickme_sample()
    np.savez_compressed(os.path.join(OUT, 'clickme_sample.npz'), **c)
    h = clicktionary_human()
    np.savez(os.path.join(OUT, 'clicktionary_human.npz'), **h)
    # The same table as a mixed-type object array (what a DataFrame's .values gives): pickled.
    mixed = np.array([[im, r[1], bool(r[2])] for im, r in zip(h['ims'], h['data_human'])], dtype=object)
    np.savez(os.path.join(OUT, 'clicktionary_pickled.npz'), ims=h['ims'], data_human=mixed, columns=h['columns'])

    # Expected human curve as the original computes it (pandas groupby over Revelation, mean/std
    # of correct, last group dropped, min-max normalised), written out with numpy.
    rev, correct = h['data_human'][:, 1], h['data_human'][:, 2]
    groups = sorted(set(rev.tolist()))
    means = np.array([correct[rev == g].mean() for g in groups])
    stds = np.array([correct[rev == g].std(ddof=1) for g in groups])  # pandas std: ddof=1
    means, stds, kept = means[:-1], stds[:-1], groups[:-1]
    norm = (means - means.min()) / (means.max() - means.min())

    ref = {
        'arrays': {k: to_json(v) for k, v in a.items()},
        'clickme_sample': {'label': 207, 'image_sum': int(c['image'].astype(np.int64).sum()),
                           'heatmap_sum': int(c['heatmap'].astype(np.int64).sum())},
        'clicktionary_human': {'revelation': kept, 'mean': means.tolist(), 'std': stds.tolist(),
                               'normalised': norm.tolist(), 'rows': len(h['ims'])},
    }
    with open(os.path.join(HERE, 'fixtures', 'datasets_npz.json'), 'w') as f:
        json.dump(ref, f, indent=1, ensure_ascii=False)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f'wrote {len(os.listdir(OUT))} npz files ({total} bytes) and datasets_npz.json')


if __name__ == '__main__':
    main()
