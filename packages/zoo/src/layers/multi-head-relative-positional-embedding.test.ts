import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadReference, TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { MultiHeadRelativePositionalEmbedding, relativePositionIndex } from './multi-head-relative-positional-embedding';

interface Case { height: number; width: number; with_cls_token: boolean; num_relative: number; shape: [number, number]; index: number[] }

describe.each(TEST_BACKENDS)('%s (MultiHeadRelativePositionalEmbedding)', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('builds the same bias index as kecam (beit.py), square and not, with and without a class token', () => {
    const cases = loadReference<{ relative_index: Case[] }>('zoo_transformers').relative_index;
    expect(cases.length).toBe(3);
    for (const c of cases) {
      const cls = c.with_cls_token ? 1 : 0;
      const got = relativePositionIndex(c.height, c.width, c.height * c.width + cls, c.with_cls_token);
      expect([got.rows, got.cols]).toEqual(c.shape);
      expect(got.numRelative).toBe(c.num_relative);
      expect(Array.from(got.index)).toEqual(c.index);
    }
  });

  it('adds table[head, index[q, k]] to every score', () => {
    const layer = new MultiHeadRelativePositionalEmbedding({ withClsToken: false, attnHeight: 2 });
    const scores = tf.zeros([1, 3, 4, 4]);
    layer.apply(scores); // builds: table [3, 9]
    const table = tf.randomNormal([3, 9]);
    layer.weights[0]?.write(table);
    const out = (layer.apply(scores) as tf.Tensor).arraySync() as number[][][][];
    const t = table.arraySync() as number[][];
    const { index } = relativePositionIndex(2, 2, 4, false);
    for (let h = 0; h < 3; h += 1) {
      for (let q = 0; q < 4; q += 1) {
        for (let k = 0; k < 4; k += 1) {
          expect(out[0]?.[h]?.[q]?.[k]).toBeCloseTo(t[h]?.[index[q * 4 + k] as number] as number, 6);
        }
      }
    }
    tf.dispose([scores, table]);
  });
});
