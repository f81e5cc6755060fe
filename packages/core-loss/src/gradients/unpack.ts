import * as tf from '@tensorflow/tfjs-core';

/** Unpack(value; axis) (`tf.unstack`): the output gradients stacked along `axis`. */
export const unpackGradConfig: tf.GradConfig = {
  kernelName: tf.Unpack,
  gradFunc: (dy, _saved, attrs) => {
    const { axis } = attrs as unknown as tf.UnpackAttrs;
    return { value: () => tf.stack(dy as tf.Tensor[], axis) };
  },
};
