import * as tf from '@tensorflow/tfjs-core';
import { assertNhwc, conv2d, conv2dBackpropInput, type ConvAttrs } from './conv-kernels';

/**
 * Conv2DBackpropFilter(x, dy) = Σ x ⊗ dy over windows, bilinear in (x, dy). Given `ddf`
 * `[kh,kw,Cin,Cout]`: `d/dx = Conv2DBackpropInput(dy, ddf)`, `d/d(dy) = conv2d(x, ddf)`.
 * Missing in stock tfjs 4.22: every saliency-through-conv loss needs it.
 */
export const conv2DBackpropFilterGradConfig: tf.GradConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  inputsToSave: ['x', 'dy'],
  gradFunc: (ddf, saved, attrs) => {
    const [x, dy] = saved as [tf.Tensor, tf.Tensor];
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    assertNhwc('Conv2DBackpropFilter gradient', a.dataFormat);
    const g = ddf as tf.Tensor;
    return {
      x: () => conv2dBackpropInput(dy, g, x.shape, a as ConvAttrs),
      dy: () => conv2d(x, g, a as ConvAttrs),
    };
  },
};
