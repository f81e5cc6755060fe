import * as tf from '@tensorflow/tfjs-core';

/** Softplus(x) = ln(1+eˣ): `dy·sigmoid(x)`. */
export const softplusGradConfig: tf.GradConfig = {
  kernelName: tf.Softplus,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, tf.sigmoid(x)) };
  },
};
