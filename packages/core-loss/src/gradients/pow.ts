import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/**
 * Pow(a, b) = a^b, recomputed from the inputs (stock tfjs reuses the saved output, which loses
 * the output→input path in a second pass: tfjs#3252). `d/da = b·a^(b-1)`, `d/db = a^b·ln a`
 * (0 where a <= 0, as TensorFlow does).
 */
export const powGradConfig: tf.GradConfig = {
  kernelName: tf.Pow,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return {
      a: () => sumToShape(tf.mul(g, tf.mul(b, tf.pow(a, tf.sub(b, 1)))), a.shape),
      b: () => {
        const positive = tf.greater(a, 0);
        const logA = tf.where(positive, tf.log(tf.where(positive, a, tf.onesLike(a))), tf.zerosLike(a));
        return sumToShape(tf.mul(g, tf.mul(tf.pow(a, b), logA)), b.shape);
      },
    };
  },
};
