import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, beforeAll } from 'vitest';
import { TEST_BACKENDS, useBackend, loadReference } from '@harmonization/test-support';
import { crossEntropyWithLogits } from './cross-entropy';

interface Ref { logits: number[]; labels: number[]; shape: [number, number]; smoothing0: number; smoothing01: number }
const ref = loadReference<{ crossEntropy: Ref }>('core_loss').crossEntropy;

describe.each(TEST_BACKENDS)('crossEntropyWithLogits on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('matches the reference with and without Keras label smoothing', () => {
    const [s0, s1] = tf.tidy(() => {
      const logits = tf.tensor2d(ref.logits, ref.shape);
      const labels = tf.tensor2d(ref.labels, ref.shape);
      return [crossEntropyWithLogits(logits, labels, 0).dataSync()[0]!, crossEntropyWithLogits(logits, labels, 0.1).dataSync()[0]!];
    });
    expect(Math.abs(s0 - ref.smoothing0) / ref.smoothing0).toBeLessThan(1e-5);
    expect(Math.abs(s1 - ref.smoothing01) / ref.smoothing01).toBeLessThan(1e-5);
  });

  it('says which shapes disagree', () => {
    expect(() => crossEntropyWithLogits(tf.zeros([2, 5]), tf.zeros([2, 4]))).toThrow(
      'Error in crossEntropyWithLogits: labels [2,4] must match logits [2,5].',
    );
  });
});
