import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat, sumToShape } from './grad-util';

/**
 * Prelu(x, alpha): `dx = dy` where x > 0, else `alpha·dy`; `dalpha = Σ dy·x` where x <= 0,
 * summed back to alpha's shape. (Our fused-op wrappers call tf.prelu under a tape.)
 */
export const preluGradConfig: tf.GradConfig = {
  kernelName: tf.Prelu,
  inputsToSave: ['x', 'alpha'],
  gradFunc: (dy, saved) => {
    const [x, alpha] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return {
      x: () => {
        const positive = maskToFloat(tf.greater(x, 0));
        return tf.mul(g, tf.add(positive, tf.mul(tf.sub(1, positive), alpha)));
      },
      alpha: () => sumToShape(tf.mul(tf.mul(g, x), maskToFloat(tf.lessEqual(x, 0))), alpha.shape),
    };
  },
};
