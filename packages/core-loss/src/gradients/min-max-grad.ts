import * as tf from '@tensorflow/tfjs-core';
import { broadcastReduced, keepDimsShape, maskToFloat } from './grad-util';

/**
 * Gradient of a Max or Min reduction: `dy` to every element equal to the extreme (all tied
 * elements get it, as in tfjs). The extreme is recomputed from the input, not taken from the
 * saved output, so the mask never depends on a tensor cut off from the tape.
 */
export function extremeReductionGrad(
  reduce: (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor,
): tf.GradConfig['gradFunc'] {
  return (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    // Max names its axes `reductionIndices`, Min names them `axis`.
    const { reductionIndices } = attrs as unknown as tf.MaxAttrs;
    const { axis } = attrs as unknown as tf.MinAttrs;
    const axes = tf.util.parseAxisParam(reductionIndices ?? axis, x.shape);
    return {
      x: () => {
        const extreme = tf.reshape(reduce(x, axes, true), keepDimsShape(x.shape, axes));
        const mask = maskToFloat(tf.equal(x, extreme));
        return tf.mul(broadcastReduced(dy as tf.Tensor, x.shape, axes), mask);
      },
    };
  };
}
