// The machinery every gradient explainer shares: labels to per-class weights, the input
// gradient of Σ_k logits[n,k]·labels[n,k] (Xplique's default operator), sub-batching, and a
// clear message when no gradient is registered.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import type { Classifier } from './model';

/**
 * Target classes: one-hot (or any per-class weights) `[N,K]` as in the original, or class
 * indices `[N]` (tensor or array).
 */
export type Labels = Tensor | ArrayLike<number>;

/** An explainer: images `[N,H,W,C]` and their labels → one map per image `[N,H,W]`. */
export type Explainer = (images: Tensor4D, labels: Labels) => Tensor3D;

export interface GradientExplainerOptions {
  /** Images per gradient call (Xplique's `batch_size`). Default 32. */
  batchSize?: number;
}

export const DEFAULT_BATCH_SIZE = 32;

export function checkBatchSize(fn: string, batchSize: number | undefined): number {
  const b = batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(b) || b < 1) throw new Error(`Error in ${fn}: batchSize must be a positive integer, got ${String(b)}.`);
  return b;
}

function shapeText(t: Tensor): string {
  return `[${t.shape.join(',')}]`;
}

/** Labels as a tensor `[N]` (int32 indices) or `[N,K]` (float32 weights); the caller disposes it. */
function labelTensor(fn: string, labels: Labels, n: number): Tensor {
  const t = labels instanceof tf.Tensor ? labels.clone() : tf.tensor1d(Array.from(labels), 'int32');
  if (!((t.rank === 1 || t.rank === 2) && t.shape[0] === n)) {
    const shape = shapeText(t);
    t.dispose();
    throw new Error(`Error in ${fn}: labels must be class indices [${n}] or one-hot [${n},K], got ${shape}.`);
  }
  if (t.rank === 1 && t.dtype !== 'int32') {
    const cast = tf.cast(t, 'int32');
    t.dispose();
    return cast;
  }
  if (t.rank === 2 && t.dtype !== 'float32') {
    const cast = tf.cast(t, 'float32');
    t.dispose();
    return cast;
  }
  return t;
}

/**
 * Gradient of Σ_n Σ_k logits[n,k]·weights[n,k] with respect to `x` `[b,H,W,C]` (each image's
 * gradient is its own labelled logit's, the model being evaluated image by image).
 */
export function labelledGradient(fn: string, model: (x: Tensor4D) => Tensor | Tensor[], x: Tensor4D, labels: Tensor): Tensor4D {
  return tf.tidy(() => {
    // Errors thrown inside tf.grad leak the tensors of its tape: note the problem, return a
    // harmless score, and throw once outside.
    let problem: string | undefined;
    const score = (input: Tensor) => {
      const out = model(input as Tensor4D);
      if (Array.isArray(out) || out.rank !== 2) {
        problem = `the model must return one logits tensor [N,K], got ${Array.isArray(out) ? `${out.length} outputs` : `shape ${shapeText(out)}`}.`;
        return tf.mul(tf.sum(input), 0);
      }
      const classes = out.shape[1] as number;
      if (labels.rank === 2 && labels.shape[1] !== classes) {
        problem = `the labels have ${labels.shape[1]} classes and the model returns ${classes}.`;
        return tf.mul(tf.sum(input), 0);
      }
      const weights = labels.rank === 1 ? tf.oneHot(labels as tf.Tensor1D, classes) : labels;
      return tf.sum(tf.mul(out, weights));
    };
    const g = tf.grad(score)(x) as Tensor4D;
    if (problem) throw new Error(`Error in ${fn}: ${problem}`);
    return g;
  });
}

/**
 * Runs `perBatch` on sub-batches of at most `batchSize` images and concatenates the maps.
 * `perBatch(x, labels, gradient)` gets the sub-batch and a function giving the labelled
 * gradient at any input of that sub-batch's shape.
 */
export function explainInBatches(
  fn: string,
  model: Classifier,
  images: Tensor4D,
  labels: Labels,
  batchSize: number,
  perBatch: (x: Tensor4D, gradientAt: (input: Tensor4D) => Tensor4D) => Tensor3D,
): Tensor3D {
  if (!(images instanceof tf.Tensor) || images.rank !== 4) {
    const got = images instanceof tf.Tensor ? shapeText(images) : typeof images;
    throw new Error(`Error in ${fn}: images must be a tensor [N,H,W,C], got ${got}.`);
  }
  const n = images.shape[0];
  const call = typeof model === 'function' ? model : (x: Tensor4D) => model.predict(x);
  const y = labelTensor(fn, labels, n);
  try {
    const parts: Tensor3D[] = [];
    try {
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        parts.push(
          tf.tidy(() => {
            const x = size === n ? images : tf.slice(images, start, size);
            const yb = size === n ? y : tf.slice(y, start, size);
            return perBatch(x, (input) => labelledGradient(fn, call, input, yb));
          }),
        );
      }
      if (parts.length === 1) return parts[0] as Tensor3D;
      return tf.tidy(() => tf.concat(parts, 0));
    } finally {
      if (parts.length > 1) tf.dispose(parts);
    }
  } catch (error) {
    throw explainError(fn, error);
  } finally {
    y.dispose();
  }
}

function explainError(fn: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith(`Error in ${fn}`)) return error as Error;
  if (message.includes('gradient function not found')) {
    return new Error(
      `Error in ${fn}: tfjs has no gradient registered for a kernel of the model (${message}). ` +
        `Import '@tensorflow/tfjs' or '@tensorflow/tfjs-layers' (they register tfjs's gradients) before explaining, ` +
        `or register one for that kernel with tf.registerGradient.`,
      { cause: error },
    );
  }
  return new Error(`Error in ${fn}: ${message}`, { cause: error });
}

/** Mean over the colour axis: `[N,H,W,C]` → `[N,H,W]` (what the original does to 4-D maps). */
export function channelMean(x: Tensor4D): Tensor3D {
  return tf.mean(x, -1) as Tensor3D;
}
