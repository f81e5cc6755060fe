import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { channelMean, checkBatchSize, explainInBatches, type Explainer, type GradientExplainerOptions } from './gradients';
import { markFactory } from './factory';
import type { Classifier } from './model';

/**
 * Gradient × Input as Xplique's `GradientInput`: `x · ∂(Σ_k logits_k · labels_k)/∂x`
 * (signed), then the mean over colour channels the original applies to 4-D maps.
 *
 * @param model a tfjs `LayersModel` or any function `(x: Tensor4D) => logits Tensor2D`.
 * @returns `(images [N,H,W,C], labels one-hot [N,K] or indices [N]) => maps [N,H,W]`.
 */
export const gradientTimesInput = markFactory(function gradientTimesInput(model: Classifier, options: GradientExplainerOptions = {}): Explainer {
  const batchSize = checkBatchSize('gradientTimesInput', options.batchSize);
  return (images, labels) =>
    explainInBatches('gradientTimesInput', model, images, labels, batchSize, (x, gradientAt) =>
      channelMean(tf.mul(x, gradientAt(x)) as Tensor4D),
    );
});
