import * as tf from '@tensorflow/tfjs-core';
import { toMaps3d } from './map-shape';

export interface StandardizeCutOptions {
  /** Added to the standard deviation before dividing. Default 1e-5 (the original's). */
  epsilon?: number;
}

/**
 * Per map: subtract the mean over H,W, divide by (population std over H,W + epsilon), ReLU.
 * The original's `standardize_cut`.
 *
 * @param maps `[N,H,W]` or `[N,H,W,1]`
 * @returns the same shape as `maps`, values ≥ 0.
 */
export function standardizeCut<T extends tf.Tensor>(maps: T, options: StandardizeCutOptions = {}): T {
  const epsilon = options.epsilon ?? 1e-5;
  return tf.tidy(() => {
    const m = toMaps3d('standardizeCut', 'maps', maps);
    const mean = tf.mean(m, [1, 2], true);
    const centred = tf.sub(m, mean);
    const variance = tf.mean(tf.square(centred), [1, 2], true);
    // The tiny floor keeps d(sqrt)/d(var) finite on a constant map (TF's reduce_std gives NaN
    // there); it is far below float32 resolution for any non-constant map, so values are unchanged.
    const std = tf.sqrt(tf.add(variance, 1e-30));
    const out = tf.relu(tf.div(centred, tf.add(std, epsilon)));
    return tf.reshape(out, maps.shape) as T;
  });
}
