import * as tf from '@tensorflow/tfjs-core';
import { runKernel } from './grad-util';

/**
 * Kernels a backend may register to compute FusedBatchNorm's gradient and that gradient's own
 * gradient in one pass each (@harmonization/accelerator does, on cpu). Without them the op-built
 * gradient of fused-batch-norm.ts runs, and a harmonized step differentiates it again (some
 * twenty kernels per batch norm, half of them over the activation's size).
 *
 * HarmonizationBatchNormGrad(dy, x, mean, variance, scale; varianceEpsilon) →
 * [dx, dmean, dvariance, dscale, doffset], per-channel statistics only. With
 * `s = 1/sqrt(variance+ε)`, `k = scale·s` and sums over every element of a channel:
 * `dx = dy·k`, `dmean = −k·Σdy`, `dvariance = −½·s²·k·Σdy(x−mean)`, `dscale = s·Σdy(x−mean)`,
 * `doffset = Σdy`. dx has x's shape; the others have the shape of mean (variance, scale).
 */
export const BATCH_NORM_GRAD_KERNEL = 'HarmonizationBatchNormGrad';

/**
 * HarmonizationBatchNormGradGrad(dy, x, mean, variance, scale, gdx, gmean, gvariance, gscale,
 * goffset; varianceEpsilon) → [d_dy, d_x, d_mean, d_variance, d_scale]: the gradient of
 * BATCH_NORM_GRAD_KERNEL's five outputs (upstream `g…`) with respect to its five inputs.
 */
export const BATCH_NORM_GRAD_GRAD_KERNEL = 'HarmonizationBatchNormGradGrad';

/**
 * True when `t` holds one value per channel of `x`: shape `[C]`, or `[1,…,1,C]` (keep-dims
 * moments) of rank at most x's, with `C` x's last dimension.
 */
function perChannel(t: tf.Tensor | undefined, x: tf.Tensor): boolean {
  if (t == null || t.dtype !== 'float32' || t.rank < 1 || t.rank > x.rank) return false;
  const c = x.shape[x.rank - 1];
  return t.shape.every((d, i) => (i === t.rank - 1 ? d === c : d === 1));
}

/**
 * Whether FusedBatchNorm's gradient can take the one-kernel path on the current backend: both
 * kernels registered, scale given, and mean, variance and scale per channel with one shape.
 */
export function batchNormGradKernelApplies(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, scale: tf.Tensor | undefined): scale is tf.Tensor {
  if (x.dtype !== 'float32' || x.rank < 1) return false;
  if (!perChannel(mean, x) || !perChannel(variance, x) || !perChannel(scale, x)) return false;
  if (!tf.util.arraysEqual(mean.shape, variance.shape) || !tf.util.arraysEqual(mean.shape, scale!.shape)) return false;
  const backend = tf.getBackend();
  return tf.getKernel(BATCH_NORM_GRAD_KERNEL, backend) != null && tf.getKernel(BATCH_NORM_GRAD_GRAD_KERNEL, backend) != null;
}

/** Runs BATCH_NORM_GRAD_KERNEL (recorded on the tape): `[dx, dmean, dvariance, dscale, doffset]`. */
export function batchNormGrad(dy: tf.Tensor, x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, scale: tf.Tensor, varianceEpsilon: number): tf.Tensor[] {
  return runKernel(BATCH_NORM_GRAD_KERNEL, { dy, x, mean, variance, scale }, { varianceEpsilon }) as unknown as tf.Tensor[];
}
