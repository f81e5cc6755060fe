import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat } from './grad-util';

/** LeakyRelu(x; alpha): `dy` where x > 0, else `alpha·dy` (stock builds the mask with Greater, whose gradient it does not register). */
export const leakyReluGradConfig: tf.GradConfig = {
  kernelName: tf.LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
    const g = dy as tf.Tensor;
    return {
      x: () => {
        const positive = maskToFloat(tf.greater(x, 0));
        // positive + alpha·(1 - positive): the slope, constant almost everywhere.
        return tf.mul(g, tf.add(positive, tf.mul(tf.sub(1, positive), alpha)));
      },
    };
  },
};
