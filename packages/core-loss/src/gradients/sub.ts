import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/** Sub(a, b): `dy` and `-dy`, summed back over broadcast axes (negated after the sum: fewer elements). */
export const subGradConfig: tf.GradConfig = {
  kernelName: tf.Sub,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return { a: () => sumToShape(g, a.shape), b: () => tf.neg(sumToShape(g, b.shape)) };
  },
};
