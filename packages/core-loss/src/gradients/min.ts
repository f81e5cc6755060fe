import * as tf from '@tensorflow/tfjs-core';
import { extremeReductionGrad } from './min-max-grad';

/** Min(x; axis): `dy` to the minima (mask via Equal, which has zero gradient). */
export const minGradConfig: tf.GradConfig = {
  kernelName: tf.Min,
  inputsToSave: ['x'],
  gradFunc: extremeReductionGrad((x, axes, keepDims) => tf.min(x, axes, keepDims)),
};
