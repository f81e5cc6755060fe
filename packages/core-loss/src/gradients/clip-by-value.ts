import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat } from './grad-util';

/** ClipByValue(x; min, max): `dy` where min <= x <= max. */
export const clipByValueGradConfig: tf.GradConfig = {
  kernelName: tf.ClipByValue,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { clipValueMin, clipValueMax } = attrs as unknown as tf.ClipByValueAttrs;
    const g = dy as tf.Tensor;
    return {
      x: () => tf.mul(g, maskToFloat(tf.logicalAnd(tf.greaterEqual(x, clipValueMin), tf.lessEqual(x, clipValueMax)))),
    };
  },
};
