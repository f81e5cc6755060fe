import * as tf from '@tensorflow/tfjs-core';

/** Reciprocal(x): `-dy/x²`. */
export const reciprocalGradConfig: tf.GradConfig = {
  kernelName: tf.Reciprocal,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.neg(tf.div(g, tf.square(x))) };
  },
};
