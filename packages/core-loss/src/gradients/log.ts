import * as tf from '@tensorflow/tfjs-core';

/** Log(x): `dy/x`. */
export const logGradConfig: tf.GradConfig = {
  kernelName: tf.Log,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.div(g, tf.cast(x, 'float32')) };
  },
};
