import * as tf from '@tensorflow/tfjs-core';
import { zeroGrad } from './grad-util';
import { maxPoolSelect, poolInfo, type PoolAttrs } from './pool-util';

/**
 * MaxPoolGrad(dy, input, output) routes each `dy` to its window's first maximum: linear in
 * `dy`, piecewise constant in `input`/`output`. So `d/d(dy)` = the value of `ddx` at each
 * window's first maximum, and the other two are zero. Missing in stock tfjs 4.22.
 */
export const maxPoolGradGradConfig: tf.GradConfig = {
  kernelName: tf.MaxPoolGrad,
  inputsToSave: ['input', 'output'],
  gradFunc: (ddx, saved, attrs) => {
    const [input, output] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as PoolAttrs;
    return {
      dy: () => maxPoolSelect(input, ddx as tf.Tensor4D, poolInfo(input.shape, a), a),
      input: () => zeroGrad(input),
      output: () => zeroGrad(output),
    };
  },
};
