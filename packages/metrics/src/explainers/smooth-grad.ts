import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { channelMean, checkBatchSize, explainInBatches, type Explainer, type GradientExplainerOptions } from './gradients';
import { markFactory } from './factory';
import type { Classifier } from './model';

export interface SmoothGradOptions extends GradientExplainerOptions {
  /** Noisy copies per image (Xplique's `nb_samples`). Default 50. */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to the input, in input units. Default 0.2. */
  noise?: number;
  /** Seed of the noise; each draw uses `seed + k`. Default: unseeded. */
  seed?: number;
}

/**
 * SmoothGrad as Xplique's `SmoothGrad`: the mean of the (signed) labelled-logit gradients at
 * `samples` copies of the input with N(0, noise²) noise, then the mean over colour channels
 * the original applies to 4-D maps.
 *
 * @param model a tfjs `LayersModel` or any function `(x: Tensor4D) => logits Tensor2D`.
 * @returns `(images [N,H,W,C], labels one-hot [N,K] or indices [N]) => maps [N,H,W]`.
 */
export const smoothGrad = markFactory(function smoothGrad(model: Classifier, options: SmoothGradOptions = {}): Explainer {
  const fn = 'smoothGrad';
  const batchSize = checkBatchSize(fn, options.batchSize);
  const samples = options.samples ?? 50;
  const noise = options.noise ?? 0.2;
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`Error in ${fn}: samples must be a positive integer, got ${String(samples)}.`);
  if (!(noise >= 0)) throw new Error(`Error in ${fn}: noise must be a number >= 0, got ${String(noise)}.`);
  let draw = 0;
  return (images, labels) =>
    explainInBatches(fn, model, images, labels, batchSize, (x, gradientAt) => {
      let sum = tf.zerosLike(x);
      for (let s = 0; s < samples; s++) {
        const seed = options.seed === undefined ? undefined : options.seed + draw++;
        const next = tf.tidy(() => tf.add(sum, gradientAt(tf.add(x, tf.randomNormal(x.shape, 0, noise, 'float32', seed)) as Tensor4D)));
        sum.dispose();
        sum = next as Tensor4D;
      }
      return channelMean(tf.div(sum, samples) as Tensor4D);
    });
});
