import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, beforeAll } from 'vitest';
import { TEST_BACKENDS, useBackend, loadReference, expectAllClose } from '@harmonization/test-support';
import { binomialKernel, pyramid } from './pyramid';

interface Level { shape: number[]; values: number[] }
interface Case { shape: [number, number, number, number]; input: number[]; levels: Level[] }
const ref = loadReference<{ pyramidOdd: Case; pyramidEven: Case }>('core_loss');

describe.each(TEST_BACKENDS)('pyramid on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(['pyramidOdd', 'pyramidEven'] as const)('matches TF SAME-padded binomial downsampling (%s)', (key) => {
    const c = ref[key];
    const got = tf.tidy(() => pyramid(tf.tensor4d(c.input, c.shape), 5).map((l) => ({ shape: l.shape, values: l.dataSync() })));
    expect(got).toHaveLength(6);
    got.forEach((level, i) => {
      expect(level.shape, `level ${i} shape`).toEqual(c.levels[i]!.shape);
      expectAllClose(level.values, c.levels[i]!.values, 1e-5, `level ${i}`);
    });
  });

  it('gives 224, 112, 56, 28, 14, 7 for ClickMe maps', () => {
    const sizes = tf.tidy(() => pyramid(tf.zeros([1, 224, 224, 1]), 5).map((l) => l.shape[1]));
    expect(sizes).toEqual([224, 112, 56, 28, 14, 7]);
  });

  it('uses the normalised 5x5 binomial kernel', () => {
    const k = binomialKernel();
    const v = k.dataSync();
    expect(Array.from(v).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(v[12]).toBeCloseTo(36 / 256, 7);
    k.dispose();
  });

  it('rejects bad rank and levels', () => {
    expect(() => pyramid(tf.zeros([2, 4, 4]) as unknown as tf.Tensor4D)).toThrow('Error in pyramid: maps must be rank 4, got rank 3 (shape [2,4,4]).');
    expect(() => pyramid(tf.zeros([1, 4, 4, 1]), -1)).toThrow('Error in pyramid: levels must be a non-negative integer, got -1.');
  });

  it('leaks no tensor', () => {
    const x = tf.randomNormal([1, 16, 16, 2]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(pyramid(x, 3).slice(1));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
