import * as tf from '@tensorflow/tfjs-core';
import { assertNoDilation } from './grad-util';
import { assertNhwc, conv2dBackpropFilter, conv2dBackpropInput, type ConvAttrs } from './conv-kernels';

/** Conv2D(x, filter): `dx` by Conv2DBackpropInput, `dfilter` by Conv2DBackpropFilter. */
export const conv2DGradConfig: tf.GradConfig = {
  kernelName: tf.Conv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor, tf.Tensor];
    const a = attrs as unknown as tf.Conv2DAttrs;
    assertNhwc('conv2d gradient', a.dataFormat);
    assertNoDilation('conv2d gradient', a.dilations);
    const g = dy as tf.Tensor;
    return {
      x: () => conv2dBackpropInput(g, filter, x.shape, a as ConvAttrs),
      filter: () => conv2dBackpropFilter(x, g, filter.shape, a as ConvAttrs),
    };
  },
};
