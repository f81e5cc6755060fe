import * as tf from '@tensorflow/tfjs-core';

/** Pack(tensors; axis) (`tf.stack`): input i gets `dy[…, i, …]` along `axis`. */
export const packGradConfig: tf.GradConfig = {
  kernelName: tf.Pack,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const { axis } = attrs as unknown as tf.PackAttrs;
    const g = dy as tf.Tensor;
    const $axis = axis < 0 ? axis + g.rank : axis;
    const out: Record<string, () => tf.Tensor> = {};
    saved.forEach((t, i) => {
      const begin = g.shape.map((_, k) => (k === $axis ? i : 0));
      const size = g.shape.map((d, k) => (k === $axis ? 1 : d));
      // Each closure runs in its own tidy, so each takes its own slice.
      out[i] = () => tf.reshape(tf.slice(g, begin, size), t.shape);
    });
    return out;
  },
};
