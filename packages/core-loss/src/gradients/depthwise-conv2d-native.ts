import * as tf from '@tensorflow/tfjs-core';
import { assertNoDilation } from './grad-util';
import { depthwiseBackpropFilter, depthwiseBackpropInput, type ConvAttrs } from './conv-kernels';

/** DepthwiseConv2dNative(x, filter): `dx`, `dfilter` by the two depthwise backprop kernels. */
export const depthwiseConv2dNativeGradConfig: tf.GradConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor, tf.Tensor];
    const a = attrs as unknown as tf.DepthwiseConv2dNativeAttrs;
    assertNoDilation('depthwiseConv2d gradient', a.dilations);
    const g = dy as tf.Tensor;
    return {
      x: () => depthwiseBackpropInput(g, filter, x.shape, a as ConvAttrs),
      filter: () => depthwiseBackpropFilter(x, g, filter.shape, a as ConvAttrs),
    };
  },
};
