import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, beforeAll } from 'vitest';
import { TEST_BACKENDS, useBackend, loadReference, expectAllClose } from '@harmonization/test-support';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { standardizeCut } from './standardize-cut';

interface Ref { standardizeCut: { shape: [number, number, number]; input: number[]; output: number[] } }
const ref = loadReference<Ref>('core_loss').standardizeCut;

describe.each(TEST_BACKENDS)('standardizeCut on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('matches the PyTorch reference (population std, eps 1e-5, ReLU; constant and one-hot maps)', () => {
    const out = tf.tidy(() => standardizeCut(tf.tensor3d(ref.input, ref.shape)).dataSync());
    expectAllClose(out, ref.output, 1e-5);
  });

  it('keeps [N,H,W,1] shape and gives the same values', () => {
    const [n, h, w] = ref.shape;
    const out = tf.tidy(() => {
      const y = standardizeCut(tf.tensor4d(ref.input, [n, h, w, 1]));
      expect(y.shape).toEqual([n, h, w, 1]);
      return y.dataSync();
    });
    expectAllClose(out, ref.output, 1e-5);
  });

  it('has a finite gradient on a constant map (TF reduce_std gives NaN there)', () => {
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(standardizeCut(x), tf.reshape(tf.range(0, 12), [1, 3, 4]))))(tf.fill([1, 3, 4], 2)).dataSync());
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
  });

  it('names the argument and shape on bad rank', () => {
    expect(() => standardizeCut(tf.zeros([4, 4]))).toThrow('Error in standardizeCut: maps must be rank 3 or 4, got rank 2 (shape [4,4]).');
    expect(() => standardizeCut(tf.zeros([2, 4, 4, 3]))).toThrow('Error in standardizeCut: maps must be [N,H,W] or [N,H,W,1], got shape [2,4,4,3].');
  });

  it('leaks no tensor', () => {
    const x = tf.randomNormal([2, 5, 5]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) standardizeCut(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
