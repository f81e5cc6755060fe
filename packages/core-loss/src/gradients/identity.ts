import * as tf from '@tensorflow/tfjs-core';

/** Identity(x): `dy`. */
export const identityGradConfig: tf.GradConfig = {
  kernelName: tf.Identity,
  gradFunc: (dy) => {
    const g = dy as tf.Tensor;
    return { x: () => tf.clone(g) };
  },
};
