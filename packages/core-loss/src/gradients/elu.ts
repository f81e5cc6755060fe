import * as tf from '@tensorflow/tfjs-core';

/** Elu(x): `dy` where x > 0, else `dy·exp(x)`, from the input (stock calls the EluGrad kernel on the saved output: tfjs#3252). exp is taken of min(x, 0) so that large x cannot make 0·∞ in a second pass. */
export const eluGradConfig: tf.GradConfig = {
  kernelName: tf.Elu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.mul(g, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(tf.minimum(x, 0)))) };
  },
};
