// Every registered model: builds, runs forward, and survives one harmonized training step (the
// core-loss double backprop) at a reduced input size, batch 2 (with batch 1 and a 1×1 final map,
// training-mode BatchNorm zeroes the features and the step would test nothing).
// Runs on the wasm backend: its convolutions (and core-loss's wasm backprop kernels) are ~10× faster
// than the cpu backend's, which keeps the big models affordable.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@harmonization/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { getModelEntry, listModels } from '../registry/registry';
import { checkHarmonizedStep, smallSize } from './zoo-step-check';

beforeAll(async () => {
  await useBackend('wasm');
});

function finite(t: tf.Tensor): boolean {
  return tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0] === 1);
}

describe.each(listModels())('%s', (name) => {
  const size = smallSize(name);
  const numClasses = 5;
  const build = () => getModelEntry(name).builder({ inputShape: [size, size, 3], numClasses });

  it(`builds with unique layer names and runs forward at ${size}×${size}`, () => {
    const model = build();
    const names = model.layers.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    const x = tf.randomUniform([2, size, size, 3], -1, 1, 'float32', 3);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, numClasses]);
    expect(finite(y)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  // ViT-B/16 (86 M parameters) takes its step on the cpu backend in zoo-models-vit.test.ts: its
  // weights, gradients and activations outgrow the wasm heap after the other big models here.
  it.skipIf(name === 'vit_b16')(`survives one harmonized training step at ${size}×${size}`, { timeout: 300_000 }, () => {
    checkHarmonizedStep(build(), size, numClasses);
  });
});
