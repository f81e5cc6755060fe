// One contract for every explainer: (images [N,H,W,C], labels) => maps [N,H,W]; finite, no
// tensor leaked, independent of the sub-batch size, and equal to the analytic answer on a
// linear model, whose input gradient is known: ∂(Σ_k logits_k·y_k)/∂x = W·y.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers'; // registers the gradients the explainers need
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../internal/random';
import type { Explainer } from './gradients';
import { gradientTimesInput } from './gradient-times-input';
import { integratedGradients } from './integrated-gradients';
import type { Classifier } from './model';
import { saliency } from './saliency';
import { signedSaliency } from './signed-saliency';
import { smoothGrad } from './smooth-grad';

const [N, H, W, C, K] = [5, 4, 3, 3, 6];
const D = H * W * C;
const random = seededRandom(7);
const weights = Float32Array.from({ length: D * K }, () => random() * 2 - 1);
const pixels = Float32Array.from({ length: N * D }, () => random() * 2 - 1);
const classes = [2, 0, 5, 1, 2];

// Per image n and pixel (h, w), the C channel values of the gradient W·y_n and of the input.
const gradient = (n: number, p: number, c: number) => weights[(p * C + c) * K + classes[n]!]!;
const input = (n: number, p: number, c: number) => pixels[n * D + p * C + c]!;
const perPixel = (reduce: (n: number, p: number) => number) =>
  Array.from({ length: N }, (_, n) => Array.from({ length: H * W }, (_, p) => reduce(n, p)));
const channels = (f: (c: number) => number) => Array.from({ length: C }, (_, c) => f(c));
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

interface Case {
  name: string;
  make: (model: Classifier, batchSize: number) => Explainer;
  /** Analytic map on the linear model, [N][H·W]. */
  linear: number[][];
}

const cases: Case[] = [
  {
    name: 'saliency',
    make: (m, batchSize) => saliency(m, { batchSize }),
    linear: perPixel((n, p) => Math.max(...channels((c) => Math.abs(gradient(n, p, c))))),
  },
  {
    name: 'signedSaliency',
    make: (m, batchSize) => signedSaliency(m, { batchSize }),
    linear: perPixel((n, p) => mean(channels((c) => gradient(n, p, c)))),
  },
  {
    name: 'gradientTimesInput',
    make: (m, batchSize) => gradientTimesInput(m, { batchSize }),
    linear: perPixel((n, p) => mean(channels((c) => input(n, p, c) * gradient(n, p, c)))),
  },
  {
    // The gradient of a linear model ignores the noise: the mean is the gradient itself.
    name: 'smoothGrad',
    make: (m, batchSize) => smoothGrad(m, { batchSize, samples: 3, noise: 0.5, seed: 1 }),
    linear: perPixel((n, p) => mean(channels((c) => gradient(n, p, c)))),
  },
  {
    // Constant gradient along the path: (x − baseline)·W·y exactly.
    name: 'integratedGradients',
    make: (m, batchSize) => integratedGradients(m, { batchSize, steps: 4, baseline: 0.25 }),
    linear: perPixel((n, p) => mean(channels((c) => (input(n, p, c) - 0.25) * gradient(n, p, c)))),
  },
];

function smallConvNet(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [H, W, C], filters: 4, kernelSize: 2, activation: 'relu', padding: 'same', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: K, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  return model;
}

describe.each(TEST_BACKENDS)('explainer contract on %s', (backend) => {
  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('linear model: the analytic map, for one-hot and index labels, any sub-batch size', async () => {
      await useBackend(backend);
      const w = tf.tensor2d(weights, [D, K]);
      const linear = (x: tf.Tensor4D) => tf.matMul(tf.reshape(x, [x.shape[0], -1]), w);
      const images = tf.tensor4d(pixels, [N, H, W, C]);
      const oneHot = tf.oneHot(tf.tensor1d(classes, 'int32'), K);
      const before = tf.memory().numTensors;
      for (const [batchSize, labels] of [[32, oneHot], [2, classes], [1, tf.tensor1d(classes, 'int32')]] as const) {
        const maps = c.make(linear, batchSize)(images, labels);
        expect(maps.shape).toEqual([N, H, W]);
        const got = (await maps.array()).map((m) => m.flat());
        got.forEach((row, n) => row.forEach((v, p) => expect(v).toBeCloseTo(c.linear[n]![p]!, 5)));
        maps.dispose();
        if (labels instanceof tf.Tensor && labels !== oneHot) labels.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([w, images, oneHot]);
    });

    it('layers model: shape [N,H,W], finite, no leak, same maps for any sub-batch size', async () => {
      await useBackend(backend);
      const model = smallConvNet();
      const images = tf.tensor4d(pixels, [N, H, W, C]);
      const before = tf.memory().numTensors;
      const whole = c.make(model, 32)(images, classes);
      const split = c.make(model, 2)(images, classes);
      expect(whole.shape).toEqual([N, H, W]);
      const a = await whole.data();
      const b = await split.data();
      expect(a.every(Number.isFinite)).toBe(true);
      expect(a.some((v) => v !== 0)).toBe(true);
      if (c.name !== 'smoothGrad') a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
      tf.dispose([whole, split]);
      expect(tf.memory().numTensors).toBe(before);
      images.dispose();
      model.dispose();
    });
  });
});

describe('explainer input checks', () => {
  it('names the kernel that has no gradient and says how to register them', () => {
    const images = tf.zeros([2, H, W, C]) as tf.Tensor4D;
    // tfjs 4.22 registers no gradient for Cumprod.
    const model = (x: tf.Tensor4D) => tf.matMul(tf.cumprod(tf.reshape(x, [x.shape[0], -1]), 1), tf.ones([D, K]));
    expect(() => saliency(model)(images, [0, 1])).toThrow(
      /^Error in saliency: tfjs has no gradient registered for a kernel of the model \(.*Cumprod.*\)\. Import '@tensorflow\/tfjs' or '@tensorflow\/tfjs-layers'/,
    );
    images.dispose();
  });

  const linear = (x: tf.Tensor4D) => tf.matMul(tf.reshape(x, [x.shape[0], -1]), tf.ones([D, K]));
  it('rejects bad images, labels and options in one voice, and leaks nothing', () => {
    const images = tf.zeros([2, H, W, C]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    expect(() => saliency(linear)(tf.zeros([2, H, W]) as never, [0, 1])).toThrow('Error in saliency: images must be a tensor [N,H,W,C], got [2,4,3].');
    expect(() => saliency(linear)(images, [0, 1, 2])).toThrow('Error in saliency: labels must be class indices [2] or one-hot [2,K], got [3].');
    expect(() => signedSaliency(linear)(images, tf.zeros([2, K + 1]))).toThrow(
      'Error in signedSaliency: the labels have 7 classes and the model returns 6.',
    );
    expect(() => saliency((x) => tf.reshape(x, [-1]))(images, [0, 1])).toThrow(
      'Error in saliency: the model must return one logits tensor [N,K], got shape [72].',
    );
    expect(() => smoothGrad(linear, { samples: 0 })).toThrow('Error in smoothGrad: samples must be a positive integer, got 0.');
    expect(() => integratedGradients(linear, { steps: 1 })).toThrow('Error in integratedGradients: steps must be an integer >= 2, got 1.');
    expect(() => gradientTimesInput(linear, { batchSize: 0 })).toThrow('Error in gradientTimesInput: batchSize must be a positive integer, got 0.');
    images.dispose();
    // The two tf.zeros made inside the expectations above are the only tensors left.
    expect(tf.memory().numTensors - before).toBe(2 - 1);
  });
});
