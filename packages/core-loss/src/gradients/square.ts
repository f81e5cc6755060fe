import * as tf from '@tensorflow/tfjs-core';

/** Square(x): `2x·dy`. */
export const squareGradConfig: tf.GradConfig = {
  kernelName: tf.Square,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, tf.mul(x, 2)) };
  },
};
