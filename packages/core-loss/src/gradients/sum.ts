import * as tf from '@tensorflow/tfjs-core';
import { broadcastReduced } from './grad-util';

/** Sum(x; axis): `dy` broadcast back over the reduced axes. */
export const sumGradConfig: tf.GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { axis } = attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    return { x: () => broadcastReduced(dy as tf.Tensor, x.shape, axes) };
  },
};
