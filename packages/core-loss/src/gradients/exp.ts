import * as tf from '@tensorflow/tfjs-core';

/** Exp(x): `dy·exp(x)`, recomputed from the input (stock reuses the saved output: tfjs#3252). */
export const expGradConfig: tf.GradConfig = {
  kernelName: tf.Exp,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, tf.exp(x)) };
  },
};
