import * as tf from '@tensorflow/tfjs-core';

/** Sigmoid(x): `dy·s(1-s)` with `s = sigmoid(x)` recomputed from the input (stock reuses the saved output: tfjs#3252, which broke the second derivative of swish). */
export const sigmoidGradConfig: tf.GradConfig = {
  kernelName: tf.Sigmoid,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.tidy(() => { const s = tf.sigmoid(x); return tf.mul(g, tf.mul(s, tf.sub(1, s))); }) };
  },
};
