import * as tf from '@tensorflow/tfjs-core';
import { depthwiseConv2d, type ConvAttrs } from './conv-kernels';
import { zeroGrad } from './grad-util';
import { poolInfo, type PoolAttrs } from './pool-util';

/**
 * AvgPoolGrad(dy, input) — the tfjs kernel, which spreads `dy / (kh·kw)` over each window
 * (full-window divisor, even where SAME padding makes windows smaller). Linear in `dy`:
 * `d/d(dy)` = window sums of `ddx` divided by kh·kw; nothing flows to `input`. Our AvgPool
 * gradient no longer calls this kernel; this config serves gradients registered by others.
 */
export const avgPoolGradGradConfig: tf.GradConfig = {
  kernelName: tf.AvgPoolGrad,
  inputsToSave: ['input'],
  gradFunc: (ddx, saved, attrs) => {
    const [input] = saved as [tf.Tensor4D];
    const a = attrs as unknown as PoolAttrs;
    return {
      dy: () => {
        const info = poolInfo(input.shape, a);
        const k = info.filterHeight * info.filterWidth;
        const filter = tf.fill([info.filterHeight, info.filterWidth, input.shape[3], 1], 1 / k);
        return depthwiseConv2d(ddx as tf.Tensor, filter, a as unknown as ConvAttrs);
      },
      input: () => zeroGrad(input),
    };
  },
};
