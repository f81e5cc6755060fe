import * as tf from '@tensorflow/tfjs-core';

/** Transpose(x; perm): `dy` transposed by the inverse permutation. */
export const transposeGradConfig: tf.GradConfig = {
  kernelName: tf.Transpose,
  gradFunc: (dy, _saved, attrs) => {
    const { perm } = attrs as unknown as tf.TransposeAttrs;
    const inverse = tf.backend_util.getUndoAxesPermutation(perm);
    return { x: () => tf.transpose(dy as tf.Tensor, inverse) };
  },
};
