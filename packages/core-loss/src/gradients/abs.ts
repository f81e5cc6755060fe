import * as tf from '@tensorflow/tfjs-core';

/** Abs(x): `dy·sign(x)` (0 at 0). */
export const absGradConfig: tf.GradConfig = {
  kernelName: tf.Abs,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, tf.sign(tf.cast(x, 'float32'))) };
  },
};
