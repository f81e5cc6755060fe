import * as tf from '@tensorflow/tfjs-core';

/**
 * Softmax(logits; dim): `y·(dy - Σ dy·y)` with `y = softmax(logits)` recomputed from the input.
 * Stock tfjs uses the saved output, which cuts the output→input path in a second backward
 * pass (tfjs#3252): attention's double backprop came out silently wrong.
 */
export const softmaxGradConfig: tf.GradConfig = {
  kernelName: tf.Softmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, saved, attrs) => {
    const [logits] = saved as [tf.Tensor];
    const { dim } = attrs as unknown as tf.SoftmaxAttrs;
    const g = dy as tf.Tensor;
    return {
      logits: () => {
        const y = tf.softmax(logits, dim);
        return tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), dim, true)));
      },
    };
  },
};
