import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/** RealDiv(a, b): `dy/b` and `-dy·a/b²`, summed back over broadcast axes. */
export const realDivGradConfig: tf.GradConfig = {
  kernelName: tf.RealDiv,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return {
      a: () => sumToShape(tf.div(g, b), a.shape),
      b: () => sumToShape(tf.neg(tf.div(tf.mul(g, a), tf.square(b))), b.shape),
    };
  },
};
