import * as tf from '@tensorflow/tfjs-core';
import { assertRank, fail, shapeOf } from '../validate';

/**
 * Batch mean of categorical cross-entropy from logits with Keras-style label smoothing
 * (y·(1−s) + s/K). Written as z − logSumExp(z): tf.logSoftmax's second derivative is wrong
 * in tfjs 4.22, this form is exact under double backprop.
 *
 * @param logits `[N,K]`
 * @param labels `[N,K]` one-hot (or soft) targets
 * @returns scalar
 */
export function crossEntropyWithLogits(logits: tf.Tensor, labels: tf.Tensor, labelSmoothing = 0): tf.Scalar {
  const fn = 'crossEntropyWithLogits';
  assertRank(fn, 'logits', logits, [2]);
  assertRank(fn, 'labels', labels, [2]);
  if (logits.shape.join() !== labels.shape.join()) {
    fail(fn, `labels ${shapeOf(labels)} must match logits ${shapeOf(logits)}.`);
  }
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    fail(fn, `labelSmoothing must be in [0, 1], got ${labelSmoothing}.`);
  }
  return tf.tidy(() => {
    const k = logits.shape[1]!;
    const targets = labelSmoothing > 0 ? tf.add(tf.mul(labels, 1 - labelSmoothing), labelSmoothing / k) : labels;
    const logProbs = tf.sub(logits, tf.logSumExp(logits, 1, true));
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, logProbs), 1))) as tf.Scalar;
  });
}
