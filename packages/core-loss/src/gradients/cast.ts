import * as tf from '@tensorflow/tfjs-core';

/** Cast(x): `dy` (float32; the engine also uses Cast inside the gradient of its tensor clones). */
export const castGradConfig: tf.GradConfig = {
  kernelName: tf.Cast,
  gradFunc: (dy) => {
    const g = dy as tf.Tensor;
    return { x: () => tf.clone(g) };
  },
};
