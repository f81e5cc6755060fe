import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/** Multiply(a, b): `dy·b` and `dy·a`, summed back over broadcast axes. */
export const multiplyGradConfig: tf.GradConfig = {
  kernelName: tf.Multiply,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return {
      a: () => sumToShape(tf.mul(g, tf.cast(b, 'float32')), a.shape),
      b: () => sumToShape(tf.mul(g, tf.cast(a, 'float32')), b.shape),
    };
  },
};
