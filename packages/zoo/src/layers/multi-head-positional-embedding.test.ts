import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadReference, TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { levitPositionIndex, MultiHeadPositionalEmbedding } from './multi-head-positional-embedding';

interface Case { queries: number; keys: number; shape: [number, number]; index: number[] }

describe.each(TEST_BACKENDS)('%s (MultiHeadPositionalEmbedding)', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('builds the same attention-bias index as kecam (levit.py), strided and not', () => {
    const cases = loadReference<{ levit_index: Case[] }>('zoo_transformers').levit_index;
    expect(cases.length).toBe(3);
    for (const c of cases) {
      expect(Array.from(levitPositionIndex(c.queries, c.keys).index)).toEqual(c.index);
    }
  });

  it('adds bb[index[q, k], head] to every score, with weight shape [keys, heads]', () => {
    const layer = new MultiHeadPositionalEmbedding({ queryHeight: 2 });
    const scores = tf.zeros([1, 2, 4, 16]);
    layer.apply(scores);
    expect(layer.weights[0]?.shape).toEqual([16, 2]);
    const bb = tf.randomNormal([16, 2]);
    layer.weights[0]?.write(bb);
    const out = (layer.apply(scores) as tf.Tensor).arraySync() as number[][][][];
    const b = bb.arraySync() as number[][];
    const { index } = levitPositionIndex(4, 16, 2);
    for (let h = 0; h < 2; h += 1) {
      for (let q = 0; q < 4; q += 1) {
        for (let k = 0; k < 16; k += 1) {
          expect(out[0]?.[h]?.[q]?.[k]).toBeCloseTo(b[index[q * 16 + k] as number]?.[h] as number, 6);
        }
      }
    }
    tf.dispose([scores, bb]);
  });
});
