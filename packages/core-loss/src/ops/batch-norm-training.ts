import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING_KERNEL, batchNormTrainingKernelsRegistered } from '../gradients/batch-norm-training-kernels';
import { runKernel } from '../gradients/grad-util';
import { fail, shapeOf } from '../validate';
import { stopGradient } from './stop-gradient';

const FN = 'batchNormTraining';

export interface BatchNormTrainingResult {
  /** Normalized x, x's shape: `scale·(x − mean)/sqrt(variance + ε) + offset`. */
  y: tf.Tensor;
  /** Batch mean per channel `[C]`; a constant of the tape (for running statistics). */
  mean: tf.Tensor1D;
  /** Batch variance per channel `[C]`, biased (divided by M, as tf.moments); a constant of the tape. */
  variance: tf.Tensor1D;
}

function checkParam(name: string, t: tf.Tensor | null, c: number): void {
  if (t == null) return;
  if (!(t instanceof tf.Tensor)) fail(FN, `${name} must be a tf.Tensor or null, got ${typeof t}.`);
  if (t.rank !== 1 || t.shape[0] !== c) fail(FN, `${name} must have shape [${c}] (x's last dimension), got ${shapeOf(t)}.`);
  if (t.dtype !== 'float32') fail(FN, `${name} must be float32, got ${t.dtype}.`);
}

/**
 * Training-mode batch norm over every axis but the last. x `[..., C]` (rank ≥ 2), scale/offset
 * `[C]` or null (1 and 0). y is differentiable with respect to x — through the batch statistics,
 * as in PyTorch and tfjs-layers' BatchNormalization — and to scale and offset; mean and variance
 * are returned as constants (no gradient flows back through them).
 *
 * When the backend registers HarmonizationBatchNormTraining and its two gradient kernels
 * (@harmonization/accelerator on cpu) the statistics, the normalization and each derivative are
 * one kernel; a harmonized step then spends 3 kernels per batch norm where the composed
 * path spends dozens. Otherwise it is exactly what tfjs-layers computes:
 * `tf.moments(x, axesButLast)` then `tf.batchNorm`.
 */
export function batchNormTraining(
  x: tf.Tensor,
  scale: tf.Tensor | null,
  offset: tf.Tensor | null,
  varianceEpsilon: number,
): BatchNormTrainingResult {
  if (!(x instanceof tf.Tensor)) fail(FN, `x must be a tf.Tensor, got ${typeof x}.`);
  if (x.rank < 2) fail(FN, `x must have rank ≥ 2 ([..., C]), got rank ${x.rank} (shape ${shapeOf(x)}).`);
  if (x.dtype !== 'float32') fail(FN, `x must be float32, got ${x.dtype}.`);
  if (x.size === 0) fail(FN, `x must not be empty, got shape ${shapeOf(x)}.`);
  const c = x.shape[x.rank - 1]!;
  checkParam('scale', scale, c);
  checkParam('offset', offset, c);
  if (typeof varianceEpsilon !== 'number' || !Number.isFinite(varianceEpsilon) || varianceEpsilon < 0) {
    fail(FN, `varianceEpsilon must be a finite number ≥ 0, got ${String(varianceEpsilon)}.`);
  }

  if (batchNormTrainingKernelsRegistered()) {
    const [y, mean, variance] = tf.tidy(() => {
      // The tape saves its own copies of the inputs, so these defaults can go with the scope.
      const s = scale ?? tf.ones([c]);
      const o = offset ?? tf.zeros([c]);
      return runKernel(BATCH_NORM_TRAINING_KERNEL, { x, scale: s, offset: o }, { varianceEpsilon }) as unknown as tf.Tensor[];
    }) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    return { y, mean, variance };
  }

  return tf.tidy(() => {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const { mean, variance } = tf.moments(x, axes);
    // Explicit 1 and 0 for absent parameters (same values): tfjs' tape cannot walk a kernel
    // node whose optional input is undefined, so tf.batchNorm without them cannot be differentiated.
    const y = tf.batchNorm(x, mean, variance, offset ?? tf.zeros([c]), scale ?? tf.ones([c]), varianceEpsilon);
    return { y, mean: stopGradient(mean as tf.Tensor1D), variance: stopGradient(variance as tf.Tensor1D) };
  });
}
