import * as tf from '@tensorflow/tfjs-core';
import { assertRank, fail } from '../validate';

/** The 5×5 binomial kernel outer([1,4,6,4,1],[1,4,6,4,1]) / 256, as a `[5,5,1,1]` conv filter. */
export function binomialKernel(): tf.Tensor4D {
  const row = [1, 4, 6, 4, 1];
  const values: number[] = [];
  for (const a of row) for (const b of row) values.push((a * b) / 256);
  return tf.tensor4d(values, [5, 5, 1, 1]);
}

/**
 * One Gaussian-pyramid step: per channel, the binomial kernel at stride 2 with TensorFlow's SAME
 * zero padding (for even sizes 1 before and 2 after; tfjs's 'same' follows TF's rule).
 * Channels are folded into the batch so a single-channel conv2d serves any channel count.
 */
export function downsample(maps: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = maps.shape;
    const perChannel =
      c === 1 ? maps : tf.reshape(tf.transpose(maps, [0, 3, 1, 2]), [n * c, h, w, 1]);
    const down = tf.conv2d(perChannel as tf.Tensor4D, kernel, 2, 'same');
    if (c === 1) return down;
    const [, h2, w2] = down.shape;
    return tf.transpose(tf.reshape(down, [n, c, h2, w2]), [0, 2, 3, 1]);
  });
}

/**
 * Gaussian pyramid, as tensorflow_graphics' `pyramid.downsample` used by the original.
 *
 * @param maps `[N,H,W,C]`
 * @param levels number of downsamplings (default 5)
 * @returns `levels + 1` tensors: `[maps, d1, …, d_levels]`; for 224: 224, 112, 56, 28, 14, 7.
 *   The first element is `maps` itself (not a copy): dispose only the others if you keep `maps`.
 */
export function pyramid(maps: tf.Tensor4D, levels = 5): tf.Tensor4D[] {
  assertRank('pyramid', 'maps', maps, [4]);
  if (!Number.isInteger(levels) || levels < 0) {
    fail('pyramid', `levels must be a non-negative integer, got ${levels}.`);
  }
  const kernel = binomialKernel();
  try {
    const out: tf.Tensor4D[] = [maps];
    for (let level = 0; level < levels; level++) {
      out.push(downsample(out[level]!, kernel));
    }
    return out;
  } finally {
    kernel.dispose();
  }
}
