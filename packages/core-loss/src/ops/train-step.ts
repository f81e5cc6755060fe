import type * as tf from '@tensorflow/tfjs-core';
import type { HarmonizableModel } from '../model';
import { harmonizedGradients, type HarmonizerBatch, type HarmonizerLossValues, type HarmonizerOptions } from './harmonizer-loss';

/** Any tfjs optimizer (`tf.train.adam(…)`, `tf.train.momentum(…)`, …). */
export type TrainStepOptimizer = Pick<tf.Optimizer, 'applyGradients'>;

/**
 * One harmonized training step: gradients of the harmonization loss, applied by the optimizer.
 * Leaks no tensor. Returns the loss values (before the update).
 */
export function trainStep(
  model: HarmonizableModel,
  optimizer: TrainStepOptimizer,
  batch: HarmonizerBatch,
  options: HarmonizerOptions = {},
): HarmonizerLossValues {
  const { loss, grads, variables } = harmonizedGradients(model, batch, options);
  const named: tf.NamedTensorMap = {};
  variables.forEach((v, i) => {
    named[v.name] = grads[i]!;
  });
  try {
    optimizer.applyGradients(named);
  } finally {
    for (const g of grads) g.dispose();
  }
  return loss;
}
