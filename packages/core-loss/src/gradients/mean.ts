import * as tf from '@tensorflow/tfjs-core';
import { broadcastReduced } from './grad-util';

/** Mean(x; axis): `dy / count` broadcast back over the reduced axes. */
export const meanGradConfig: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { axis } = attrs as unknown as tf.MeanAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const count = axes.reduce((n, a) => n * (x.shape[a] as number), 1);
    return { x: () => broadcastReduced(tf.div(dy as tf.Tensor, count), x.shape, axes) };
  },
};
