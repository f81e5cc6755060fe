import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat } from './grad-util';

/** Relu(x): `dy` where x > 0 (the mask has zero gradient). */
export const reluGradConfig: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, maskToFloat(tf.greater(x, 0))) };
  },
};
