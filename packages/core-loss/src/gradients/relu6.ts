import * as tf from '@tensorflow/tfjs-core';
import { maskToFloat } from './grad-util';

/** Relu6(x) = min(max(x,0),6): `dy` where 0 < x <= 6. Stock tfjs builds the mask with LessEqual, whose gradient it does not register. */
export const relu6GradConfig: tf.GradConfig = {
  kernelName: tf.Relu6,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, maskToFloat(tf.logicalAnd(tf.greater(x, 0), tf.lessEqual(x, 6)))) };
  },
};
