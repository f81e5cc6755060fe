import * as tf from '@tensorflow/tfjs-core';
import type { PreprocessConfig } from './types';

/** ImageNet mean/std on RGB scaled to [0, 1], as the original's `preprocess_input` (SPEC §5.1). */
export const IMAGENET_PREPROCESSING: PreprocessConfig = {
  colorOrder: 'RGB',
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/**
 * Returns `(images) => (images * scale − mean) / std`.
 * images: [batch, height, width, 3] (or [height, width, 3]) RGB in [0, 255]; same shape out, float32.
 */
export function makePreprocess(config: PreprocessConfig, fn = 'preprocess'): (images: tf.Tensor) => tf.Tensor {
  return (images: tf.Tensor) => {
    const rank = images.rank;
    const channels = images.shape[rank - 1];
    if ((rank !== 3 && rank !== 4) || channels !== config.mean.length) {
      throw new Error(
        `Error in ${fn}: images must be [batch, height, width, ${config.mean.length}] or [height, width, ${config.mean.length}] RGB in [0, 255], got shape [${images.shape.join(', ')}].`,
      );
    }
    return tf.tidy(() => {
      const mean = tf.tensor1d(config.mean);
      const invStd = tf.tensor1d(config.std.map((s) => 1 / s));
      return tf.mul(tf.sub(tf.mul(tf.cast(images, 'float32'), config.scale), mean), invStd);
    });
  };
}
