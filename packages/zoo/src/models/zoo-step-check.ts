// Test helper shared by the per-model test files: one harmonized training step (core-loss double
// backprop) on a registered model at a reduced input size, batch 2 (with batch 1 and a 1×1 final
// map, training-mode BatchNorm zeroes the features and the step would test nothing).
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { trainStep, type HarmonizableModel } from '@harmonization/core-loss';
import { expect } from 'vitest';
import { getModelEntry } from '../registry/registry';

export function smallSize(name: string): number {
  return Math.max(getModelEntry(name).minInputSize, name.startsWith('tiny_') ? 16 : 32);
}

export function checkHarmonizedStep(model: tfl.LayersModel, size: number, numClasses: number): void {
  const optimizer = tf.train.sgd(1e-3);
  const images = tf.randomUniform([2, size, size, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([1, 3], 'int32'), numClasses) as tf.Tensor2D;
  const heatmaps = tf.randomUniform([2, size, size, 1], 0, 1, 'float32', 9);
  const before = model.trainableWeights.map((w) => w.read().clone());
  const tensorsBefore = tf.memory().numTensors;
  // LayersModel.apply also accepts symbolic tensors, which core-loss's structural type does not list.
  const loss = trainStep(model as unknown as HarmonizableModel, optimizer, { images, labels, heatmaps }, { pyramidLevels: 5 });
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  for (const v of Object.values(loss)) expect(Number.isFinite(v)).toBe(true);
  // The saliency term is live: the input gradient reached the human maps.
  expect(loss.harmonization).toBeGreaterThan(0);
  // The update reached both ends of the network. Not every weight moves on a first step: LeViT's
  // residual branches end in a BatchNorm with gamma 0 at init (kecam), so the weights inside them
  // get no gradient until gamma moves.
  const moved = model.trainableWeights.map((w, i) => tf.tidy(() => tf.any(tf.notEqual(w.read(), before[i]!)).dataSync()[0] === 1));
  expect(moved[0]).toBe(true);
  expect(moved.at(-1)).toBe(true);
  expect(moved.filter(Boolean).length).toBeGreaterThan(model.trainableWeights.length / 2);
  tf.dispose([images, labels, heatmaps, ...before]);
  optimizer.dispose();
  model.dispose();
}
