import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it, beforeAll } from 'vitest';
import { TEST_BACKENDS, useBackend, loadReference, expectAllClose } from '@harmonization/test-support';
import { registerHarmonizationGradients } from '../register-gradients';
import { harmonizedGradients, harmonizerLoss, type HarmonizerBatch } from './harmonizer-loss';

interface Stored { shape: number[]; values: number[] }
interface Expected { total: number; crossEntropy: number; weightDecay: number; harmonization: number; grads: Record<string, number[]> }
interface Case {
  params: Record<string, Stored>;
  images: Stored; labels: Stored; heatmaps: Stored; tokens: number[];
  defaults: Expected; strongHarmonization: Expected;
}
const ref = loadReference<{ modelA: Case; modelB: Case }>('core_loss');

// The two PyTorch reference networks of tools/reference/core_loss_reference.py, as Keras-style
// tfjs-layers models with the same layer names.
function buildModelA(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ name: 'conv_a', inputShape: [12, 12, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tfl.layers.conv2d({ name: 'conv_b', filters: 6, kernelSize: 3, padding: 'same' }),
      tfl.layers.batchNormalization({ name: 'block_bn', epsilon: 1e-3 }),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ name: 'logits', units: 5 }),
    ],
  });
}

function buildModelB(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ name: 'stem', inputShape: [12, 12, 3], filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'swish' }),
      tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', activation: 'relu6' }),
      tfl.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
      tfl.layers.activation({ activation: 'tanh' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ name: 'logits', units: 5 }),
    ],
  });
}

function load(model: tfl.LayersModel, c: Case): void {
  for (const w of model.trainableWeights) {
    const p = c.params[w.originalName];
    if (!p) throw new Error(`fixture has no ${w.originalName}`);
    w.write(tf.tensor(p.values, p.shape));
  }
}

function batchOf(c: Case): HarmonizerBatch {
  return {
    images: tf.tensor4d(c.images.values, c.images.shape as [number, number, number, number]),
    labels: tf.tensor2d(c.labels.values, c.labels.shape as [number, number]),
    heatmaps: tf.tensor3d(c.heatmaps.values, c.heatmaps.shape as [number, number, number]),
    tokens: tf.tensor1d(c.tokens),
  };
}

function expectMatches(model: tfl.LayersModel, got: ReturnType<typeof harmonizedGradients>, want: Expected): void {
  for (const k of ['total', 'crossEntropy', 'weightDecay', 'harmonization'] as const) {
    expect(Math.abs(got.loss[k] - want[k]) / Math.abs(want[k]), k).toBeLessThan(1e-4);
  }
  // Each gradient is compared relative to its own scale, floored at 1e-3 of the largest gradient
  // entry of the model (see maxRelativeError: conv_b/bias feeds a BatchNorm and its true gradient
  // is only the weight-decay term, ~1e-6).
  const globalScale = Math.max(...Object.values(want.grads).flatMap((g) => g.map(Math.abs)));
  model.trainableWeights.forEach((w, i) => {
    expectAllClose(got.grads[i]!.dataSync(), want.grads[w.originalName]!, 1e-4, `d total / d ${w.originalName}`, 1e-3 * globalScale);
  });
}

