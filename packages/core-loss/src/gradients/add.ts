import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/** Add(a, b): both get `dy`, summed back over broadcast axes. */
export const addGradConfig: tf.GradConfig = {
  kernelName: tf.Add,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return { a: () => sumToShape(g, a.shape), b: () => sumToShape(g, b.shape) };
  },
};
