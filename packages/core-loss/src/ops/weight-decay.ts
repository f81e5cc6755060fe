import * as tf from '@tensorflow/tfjs-core';

/** Decides from a variable's name whether weight decay applies to it. */
export type WeightDecayFilter = (name: string) => boolean;

const EXCLUDED_NAME_PARTS = ['bn/', 'normalization', 'embed', 'Norm', 'norm', 'class_token'];

/**
 * The original's rule: decay every trainable variable (kernels and biases) whose name contains
 * none of `bn/`, `normalization`, `embed`, `Norm`, `norm`, `class_token`.
 */
export const defaultWeightDecayFilter: WeightDecayFilter = (name) =>
  !EXCLUDED_NAME_PARTS.some((part) => name.includes(part));

/** Σ over the given variables of Σ v² / 2 (TF's l2_loss). Scalar. */
export function weightDecay(variables: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() =>
    variables.length === 0
      ? tf.scalar(0)
      : (tf.div(tf.addN(variables.map((v) => tf.sum(tf.square(v)))), 2) as tf.Scalar),
  );
}
