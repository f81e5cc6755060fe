import * as tf from '@tensorflow/tfjs-core';

/** Sqrt(x): `dy / (2√x)`, from the input. */
export const sqrtGradConfig: tf.GradConfig = {
  kernelName: tf.Sqrt,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.div(g, tf.mul(tf.sqrt(x), 2)) };
  },
};
