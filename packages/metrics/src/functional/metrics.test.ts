// Inputs, errors and the properties the original's tests check (SPEC §10).
import * as tf from '@tensorflow/tfjs-core';
import { TEST_BACKENDS, useBackend } from '@harmonization/test-support';
import { describe, expect, it } from 'vitest';
import { referenceMap } from '../../test/reference-maps';
import { alignmentMetrics } from './alignment-metrics';
import { dice } from './dice';
import { iou } from './iou';
import { spearman } from './spearman';

const H = 224;
const W = 224;
const N = 10;
const maps = Array.from({ length: N }, (_, i) => referenceMap({ kind: 'uniform', seed: 500 + i }, H * W));
const negated = maps.map((m) => m.map((v) => -v));
const inverted = maps.map((m) => m.map((v) => 1 - v));
const others = Array.from({ length: N }, (_, i) => referenceMap({ kind: 'uniform', seed: 900 + i }, H * W));

describe('properties of the original tests (random 10x224x224 maps)', () => {
  it('metric(a, a) = 1', () => {
    for (const v of spearman(maps, maps)) expect(v).toBeCloseTo(1, 12);
    for (const v of dice(maps, maps)) expect(v).toBeCloseTo(1, 8);
    for (const v of iou(maps, maps)) expect(v).toBeCloseTo(1, 8);
  });
  it('spearman(a, -a) = -1; dice(a, 1 - a) = iou(a, 1 - a) = 0', () => {
    for (const v of spearman(maps, negated)) expect(v).toBeCloseTo(-1, 12);
    expect(dice(maps, inverted)).toEqual(new Array(N).fill(0));
    expect(iou(maps, inverted)).toEqual(new Array(N).fill(0));
  });
  it('ranges: spearman in [-1, 1], dice and iou in [0, 1]; about 10 % of pixels kept', () => {
    const r = alignmentMetrics(maps, others);
    for (const v of r.spearman) expect(Math.abs(v)).toBeLessThan(0.05);
    for (const v of [...r.dice, ...r.iou]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // Independent top-10 % masks overlap on ≈ 1 % of pixels: dice ≈ 0.1, iou ≈ 0.053.
    for (const v of r.dice) expect(v).toBeCloseTo(0.1, 1);
    for (const v of r.iou) expect(v).toBeCloseTo(0.1 / 1.9, 1);
  });
  it('ranks ignore monotone transforms; -0 ties with +0', () => {
    // v³ is strictly increasing and spreads neighbours 3 ulps apart, so float32 creates no ties.
    const cubed = maps.map((m) => m.map((v) => v ** 3));
    expect(spearman(maps, cubed)).toEqual(spearman(maps, maps));
    const zeros = Float32Array.from([0, -0, 1, 2, -0, 0, 3, 0]);
    const plain = Float32Array.from([0, 0, 1, 2, 0, 0, 3, 0]);
    const other = Float32Array.from([5, 1, 2, 0, 3, 4, 1, 6]);
    expect(spearman([zeros], [other])).toEqual(spearman([plain], [other]));
  });
  it('alignmentMetrics equals the three functions', () => {
    for (const p of [10, 3, 50]) {
      expect(alignmentMetrics(maps, others, { percentile: p })).toEqual({
        spearman: spearman(maps, others),
        dice: dice(maps, others, { percentile: p }),
        iou: iou(maps, others, { percentile: p }),
      });
    }
  });
});

describe.each(TEST_BACKENDS)('tensor inputs on %s', (backend) => {
  it('[N,H,W] and [N,H,W,1] tensors give the array results, leak nothing', async () => {
    await useBackend(backend);
    const flatA = new Float32Array(3 * 30 * 20);
    const flatB = new Float32Array(3 * 30 * 20);
    maps.slice(0, 3).forEach((m, i) => flatA.set(m.subarray(0, 600), i * 600));
    others.slice(0, 3).forEach((m, i) => flatB.set(m.subarray(0, 600), i * 600));
    const arraysA = [0, 1, 2].map((i) => flatA.slice(i * 600, (i + 1) * 600));
    const arraysB = [0, 1, 2].map((i) => flatB.slice(i * 600, (i + 1) * 600));
    const a3 = tf.tensor3d(flatA, [3, 30, 20]);
    const b4 = tf.tensor4d(flatB, [3, 30, 20, 1]);
    const before = tf.memory().numTensors;
    const want = alignmentMetrics(arraysA, arraysB);
    expect(spearman(a3, b4)).toEqual(want.spearman);
    expect(dice(b4, a3)).toEqual(dice(arraysB, arraysA));
    expect(iou(a3, b4)).toEqual(want.iou);
    expect(alignmentMetrics(a3, b4)).toEqual(want);
    expect(tf.memory().numTensors).toBe(before);
    // int32 maps are cast to float32 as the original's tf.cast does.
    const ints = tf.tensor3d([3, 1, 2, 2, 0, 5], [1, 2, 3], 'int32');
    expect(spearman(ints, tf.tensor3d([[[0.3, 0.1, 0.2], [0.25, 0, 0.5]]]))[0]).toBeCloseTo(0.9856107606091623, 12);
    tf.dispose([a3, b4, ints]);
  });
});

describe('input checks', () => {
  it('names both shapes on a mismatch', () => {
    const a = tf.zeros([2, 8, 8]);
    const b = tf.zeros([2, 8, 9, 1]);
    const c = tf.zeros([3, 8, 8]);
    expect(() => spearman(a, b)).toThrow('Error in spearman: a and b must have the same shape, got [2,8,8] and [2,8,9,1].');
    expect(() => dice(a, c)).toThrow('Error in dice: a and b must have the same shape, got [2,8,8] and [3,8,8].');
    expect(() => iou([new Float32Array(64)], a)).toThrow('Error in iou: a and b must have the same shape, got [1,64] and [2,8,8].');
    tf.dispose([a, b, c]);
  });
  it('rejects maps of the wrong rank or with colour channels', () => {
    const rgb = tf.zeros([2, 8, 8, 3]);
    const flat = tf.zeros([2, 64]);
    expect(() => spearman(rgb, rgb)).toThrow('Error in spearman: a must be maps of shape [N,H,W] or [N,H,W,1], got [2,8,8,3].');
    expect(() => dice(flat, flat)).toThrow('Error in dice: a must be maps of shape [N,H,W] or [N,H,W,1], got [2,64].');
    tf.dispose([rgb, flat]);
  });
  it('rejects arrays of uneven maps, non-arrays and a bad percentile', () => {
    expect(() => spearman([new Float32Array(4), new Float32Array(5)], [new Float32Array(4), new Float32Array(5)])).toThrow(
      'Error in spearman: every map in a must have the same length, got 4 for a[0] and 5 for a[1].',
    );
    expect(() => spearman('maps' as never, [])).toThrow(
      'Error in spearman: a must be a tensor [N,H,W] / [N,H,W,1] or an array of Float32Array maps, got string.',
    );
    expect(() => dice([[1, 2]], [[1, 2]], { percentile: Number.NaN })).toThrow(
      'Error in dice: percentile must be a number in [0, 100], got NaN.',
    );
  });
  it('accepts plain number arrays and empty batches', () => {
    expect(spearman([[1, 2, 3, 4]], [[2, 4, 6, 9]])).toEqual([1]);
    expect(spearman([], [])).toEqual([]);
    expect(dice([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]])).toEqual([2 / (2 + 1e-9)]);
  });
});
