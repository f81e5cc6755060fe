import * as tf from '@tensorflow/tfjs-core';

/** Log1p(x): `dy/(1+x)`. */
export const log1pGradConfig: tf.GradConfig = {
  kernelName: tf.Log1p,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.div(g, tf.add(x, 1)) };
  },
};
