import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { channelMean, checkBatchSize, explainInBatches, type Explainer, type GradientExplainerOptions } from './gradients';
import { markFactory } from './factory';
import type { Classifier } from './model';

export interface IntegratedGradientsOptions extends GradientExplainerOptions {
  /** Points on the straight path from the baseline to the input, both ends included. Default 50. */
  steps?: number;
  /** Baseline: a number (Xplique's `baseline_value`) or a tensor broadcastable to one image. Default 0. */
  baseline?: number | Tensor;
}

/**
 * Integrated Gradients as Xplique's `IntegratedGradients`: `(x − baseline) · mean gradient`
 * along the straight path from the baseline, the mean taken with the trapezoidal rule over
 * `steps` evenly spaced points, then the mean over colour channels the original applies to
 * 4-D maps (signed).
 *
 * @param model a tfjs `LayersModel` or any function `(x: Tensor4D) => logits Tensor2D`.
 * @returns `(images [N,H,W,C], labels one-hot [N,K] or indices [N]) => maps [N,H,W]`.
 */
export const integratedGradients = markFactory(function integratedGradients(model: Classifier, options: IntegratedGradientsOptions = {}): Explainer {
  const fn = 'integratedGradients';
  const batchSize = checkBatchSize(fn, options.batchSize);
  const steps = options.steps ?? 50;
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`Error in ${fn}: steps must be an integer >= 2, got ${String(steps)}.`);
  const baseline = options.baseline ?? 0;
  return (images, labels) =>
    explainInBatches(fn, model, images, labels, batchSize, (x, gradientAt) => {
      const start = typeof baseline === 'number' ? tf.fill(x.shape, baseline) : tf.add(tf.zerosLike(x), baseline);
      const delta = tf.sub(x, start) as Tensor4D;
      let sum = tf.zerosLike(x) as Tensor4D;
      for (let i = 0; i < steps; i++) {
        const alpha = i / (steps - 1);
        // Trapezoidal rule: the two ends count half.
        const weight = (i === 0 || i === steps - 1 ? 0.5 : 1) / (steps - 1);
        const next = tf.tidy(() => tf.add(sum, tf.mul(gradientAt(tf.add(start, tf.mul(delta, alpha)) as Tensor4D), weight)));
        sum.dispose();
        sum = next as Tensor4D;
      }
      return channelMean(tf.mul(delta, sum) as Tensor4D);
    });
});
