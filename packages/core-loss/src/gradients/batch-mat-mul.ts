import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/**
 * BatchMatMul(a, b; transposeA, transposeB) `[..., m, k] × [..., k, n]`, with batch
 * broadcasting: the four transpose cases of `dA` and `dB`, summed over broadcast batch axes.
 */
export const batchMatMulGradConfig: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const g = dy as tf.Tensor;
    const mm = (x: tf.Tensor, y: tf.Tensor, tx: boolean, ty: boolean) => tf.matMul(x, y, tx, ty);
    let da: () => tf.Tensor;
    let db: () => tf.Tensor;
    if (!transposeA && !transposeB) {
      da = () => mm(g, b, false, true);
      db = () => mm(a, g, true, false);
    } else if (!transposeA && transposeB) {
      da = () => mm(g, b, false, false);
      db = () => mm(g, a, true, false);
    } else if (transposeA && !transposeB) {
      da = () => mm(b, g, false, true);
      db = () => mm(a, g, false, false);
    } else {
      da = () => mm(b, g, true, true);
      db = () => mm(g, a, true, true);
    }
    return { a: () => sumToShape(da(), a.shape), b: () => sumToShape(db(), b.shape) };
  },
};
