import * as tf from '@tensorflow/tfjs-core';
import { resolveModel, type HarmonizableModel, type LogitsFunction } from '../model';
import { assertRank, assertSameBatch, fail, shapeOf } from '../validate';

export interface SaliencyWithLogits {
  /** `[N,H,W]` signed gradient of Σ logits·labels w.r.t. the images, averaged over channels. */
  saliency: tf.Tensor3D;
  /** `[N,K]` the logits of the same forward pass. */
  logits: tf.Tensor2D;
}

export function checkImagesAndLabels(fn: string, images: tf.Tensor, labels: tf.Tensor): void {
  assertRank(fn, 'images', images, [4]);
  assertRank(fn, 'labels', labels, [2]);
  assertSameBatch(fn, ['images', 'labels'], images, labels);
}

/**
 * The training saliency and the logits from ONE forward pass. Differentiable: when called inside
 * an outer gradient (tf.variableGrads), the inner backward pass is recorded and differentiated
 * again (double backprop).
 */
export function saliencyWithLogits(fn: string, logitsOf: LogitsFunction, images: tf.Tensor4D, labels: tf.Tensor2D): SaliencyWithLogits {
  let logits: tf.Tensor2D | undefined;
  const gradient = tf.grad((x: tf.Tensor) => {
    const out = logitsOf(x as tf.Tensor4D);
    if (out.shape.join() !== labels.shape.join()) {
      fail(fn, `labels ${shapeOf(labels)} must match the model's logits ${shapeOf(out)}.`);
    }
    // The logits outlive the inner gradient's scope: they feed the cross-entropy.
    logits = tf.keep(out);
    return tf.sum(tf.mul(out, labels));
  })(images);
  const saliency = tf.tidy(() => tf.mean(gradient, 3) as tf.Tensor3D);
  gradient.dispose();
  return { saliency, logits: logits! };
}

/**
 * The harmonization (training) saliency map: the signed gradient of Σ_k logits[n,k]·labels[n,k]
 * w.r.t. the images, averaged over the colour channels (the original's `harmonizer_loss` step 3;
 * NOT the |grad| max-over-channels map used for evaluation).
 *
 * Differentiable: usable inside an outer gradient.
 *
 * @param model a tfjs LayersModel (run with `training: true`) or a function images → logits
 * @param images `[N,H,W,C]`
 * @param labels `[N,K]` (one-hot for the class to explain)
 * @returns `[N,H,W]`
 */
export function saliency(model: HarmonizableModel, images: tf.Tensor4D, labels: tf.Tensor2D): tf.Tensor3D {
  const fn = 'saliency';
  checkImagesAndLabels(fn, images, labels);
  const logitsOf = typeof model === 'function' ? model : resolveModel(fn, model).logits;
  const { saliency: map, logits } = saliencyWithLogits(fn, logitsOf, images, labels);
  logits.dispose();
  return map;
}
