import * as tf from '@tensorflow/tfjs-core';
import { registerHarmonizationGradients } from '@harmonization/core-loss';
import { beforeAll, expect, it } from 'vitest';
import { acceleratorStatus } from '../accelerator';
import { expectAgreesWithStock, randn } from '../test-utils/compare-with-stock';
import { describeNative, useCpu } from '../test-utils/native-suite';

const positive = (shape: number[]) => tf.tidy(() => tf.add(tf.abs(randn(shape)), 0.1));
const nativeBatchNorms = () => acceleratorStatus().calls.native.FusedBatchNorm ?? 0;

describeNative('FusedBatchNorm agrees with the stock cpu kernel', () => {
  beforeAll(async () => {
    await useCpu();
    registerHarmonizationGradients();
  });

  it('per-channel statistics, with and without offset and scale', () => {
    const x = randn([4, 8, 8, 16]);
    const [m, v, o, s] = [randn([16]), positive([16]), randn([16]), randn([16])];
    const before = nativeBatchNorms();
    expectAgreesWithStock(() => [tf.batchNorm(x, m, v, o, s, 1e-3), tf.batchNorm(x, m, v, undefined, undefined, 0.01), tf.batchNorm(x, m, v, o, undefined)]);
    expect(nativeBatchNorms()).toBe(before + 3);
    tf.dispose([x, m, v, o, s]);
  });

  it('full-size statistics (layer norm tiled) and statistics of different lengths (the modulo rule)', () => {
    const x = randn([2, 6, 8, 12]);
    const full = [randn([2, 6, 8, 12]), positive([2, 6, 8, 12]), randn([2, 6, 8, 12]), randn([2, 6, 8, 12])];
    const mixed = [randn([1, 1, 8, 12]), positive([1, 1, 8, 12]), randn([1, 1, 1, 12]), randn([1, 1, 1, 12])];
    expectAgreesWithStock(() => [tf.batchNorm(x, full[0]!, full[1]!, full[2]!, full[3]!), tf.batchNorm(x, mixed[0]!, mixed[1]!, mixed[2]!, mixed[3]!)]);
    tf.dispose([x, ...full, ...mixed]);
  });

  it('a double-backprop step through training-mode batch norm (moments of x) agrees with stock', () => {
    const x = randn([2, 6, 6, 8]);
    const [o, s] = [randn([8]), randn([8])];
    const u = randn([2, 6, 6, 8]);
    // (Only gamma: the saliency reaches beta through ReLU masks alone, whose derivative is zero
    // and which core-loss keeps off the tape — as PyTorch, tf.grads then calls beta unused.)
    expectAgreesWithStock(() =>
      tf.grads((gamma: tf.Tensor, input: tf.Tensor) => {
        const saliency = tf.grad((xx: tf.Tensor) => {
          const { mean, variance } = tf.moments(xx, [0, 1, 2]);
          return tf.sum(tf.mul(tf.relu(tf.batchNorm(xx, mean, variance, o, gamma, 1e-3)), u));
        })(input);
        return tf.sum(tf.square(saliency));
      })([s, x]),
    );
    tf.dispose([x, o, s, u]);
  });
});
