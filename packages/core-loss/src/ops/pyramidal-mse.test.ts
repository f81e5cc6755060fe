import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, beforeAll } from 'vitest';
import { TEST_BACKENDS, useBackend, loadReference } from '@harmonization/test-support';
import { pyramidalMse } from './pyramidal-mse';

interface Ref { shape: [number, number, number]; a: number[]; b: number[]; tokens: number[]; withTokens: number; allOnes: number; levels3: number }
const ref = loadReference<{ pyramidalMse: Ref }>('core_loss').pyramidalMse;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.each(TEST_BACKENDS)('pyramidalMse on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('matches the reference with tokens (token-0 samples stay in the denominator)', () => {
    const [withTokens, allOnes, defaultTokens, levels3, rank4] = tf.tidy(() => {
      const a = tf.tensor3d(ref.a, ref.shape);
      const b = tf.tensor3d(ref.b, ref.shape);
      const tokens = tf.tensor1d(ref.tokens);
      return [
        pyramidalMse(a, b, { tokens }).dataSync()[0]!,
        pyramidalMse(a, b, { tokens: tf.ones([4]) as tf.Tensor1D }).dataSync()[0]!,
        pyramidalMse(a, b).dataSync()[0]!,
        pyramidalMse(a, b, { tokens, levels: 3 }).dataSync()[0]!,
        pyramidalMse(tf.expandDims(a, 3), tf.expandDims(b, 3), { tokens }).dataSync()[0]!,
      ];
    });
    expect(rel(withTokens, ref.withTokens)).toBeLessThan(1e-5);
    expect(rel(allOnes, ref.allOnes)).toBeLessThan(1e-5);
    expect(rel(defaultTokens, ref.allOnes)).toBeLessThan(1e-5);
    expect(rel(levels3, ref.levels3)).toBeLessThan(1e-5);
    expect(rel(rank4, ref.withTokens)).toBeLessThan(1e-5);
  });

  it('orders as the original test does: zeros ≈ 0 ≤ random tokens ≤ ones', () => {
    const [zero, some, all] = tf.tidy(() => {
      const a = tf.randomNormal([6, 16, 16]);
      const b = tf.randomNormal([6, 16, 16]);
      return [
        pyramidalMse(a, b, { tokens: tf.zeros([6]) as tf.Tensor1D }).dataSync()[0]!,
        pyramidalMse(a, b, { tokens: tf.tensor1d([1, 0, 1, 0, 0, 1]) }).dataSync()[0]!,
        pyramidalMse(a, b, { tokens: tf.ones([6]) as tf.Tensor1D }).dataSync()[0]!,
      ];
    });
    expect(zero).toBe(0);
    expect(some).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(some);
  });

  it('names shapes on mismatch', () => {
    expect(() => pyramidalMse(tf.zeros([2, 8, 8]), tf.zeros([2, 8, 6]))).toThrow('Error in pyramidalMse: a [2,8,8] and b [2,8,6] must have the same shape.');
    expect(() => pyramidalMse(tf.zeros([2, 8, 8]), tf.zeros([2, 8, 8]), { tokens: tf.ones([3]) as tf.Tensor1D })).toThrow(
      'Error in pyramidalMse: tokens [3] must have one entry per map, got 2 maps (a [2,8,8]).',
    );
  });
});
