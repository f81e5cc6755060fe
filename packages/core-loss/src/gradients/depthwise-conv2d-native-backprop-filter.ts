import * as tf from '@tensorflow/tfjs-core';
import { assertNoDilation } from './grad-util';
import { depthwiseBackpropInput, depthwiseConv2d, type ConvAttrs } from './conv-kernels';

/**
 * DepthwiseConv2dNativeBackpropFilter(x, dy), bilinear: given `ddf` `[kh,kw,C,m]`,
 * `d/dx = DepthwiseConv2dNativeBackpropInput(dy, ddf)`, `d/d(dy) = depthwiseConv2d(x, ddf)`.
 * Missing in stock tfjs 4.22.
 */
export const depthwiseConv2dNativeBackpropFilterGradConfig: tf.GradConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  inputsToSave: ['x', 'dy'],
  gradFunc: (ddf, saved, attrs) => {
    const [x, dy] = saved as [tf.Tensor, tf.Tensor];
    const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    assertNoDilation('DepthwiseConv2dNativeBackpropFilter gradient', a.dilations);
    const g = ddf as tf.Tensor;
    return {
      x: () => depthwiseBackpropInput(dy, g, x.shape, a as ConvAttrs),
      dy: () => depthwiseConv2d(x, g, a as ConvAttrs),
    };
  },
};