describe.each(TEST_BACKENDS)('harmonizer loss against PyTorch on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
    registerHarmonizationGradients();
  });

  it.each([
    ['modelA', buildModelA, 'conv + ReLU + max-pool + conv + BatchNorm + dense'],
    ['modelB', buildModelB, 'strided conv (TF asymmetric SAME) + swish + depthwise + ReLU6 + avg-pool + tanh + GAP + dense'],
  ] as const)('%s: loss terms and every weight gradient (%s)', (key, build, _what) => {
    const c = ref[key];
    const model = build();
    load(model, c);
    const batch = batchOf(c);
    const before = tf.memory().numTensors;
    const defaults = harmonizedGradients(model, batch);
    expectMatches(model, defaults, c.defaults);
    tf.dispose(defaults.grads);
    const strong = harmonizedGradients(model, batch, { lambdaWeights: 1e-2, lambdaHarmonization: 100 });
    expectMatches(model, strong, c.strongHarmonization);
    tf.dispose(strong.grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(batch));
    model.dispose();
  });

  it('accepts a plain function model with an explicit variable list, [N,H,W,1] heatmaps', () => {
    const c = ref.modelA;
    const model = buildModelA();
    load(model, c);
    const batch = batchOf(c);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const logits = (x: tf.Tensor4D) => model.apply(x, { training: true }) as tf.Tensor2D;
    const heatmaps = tf.expandDims(batch.heatmaps, 3);
    const got = harmonizedGradients(logits, { ...batch, heatmaps }, {
      variables,
      // Function models have no Keras layer names: say which variables decay.
      weightDecayFilter: (name) => !name.includes('block_bn'),
    });
    expectMatches(model, got, c.defaults);
    tf.dispose([...got.grads, heatmaps, ...Object.values(batch)]);
    model.dispose();
  });

  it('harmonizerLoss gives the same terms as tensors, usable in optimizer.minimize', () => {
    const c = ref.modelB;
    const model = buildModelB();
    load(model, c);
    const batch = batchOf(c);
    const values = tf.tidy(() => {
      const t = harmonizerLoss(model, batch);
      return [t.total, t.crossEntropy, t.weightDecay, t.harmonization].map((s) => s.dataSync()[0]!);
    });
    expect(Math.abs(values[0]! - c.defaults.total) / c.defaults.total).toBeLessThan(1e-4);
    expect(Math.abs(values[3]! - c.defaults.harmonization) / c.defaults.harmonization).toBeLessThan(1e-4);
    tf.dispose(Object.values(batch));
    model.dispose();
  });

  it('names the argument and the shapes on bad input', () => {
    const model = buildModelA();
    const images = tf.zeros([3, 12, 12, 3]) as tf.Tensor4D;
    const labels = tf.zeros([3, 5]) as tf.Tensor2D;
    const heatmaps = tf.zeros([3, 12, 12]);
    expect(() => harmonizedGradients(model, { images: tf.zeros([12, 12, 3]) as unknown as tf.Tensor4D, labels, heatmaps })).toThrow(
      'Error in harmonizedGradients: images must be rank 4, got rank 3 (shape [12,12,3]).',
    );
    expect(() => harmonizedGradients(model, { images, labels: tf.zeros([2, 5]) as tf.Tensor2D, heatmaps })).toThrow(
      'Error in harmonizedGradients: images [3,12,12,3] and labels [2,5] must have the same batch size.',
    );
    expect(() => harmonizedGradients(model, { images, labels: tf.zeros([3, 7]) as tf.Tensor2D, heatmaps })).toThrow(
      "Error in harmonizedGradients: labels [3,7] must match the model's logits [3,5].",
    );
    expect(() => harmonizedGradients(model, { images, labels, heatmaps: tf.zeros([3, 10, 12]) })).toThrow(
      "Error in harmonizedGradients: heatmaps [3,10,12] must have the images' height and width, images are [3,12,12,3].",
    );
    expect(() => harmonizedGradients(model, { images, labels, heatmaps: tf.zeros([2, 12, 12]) })).toThrow(
      'Error in harmonizedGradients: images [3,12,12,3] and heatmaps [2,12,12] must have the same batch size.',
    );
    expect(() => harmonizedGradients(model, { images, labels, heatmaps, tokens: tf.ones([4]) as tf.Tensor1D })).toThrow(
      'Error in harmonizedGradients: images [3,12,12,3] and tokens [4] must have the same batch size.',
    );
    expect(() => harmonizedGradients((x: tf.Tensor4D) => model.apply(x) as tf.Tensor2D, { images, labels, heatmaps })).toThrow(
      'Error in harmonizedGradients: options.variables must list the trainable variables when model is a plain function.',
    );
    model.dispose();
  });
});
