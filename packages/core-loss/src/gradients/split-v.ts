import * as tf from '@tensorflow/tfjs-core';

/** SplitV(x; sizes, axis): the output gradients concatenated along `axis` (zeros for unused outputs). */
export const splitVGradConfig: tf.GradConfig = {
  kernelName: tf.SplitV,
  gradFunc: (dy, _saved, attrs) => {
    const { axis } = attrs as unknown as tf.SplitVAttrs;
    return { x: () => tf.concat(dy as tf.Tensor[], axis) };
  },
};
