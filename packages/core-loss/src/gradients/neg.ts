import * as tf from '@tensorflow/tfjs-core';

/** Neg(x): `-dy`. */
export const negGradConfig: tf.GradConfig = {
  kernelName: tf.Neg,
  gradFunc: (dy) => {
    const g = dy as tf.Tensor;
    return { x: () => tf.neg(g) };
  },
};
