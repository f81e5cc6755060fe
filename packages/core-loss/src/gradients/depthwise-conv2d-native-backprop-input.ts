import * as tf from '@tensorflow/tfjs-core';
import { assertNoDilation } from './grad-util';
import { depthwiseBackpropFilter, depthwiseConv2d, type ConvAttrs } from './conv-kernels';

/**
 * DepthwiseConv2dNativeBackpropInput(dy, filter), linear in each input:
 * `d/d(dy) = depthwiseConv2d(ddx, filter)`, `d/dfilter = DepthwiseConv2dNativeBackpropFilter(ddx, dy)`.
 * Missing in stock tfjs 4.22.
 */
export const depthwiseConv2dNativeBackpropInputGradConfig: tf.GradConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  inputsToSave: ['dy', 'filter'],
  gradFunc: (ddx, saved, attrs) => {
    const [dy, filter] = saved as [tf.Tensor, tf.Tensor];
    const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    assertNoDilation('DepthwiseConv2dNativeBackpropInput gradient', a.dilations);
    const g = ddx as tf.Tensor;
    return {
      dy: () => depthwiseConv2d(g, filter, a as ConvAttrs),
      filter: () => depthwiseBackpropFilter(g, dy, filter.shape, a as ConvAttrs),
    };
  },
};
