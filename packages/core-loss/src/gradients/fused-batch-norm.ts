import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from './grad-util';

/**
 * FusedBatchNorm(x, mean, variance, offset?, scale?; ε): `y = (x-mean)·scale·r + offset` with
 * `r = rsqrt(variance + ε)`, every statistic broadcast against x (batch norm: `[C]`; layer
 * norm: keep-dims moments). Each gradient is plain broadcasting arithmetic summed back to the
 * statistic's shape — no Tile, so its second derivative stays a handful of kernels.
 * As in stock tfjs, `scale` must be given when differentiating (the engine saves it), and
 * `offset` must have the shape of `mean` (tfjs-layers tiles both to x's shape).
 */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const g = dy as tf.Tensor;
    const r = () => tf.rsqrt(tf.add(variance, varianceEpsilon));
    const scaled = () => (scale == null ? g : tf.mul(g, scale));
    return {
      x: () => sumToShape(tf.mul(scaled(), r()), x.shape),
      mean: () => sumToShape(tf.neg(tf.mul(scaled(), r())), mean.shape),
      variance: () => {
        const rr = r();
        const r3 = tf.mul(tf.mul(rr, rr), rr);
        return sumToShape(tf.mul(tf.mul(scaled(), tf.sub(x, mean)), tf.mul(r3, -0.5)), variance.shape);
      },
      scale: () => sumToShape(tf.mul(g, tf.mul(tf.sub(x, mean), r())), (scale ?? mean).shape),
      offset: () => sumToShape(g, mean.shape),
    };
  },
};
