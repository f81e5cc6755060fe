import * as tf from '@tensorflow/tfjs-core';
import { assertRank, fail, shapeOf } from '../validate';
import { toMaps3d } from './map-shape';
import { binomialKernel, downsample } from './pyramid';

export interface PyramidalMseOptions {
  /** `[N]` per-sample weights: 1 = has a human map, 0 = none. Default: all ones. */
  tokens?: tf.Tensor1D;
  /** Number of pyramid levels averaged (full resolution + levels−1 downsamplings). Default 5. */
  levels?: number;
}

/**
 * Token-weighted MSE between two map batches, averaged over Gaussian-pyramid levels 0..levels−1
 * (the original's `pyramidal_mse_with_tokens`; it also built a last level it never used, which
 * we skip since it does not change the value). Per level: mean over ALL elements of
 * (a−b)²·token[n] — samples with token 0 stay in the denominator, as in the original.
 *
 * @param a `[N,H,W]` or `[N,H,W,1]`
 * @param b same shape as `a`
 * @returns scalar
 */
export function pyramidalMse(a: tf.Tensor, b: tf.Tensor, options: PyramidalMseOptions = {}): tf.Scalar {
  const fn = 'pyramidalMse';
  const levels = options.levels ?? 5;
  if (!Number.isInteger(levels) || levels < 1) fail(fn, `levels must be an integer ≥ 1, got ${levels}.`);
  const a3 = toMaps3d(fn, 'a', a);
  const b3 = toMaps3d(fn, 'b', b);
  if (a3.shape.join() !== b3.shape.join()) {
    fail(fn, `a ${shapeOf(a)} and b ${shapeOf(b)} must have the same shape.`);
  }
  const [n, h, w] = a3.shape;
  if (options.tokens) {
    assertRank(fn, 'tokens', options.tokens, [1]);
    if (options.tokens.shape[0] !== n) {
      fail(fn, `tokens ${shapeOf(options.tokens)} must have one entry per map, got ${n} maps (a ${shapeOf(a)}).`);
    }
  }
  return tf.tidy(() => {
    const weights = tf.reshape(options.tokens ?? tf.ones([n]), [n, 1, 1, 1]);
    const kernel = binomialKernel();
    let pa = tf.reshape(a3, [n, h, w, 1]) as tf.Tensor4D;
    let pb = tf.reshape(b3, [n, h, w, 1]) as tf.Tensor4D;
    const perLevel: tf.Scalar[] = [];
    for (let level = 0; level < levels; level++) {
      if (level > 0) {
        pa = downsample(pa, kernel);
        pb = downsample(pb, kernel);
      }
      perLevel.push(tf.mean(tf.mul(tf.squaredDifference(pa, pb), weights)));
    }
    return tf.div(tf.addN(perLevel), levels) as tf.Scalar;
  });
}
