// Spearman, Dice and IoU against the original's code run with Debian scipy/numpy
// (tools/reference/metrics_reference.py): Spearman, Dice and IoU exactly.
import * as tf from '@tensorflow/tfjs-core';
import { loadReference, useBackend } from '@harmonization/test-support';
import { describe, expect, it } from 'vitest';
import { caseMaps, type ReferenceCase } from '../../test/reference-maps';
import { percentileThreshold } from '../internal/percentile-threshold';
import { SortedMap } from '../internal/sorted-map';
import { alignmentMetrics } from './alignment-metrics';
import { dice } from './dice';
import { iou } from './iou';
import { spearman } from './spearman';

const reference = loadReference<{ cases: ReferenceCase[] }>('metrics_reference');
const nanOf = (v: (number | null)[]) => v.map((x) => (x === null ? Number.NaN : x));

describe.each(reference.cases.map((c) => [c.name, c] as const))('reference case: %s', (_name, c) => {
  const { a, b } = caseMaps(c);

  it('spearman equals scipy.stats.spearmanr to the last bit (NaN where scipy gives NaN)', () => {
    // The requirement is 1e-6; the rank sums are exact in float64 on both sides and the final
    // operations are numpy's, so the values are identical.
    expect(spearman(a, b)).toEqual(nanOf(c.spearman));
  });

  it('gives the same values from tensors of the case shape', async () => {
    await useBackend('cpu');
    const flat = (maps: Float32Array[]) => {
      const out = new Float32Array(maps.length * (maps[0]?.length ?? 0));
      maps.forEach((m, i) => out.set(m, i * m.length));
      return out;
    };
    const ta = tf.tensor(flat(a), c.shape);
    const tb = tf.tensor(flat(b), c.shape);
    expect(spearman(ta, tb)).toEqual(spearman(a, b));
    for (const o of c.overlap) {
      expect(dice(ta, tb, { percentile: o.percentile })).toEqual(o.dice);
      expect(iou(ta, tb, { percentile: o.percentile })).toEqual(o.iou);
    }
    tf.dispose([ta, tb]);
  });

  it.each(c.overlap.map((o) => [o.percentile, o] as const))('dice and iou at percentile %s equal numpy exactly', (p, o) => {
    expect(dice(a, b, { percentile: p })).toEqual(o.dice);
    expect(iou(a, b, { percentile: p })).toEqual(o.iou);
    const all = alignmentMetrics(a, b, { percentile: p });
    expect(all.dice).toEqual(o.dice);
    expect(all.iou).toEqual(o.iou);
    // The thresholds themselves, as numpy compares them (float32).
    const sorted = new SortedMap(a[0]!.length);
    a.forEach((m, i) => expect(percentileThreshold(sorted.sort(m), 100 - p)).toEqual(nanOf(o.thresholdA)[i]));
    b.forEach((m, i) => expect(percentileThreshold(sorted.sort(m), 100 - p)).toEqual(nanOf(o.thresholdB)[i]));
  });
});
