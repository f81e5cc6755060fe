// Seeded test inputs shaped to keep finite differences away from kinks and ties.
import * as tf from '@tensorflow/tfjs-core';
import { seededNormals } from './finite-difference';

/** Standard normals `[shape]`, times `scale`. */
export function normal(shape: number[], seed: number, scale = 1): tf.Tensor {
  const v = seededNormals(tf.util.sizeFromShape(shape), seed);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * scale;
  return tf.tensor(v, shape, 'float32');
}

/** Values with |x| in [gap, gap + spread·|n|]: no element near 0 (a kink of relu-like ops). */
export function awayFromZero(shape: number[], seed: number, gap = 0.2, spread = 1): tf.Tensor {
  const v = seededNormals(tf.util.sizeFromShape(shape), seed);
  for (let i = 0; i < v.length; i++) {
    const n = v[i] as number;
    v[i] = Math.sign(n || 1) * (gap + spread * Math.abs(n));
  }
  return tf.tensor(v, shape, 'float32');
}

/** Values in [lo, hi] (uniform-ish), e.g. positive inputs for log/sqrt. */
export function between(shape: number[], seed: number, lo: number, hi: number): tf.Tensor {
  const v = seededNormals(tf.util.sizeFromShape(shape), seed);
  for (let i = 0; i < v.length; i++) {
    // Normal CDF approximation → uniform in (0, 1).
    const u = 1 / (1 + Math.exp(-1.702 * (v[i] as number)));
    v[i] = lo + (hi - lo) * u;
  }
  return tf.tensor(v, shape, 'float32');
}

/**
 * A random permutation of `gap·(0 … n-1)`, centred: all values distinct and at least `gap`
 * apart, so max/min selections cannot flip under a small step.
 */
export function distinct(shape: number[], seed: number, gap = 0.05): tf.Tensor {
  const n = tf.util.sizeFromShape(shape);
  const keys = seededNormals(n, seed);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  const v = new Float32Array(n);
  order.forEach((pos, rank) => {
    v[pos] = (rank - n / 2) * gap;
  });
  return tf.tensor(v, shape, 'float32');
}
