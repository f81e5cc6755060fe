import { channelMean, checkBatchSize, explainInBatches, type Explainer, type GradientExplainerOptions } from './gradients';
import { markFactory } from './factory';
import type { Classifier } from './model';

/**
 * The saliency the harmonization loss TRAINS with (SPEC §7.2): the SIGNED gradient of the
 * labelled logit with respect to the input, MEAN over colour channels, no absolute value. It
 * differs from {@link saliency}, the one the evaluation uses (SPEC §13.6).
 *
 * @param model a tfjs `LayersModel` or any function `(x: Tensor4D) => logits Tensor2D`.
 * @returns `(images [N,H,W,C], labels one-hot [N,K] or indices [N]) => maps [N,H,W]`.
 */
export const signedSaliency = markFactory(function signedSaliency(model: Classifier, options: GradientExplainerOptions = {}): Explainer {
  const batchSize = checkBatchSize('signedSaliency', options.batchSize);
  return (images, labels) =>
    explainInBatches('signedSaliency', model, images, labels, batchSize, (x, gradientAt) => channelMean(gradientAt(x)));
});
