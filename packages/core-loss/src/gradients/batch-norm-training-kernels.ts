import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernels a backend may register to run training-mode batch norm — batch statistics included —
 * and its first and second derivatives in one pass each (@harmonization/accelerator does, on
 * cpu). batchNormTraining (ops/batch-norm-training.ts) uses them when all three are registered;
 * otherwise it composes tf.moments and tf.batchNorm, as tfjs-layers does, and a harmonized step
 * differentiates that chain twice (Mean, Sub, Square, Mean, their gradients' Tiles, Sums, Adds
 * and Multiplies, most of them over the activation's size).
 *
 * Per channel, over the M elements of x [..., C] that share it, with s = 1/sqrt(variance+ε) and
 * x̂ = (x−mean)·s:
 *
 * HarmonizationBatchNormTraining(x, scale, offset; varianceEpsilon) → [y, mean, variance]:
 * y = scale·x̂ + offset, mean and BIASED variance of x (what tf.moments gives).
 */
export const BATCH_NORM_TRAINING_KERNEL = 'HarmonizationBatchNormTraining';

/**
 * HarmonizationBatchNormTrainingGrad(dy, x, scale, mean, variance; varianceEpsilon) →
 * [dx, dscale, doffset]: the gradient of y through the batch statistics,
 * dx = (scale·s/M)·(M·dy − Σdy − x̂·Σ(dy·x̂)), dscale = Σ(dy·x̂), doffset = Σdy.
 */
export const BATCH_NORM_TRAINING_GRAD_KERNEL = 'HarmonizationBatchNormTrainingGrad';

/**
 * HarmonizationBatchNormTrainingGradGrad(dy, x, scale, mean, variance, gdx, gdscale, gdoffset;
 * varianceEpsilon) → [d_dy, d_x, d_scale]: the gradient of the Grad kernel's three outputs
 * (upstream g…) with respect to dy, x (mean and variance taken as x's batch statistics, as in
 * PyTorch's batchnorm_double_backward) and scale.
 */
export const BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL = 'HarmonizationBatchNormTrainingGradGrad';

/** Whether the current backend registers all three kernels. */
export function batchNormTrainingKernelsRegistered(): boolean {
  const backend = tf.getBackend();
  return [BATCH_NORM_TRAINING_KERNEL, BATCH_NORM_TRAINING_GRAD_KERNEL, BATCH_NORM_TRAINING_GRAD_GRAD_KERNEL].every(
    (name) => tf.getKernel(name, backend) != null,
  );
}
