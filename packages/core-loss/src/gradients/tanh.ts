import * as tf from '@tensorflow/tfjs-core';

/** Tanh(x): `dy·(1-t²)` with `t = tanh(x)` recomputed from the input (stock reuses the saved output: tfjs#3252). */
export const tanhGradConfig: tf.GradConfig = {
  kernelName: tf.Tanh,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, tf.sub(1, tf.square(tf.tanh(x)))) };
  },
};
