import * as tf from '@tensorflow/tfjs-core';

/** Concat(tensors; axis): each input gets its slice of `dy` along `axis`. */
export const concatGradConfig: tf.GradConfig = {
  kernelName: tf.Concat,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const { axis } = attrs as unknown as tf.ConcatAttrs;
    const g = dy as tf.Tensor;
    const $axis = tf.util.parseAxisParam(axis, g.shape)[0] as number;
    const out: Record<string, () => tf.Tensor> = {};
    let offset = 0;
    saved.forEach((t, i) => {
      const begin = g.shape.map((_, k) => (k === $axis ? offset : 0));
      // Each closure runs in its own tidy, so each takes its own slice (no shared split).
      out[i] = () => tf.slice(g, begin, t.shape);
      offset += t.shape[$axis] as number;
    });
    return out;
  },
};
