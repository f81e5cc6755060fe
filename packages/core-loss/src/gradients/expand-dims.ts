import * as tf from '@tensorflow/tfjs-core';

/** ExpandDims(input): `dy` reshaped back to the input's shape. */
export const expandDimsGradConfig: tf.GradConfig = {
  kernelName: tf.ExpandDims,
  inputsToSave: ['input'],
  gradFunc: (dy, saved) => {
    const [input] = saved as [tf.Tensor];
    return { input: () => tf.reshape(dy as tf.Tensor, input.shape) };
  },
};
