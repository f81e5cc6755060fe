import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat } from './grad-util';

/**
 * EluGrad(dy, y) = dy where y > 0, else dy·(y + 1) — the kernel stock tfjs uses for Elu's
 * gradient, written from Elu's output `y`. Our Elu gradient does not call it, but a gradient
 * registered by another library may, so it gets one too: `d/d(dy) = slope(y)`,
 * `d/dy = ddx·dy` where y <= 0.
 */
export const eluGradGradConfig: tf.GradConfig = {
  kernelName: tf.EluGrad,
  inputsToSave: ['dy', 'y'],
  gradFunc: (ddx, saved) => {
    const [dy, y] = saved as [tf.Tensor, tf.Tensor];
    const g = ddx as tf.Tensor;
    return {
      dy: () => {
        const positive = maskToFloat(tf.greater(y, 0));
        const slope = tf.add(positive, tf.mul(tf.sub(1, positive), tf.add(y, 1)));
        return tf.mul(g, slope);
      },
      y: () => tf.mul(tf.mul(g, dy), maskToFloat(tf.lessEqual(y, 0))),
    };
  },
};
