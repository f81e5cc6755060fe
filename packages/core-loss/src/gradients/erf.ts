import * as tf from '@tensorflow/tfjs-core';

/** Erf(x): `dy·2/√π·exp(-x²)` (gelu, erf form). */
export const erfGradConfig: tf.GradConfig = {
  kernelName: tf.Erf,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI))) };
  },
};
