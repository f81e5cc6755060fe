import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat, sumToShape } from './grad-util';

/** Minimum(a, b): `dy` goes to `a` where `a <= b`, else to `b` (tfjs's tie rule). */
export const minimumGradConfig: tf.GradConfig = {
  kernelName: tf.Minimum,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return {
      a: () => sumToShape(tf.mul(g, maskToFloat(tf.lessEqual(a, b))), a.shape),
      b: () => sumToShape(tf.mul(g, maskToFloat(tf.greater(a, b))), b.shape),
    };
  },
};
