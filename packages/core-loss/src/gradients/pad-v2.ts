import * as tf from '@tensorflow/tfjs-core';

/** PadV2(x; paddings, constantValue): the unpadded window of `dy`. */
export const padV2GradConfig: tf.GradConfig = {
  kernelName: tf.PadV2,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { paddings } = attrs as unknown as tf.PadV2Attrs;
    const begin = paddings.map((p) => p[0]);
    return { x: () => tf.slice(dy as tf.Tensor, begin, x.shape) };
  },
};
