import * as tf from '@tensorflow/tfjs-core';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import { checkBatchSize, explainInBatches, type Explainer, type GradientExplainerOptions } from './gradients';
import { markFactory } from './factory';
import type { Classifier } from './model';

/**
 * Saliency as Xplique's `Saliency`, the explainer the original's ClickMe evaluation uses by
 * default (SPEC §6.2): `max_c |∂(Σ_k logits_k · labels_k) / ∂x|`, the ABSOLUTE gradient of the
 * labelled class's output (logits for harmonized models) with respect to the (preprocessed)
 * input, MAXIMUM over colour channels. No smoothing, clipping or normalisation. Computed in
 * sub-batches of `batchSize` (default 32).
 *
 * @param model a tfjs `LayersModel` or any function `(x: Tensor4D) => logits Tensor2D`.
 * @returns `(images [N,H,W,C], labels one-hot [N,K] or indices [N]) => maps [N,H,W]`.
 */
export const saliency = markFactory(function saliency(model: Classifier, options: GradientExplainerOptions = {}): Explainer {
  const batchSize = checkBatchSize('saliency', options.batchSize);
  return (images, labels) =>
    explainInBatches('saliency', model, images, labels, batchSize, (x, gradientAt) => tf.max(tf.abs(gradientAt(x)), -1) as Tensor3D);
});
