import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat, zeroGrad } from './grad-util';

/** Select(condition, t, e) (`tf.where`): `dy` to `t` where the condition holds, else to `e`; none to the condition. */
export const selectGradConfig: tf.GradConfig = {
  kernelName: tf.Select,
  inputsToSave: ['condition'],
  gradFunc: (dy, saved) => {
    const [condition] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return {
      condition: () => zeroGrad(condition),
      t: () => tf.mul(g, maskToFloat(condition)),
      e: () => tf.mul(g, maskToFloat(tf.logicalNot(condition))),
    };
  },
};
