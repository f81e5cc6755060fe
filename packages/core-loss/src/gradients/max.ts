import * as tf from '@tensorflow/tfjs-core';
import { extremeReductionGrad } from './min-max-grad';

/** Max(x; reductionIndices): `dy` to the maxima (mask via Equal, which has zero gradient). */
export const maxGradConfig: tf.GradConfig = {
  kernelName: tf.Max,
  inputsToSave: ['x'],
  gradFunc: extremeReductionGrad((x, axes, keepDims) => tf.max(x, axes, keepDims)),
};
