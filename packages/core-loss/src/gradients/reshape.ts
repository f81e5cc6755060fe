import * as tf from '@tensorflow/tfjs-core';

/** Reshape(x): `dy` reshaped back to x's shape. */
export const reshapeGradConfig: tf.GradConfig = {
  kernelName: tf.Reshape,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => tf.reshape(dy as tf.Tensor, x.shape) };
  },
};
