import * as tf from '@tensorflow/tfjs-core';

/** Rsqrt(x) = x^-1/2: `-dy·rsqrt(x)/(2x)`, from the input. */
export const rsqrtGradConfig: tf.GradConfig = {
  kernelName: tf.Rsqrt,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.neg(tf.div(tf.mul(g, tf.rsqrt(x)), tf.mul(x, 2))) };
  },
};
