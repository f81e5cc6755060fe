import * as tf from '@tensorflow/tfjs-core';
import { batchNormGrad, batchNormGradKernelApplies } from './batch-norm-grad-kernels';
import { sumToShape } from './grad-util';

/**
 * FusedBatchNorm(x, mean, variance, offset?, scale?; ε): `y = (x-mean)·scale·r + offset` with
 * `r = rsqrt(variance + ε)`, every statistic broadcast against x (batch norm: `[C]`; layer
 * norm: keep-dims moments). Each gradient is plain broadcasting arithmetic summed back to the
 * statistic's shape — no Tile, so its second derivative stays a handful of kernels.
 *
 * Few passes over x's size, because a harmonized step differentiates these once more: a factor
 * that is constant over the summed axes (anything of the statistic's shape: r, and scale in
 * batch norm) multiplies after the sum, on `[C]`, and `scale·r` is formed on `[C]` before it
 * meets dy. Batch norm in training: 6 full-size passes and 4 sums (was 12 and 4). Every input's
 * gradient is computed in its own closure (the tape calls only those it needs, each in its own
 * scope), so nothing full-size outlives its use.
 * As in stock tfjs, `scale` must be given when differentiating (the engine saves it), and
 * `offset` must have the shape of `mean` (tfjs-layers tiles both to x's shape).
 *
 * When the backend registers HarmonizationBatchNormGrad (and its gradient kernel; see
 * batch-norm-grad-kernels.ts) and the statistics are per channel, that one kernel computes all
 * five gradients instead, run once here (the closures hand out its outputs), and a second
 * derivative is one more kernel.
 */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const g = dy as tf.Tensor;
    if (batchNormGradKernelApplies(x, mean, variance, scale)) {
      const [dx, dmean, dvariance, dscale, doffset] = batchNormGrad(g, x, mean, variance, scale, varianceEpsilon) as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
      ];
      return { x: () => dx, mean: () => dmean, variance: () => dvariance, scale: () => dscale, offset: () => doffset };
    }
    const r = () => tf.rsqrt(tf.add(variance, varianceEpsilon));
    // scale·r: statistic-shaped in batch norm, so one small op instead of a full-size one.
    const k = () => (scale == null ? r() : tf.mul(scale, r()));
    const gk = () => tf.mul(g, k());
    // Σ g·(x−mean) over the axes the statistic `shape` broadcasts along.
    const sumGCentered = (shape: number[]) => sumToShape(tf.mul(g, tf.sub(x, mean)), shape);
    const statShaped = (t: tf.Tensor | undefined) => t == null || tf.util.arraysEqual(t.shape, variance.shape);
    return {
      x: () => sumToShape(gk(), x.shape),
      mean: () => tf.neg(sumToShape(gk(), mean.shape)),
      // Σ g·scale·(x−mean)·(−½)·r³
      variance: () => {
        const rr = r();
        const half = tf.mul(tf.square(rr), -0.5);
        return statShaped(scale)
          ? tf.mul(sumGCentered(variance.shape), tf.mul(k(), half))
          : sumToShape(tf.mul(tf.mul(gk(), tf.sub(x, mean)), half), variance.shape);
      },
      // Σ g·(x−mean)·r
      scale: () => {
        const shape = (scale ?? mean).shape;
        return tf.util.arraysEqual(shape, variance.shape)
          ? tf.mul(sumGCentered(shape), r())
          : sumToShape(tf.mul(g, tf.mul(tf.sub(x, mean), r())), shape);
      },
      offset: () => sumToShape(g, mean.shape),
    };
  },
};
