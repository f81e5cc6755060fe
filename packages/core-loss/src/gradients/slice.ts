import * as tf from '@tensorflow/tfjs-core';

/** Slice(x; begin, size): `dy` zero-padded back to x's shape. */
export const sliceGradConfig: tf.GradConfig = {
  kernelName: tf.Slice,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { begin, size } = attrs as unknown as tf.SliceAttrs;
    const [b, s] = tf.slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
    const paddings = x.shape.map((d, i) => [b[i] as number, d - (b[i] as number) - (s[i] as number)] as [number, number]);
    return { x: () => tf.pad(dy as tf.Tensor, paddings) };
  },
};
