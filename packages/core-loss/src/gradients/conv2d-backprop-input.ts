import * as tf from '@tensorflow/tfjs-core';
import { assertNhwc, conv2d, conv2dBackpropFilter, type ConvAttrs } from './conv-kernels';

/**
 * Conv2DBackpropInput(dy, filter) is linear in each input (a transposed convolution):
 * `d/d(dy) = conv2d(ddx, filter)`, `d/dfilter = Conv2DBackpropFilter(ddx, dy)`.
 */
export const conv2DBackpropInputGradConfig: tf.GradConfig = {
  kernelName: tf.Conv2DBackpropInput,
  inputsToSave: ['dy', 'filter'],
  gradFunc: (ddx, saved, attrs) => {
    const [dy, filter] = saved as [tf.Tensor, tf.Tensor];
    const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    assertNhwc('Conv2DBackpropInput gradient', a.dataFormat);
    const g = ddx as tf.Tensor;
    return {
      dy: () => conv2d(g, filter, a as ConvAttrs),
      filter: () => conv2dBackpropFilter(g, dy, filter.shape, a as ConvAttrs),
    };
  },
};
