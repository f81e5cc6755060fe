import * as tf from '@tensorflow/tfjs-core';
import { runKernel } from './grad-util';

/**
 * MaxPool(x): `dx` by the MaxPoolGrad kernel (on wasm, our corrected kernel). The saved output
 * only feeds the window's selection, whose gradient is zero, so keeping it is safe here.
 */
export const maxPoolGradConfig: tf.GradConfig = {
  kernelName: tf.MaxPool,
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved as [tf.Tensor, tf.Tensor];
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolAttrs;
    return {
      x: () =>
        runKernel(tf.MaxPoolGrad, { dy: dy as tf.Tensor, input: x, output: y }, {
          filterSize,
          strides,
          pad,
          dimRoundingMode,
        } as unknown as tf.NamedAttrMap),
    };
  },
};
