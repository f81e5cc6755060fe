import { describe, expect, it } from 'vitest';
import { expectAccumulatesLikeOneShot } from '../../test/check-accumulation';
import { referenceMap } from '../../test/reference-maps';
import { alignmentScore } from '../functional/alignment-score';
import { dice } from '../functional/dice';
import { iou } from '../functional/iou';
import { spearman } from '../functional/spearman';
import { AlignmentScore } from './alignment-score';
import { Dice } from './dice';
import { IoU } from './iou';
import { Spearman } from './spearman';

// 11 pairs of 20x20 maps, one constant (NaN Spearman) to exercise the counting.
const size = 400;
const a = Array.from({ length: 11 }, (_, i) =>
  i === 4 ? new Float32Array(size).fill(0.5) : referenceMap({ kind: i % 2 ? 'quantized8' : 'uniform', seed: i }, size),
);
const b = Array.from({ length: 11 }, (_, i) =>
  referenceMap({ mix: [{ kind: 'uniform', seed: i }, { kind: 'uniform', seed: 50 + i }], weight: 0.7 }, size),
);
const chunks = [3, 1, 5, 2];

const summary = (values: number[], omit = true) => {
  const kept = values.filter((v) => !Number.isNaN(v));
  const mean = omit || kept.length === values.length ? kept.reduce((s, v) => s + v, 0) / kept.length : Number.NaN;
  return { mean, values, count: values.length, nanCount: values.length - kept.length };
};

describe('stateful metrics accumulate exactly like one shot', () => {
  it('Spearman', () => {
    expectAccumulatesLikeOneShot(new Spearman(), (x, y) => summary(spearman(x, y)), a, b, chunks);
    expect(new Spearman().update(a, b).compute().nanCount).toBe(1);
  });
  it('Spearman with nan: propagate', () => {
    expectAccumulatesLikeOneShot(new Spearman({ nan: 'propagate' }), (x, y) => summary(spearman(x, y), false), a, b, chunks);
    expect(new Spearman({ nan: 'propagate' }).update(a, b).compute().mean).toBeNaN();
  });
  it('Dice (percentile 10 and 25)', () => {
    expectAccumulatesLikeOneShot(new Dice(), (x, y) => summary(dice(x, y)), a, b, chunks);
    expectAccumulatesLikeOneShot(new Dice({ percentile: 25 }), (x, y) => summary(dice(x, y, { percentile: 25 })), a, b, chunks);
  });
  it('IoU (percentile 10 and 25)', () => {
    expectAccumulatesLikeOneShot(new IoU(), (x, y) => summary(iou(x, y)), a, b, chunks);
    expectAccumulatesLikeOneShot(new IoU({ percentile: 25 }), (x, y) => summary(iou(x, y, { percentile: 25 })), a, b, chunks);
  });
  it('AlignmentScore, with a bootstrap interval', () => {
    const bootstrap = { samples: 200, seed: 3 };
    expectAccumulatesLikeOneShot(
      new AlignmentScore({ bootstrap }),
      (x, y) => {
        const s = spearman(x, y);
        const { mean, nanCount } = summary(s);
        return {
          score: alignmentScore(s),
          meanSpearman: mean,
          spearman: s,
          count: s.length,
          nanCount,
          interval: alignmentScore(s, { bootstrap }),
        };
      },
      a,
      b,
      chunks,
    );
  });
  it('AlignmentScore.updateSpearman takes precomputed correlations', () => {
    const s = spearman(a, b);
    const viaMaps = new AlignmentScore().update(a, b).compute();
    const viaValues = new AlignmentScore().updateSpearman(s).compute();
    expect(viaValues).toEqual(viaMaps);
  });
  it('reject a bad percentile when built', () => {
    expect(() => new Dice({ percentile: 120 })).toThrow('Error in Dice: percentile must be a number in [0, 100], got 120.');
    expect(() => new IoU({ percentile: -1 })).toThrow('Error in IoU: percentile must be a number in [0, 100], got -1.');
  });
});
