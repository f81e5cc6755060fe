import * as tf from '@tensorflow/tfjs-core';
import { depthwiseBackpropInput, type ConvAttrs } from './conv-kernels';
import { poolInfo, validCounts, type PoolAttrs } from './pool-util';

/**
 * AvgPool(x): every window's `dy / count` spread back over the window, where `count` is the
 * number of real pixels in it — what the forward divides by. Stock tfjs (AvgPoolGrad kernel on
 * cpu and wasm) divides by the full window, so with SAME padding even the FIRST-order gradient
 * was wrong at the borders. Written as a depthwise transposed convolution with a ones filter,
 * whose own gradients are registered, so it differentiates again.
 */
export const avgPoolGradConfig: tf.GradConfig = {
  kernelName: tf.AvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor4D];
    const a = attrs as unknown as PoolAttrs;
    return {
      x: () => {
        const info = poolInfo(x.shape, a);
        const scaled = tf.div(dy as tf.Tensor, validCounts(info));
        const ones = tf.ones([info.filterHeight, info.filterWidth, x.shape[3], 1]);
        return depthwiseBackpropInput(scaled, ones, x.shape, a as unknown as ConvAttrs);
      },
    };
  },
};
