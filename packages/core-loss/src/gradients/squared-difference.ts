import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/** SquaredDifference(a, b) = (a-b)²: `2(a-b)·dy` and its negative. */
export const squaredDifferenceGradConfig: tf.GradConfig = {
  kernelName: tf.SquaredDifference,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return {
      a: () => sumToShape(tf.mul(g, tf.mul(tf.sub(a, b), 2)), a.shape),
      b: () => sumToShape(tf.mul(g, tf.mul(tf.sub(b, a), 2)), b.shape),
    };
  },
};
