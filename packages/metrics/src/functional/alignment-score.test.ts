import { describe, expect, it } from 'vitest';
import { seededRandom } from '../internal/random';
import { alignmentScore, HUMAN_SPEARMAN_CEILING } from './alignment-score';

describe('alignmentScore', () => {
  it('is the mean Spearman over the ClickMe ceiling', () => {
    expect(HUMAN_SPEARMAN_CEILING).toBe(0.6575315343478081);
    expect(alignmentScore([0.2, 0.4, 0.6])).toBeCloseTo(0.4 / 0.6575315343478081, 15);
    expect(alignmentScore([HUMAN_SPEARMAN_CEILING])).toBe(1);
    expect(alignmentScore(new Float64Array([0.1, 0.3]), { ceiling: 0.5 })).toBeCloseTo(0.4, 15);
  });

  it('leaves NaN out by default and propagates it on request (the original)', () => {
    expect(alignmentScore([0.2, Number.NaN, 0.4])).toBeCloseTo(0.3 / HUMAN_SPEARMAN_CEILING, 15);
    expect(alignmentScore([0.2, Number.NaN, 0.4], { nan: 'propagate' })).toBeNaN();
    expect(alignmentScore([Number.NaN])).toBeNaN();
    expect(alignmentScore([])).toBeNaN();
  });

  it('bootstrap interval: seeded, contains the score, std ≈ σ/√n/ceiling', () => {
    const random = seededRandom(11);
    const values = Array.from({ length: 400 }, () => random() * 0.8 - 0.1);
    const x = alignmentScore(values, { bootstrap: { samples: 2000, seed: 1 } });
    expect(alignmentScore(values, { bootstrap: { samples: 2000, seed: 1 } })).toEqual(x);
    expect(alignmentScore(values, { bootstrap: { samples: 2000, seed: 2 } }).low).not.toBe(x.low);
    expect(x.score).toBe(alignmentScore(values));
    expect(x.low).toBeLessThan(x.score);
    expect(x.high).toBeGreaterThan(x.score);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sigma = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    const expectedStd = sigma / Math.sqrt(values.length) / HUMAN_SPEARMAN_CEILING;
    expect(x.std / expectedStd).toBeGreaterThan(0.9);
    expect(x.std / expectedStd).toBeLessThan(1.1);
    // A 95 % normal interval is ±1.96 std.
    expect((x.high - x.low) / (2 * 1.96 * expectedStd)).toBeGreaterThan(0.85);
    expect((x.high - x.low) / (2 * 1.96 * expectedStd)).toBeLessThan(1.15);
    expect(x).toMatchObject({ samples: 2000, confidence: 0.95, count: 400, nanCount: 0 });
    expect(alignmentScore(values, { bootstrap: true }).samples).toBe(1000);
  });

  it('rejects bad arguments in one voice', () => {
    expect(() => alignmentScore([0.1], { ceiling: 0 })).toThrow('Error in alignmentScore: ceiling must be a positive number, got 0.');
    expect(() => alignmentScore([0.1], { bootstrap: { samples: 0 } })).toThrow(
      'Error in alignmentScore: bootstrap.samples must be a positive integer, got 0.',
    );
    expect(() => alignmentScore(null as unknown as number[])).toThrow('Error in alignmentScore: spearmans must be an array of numbers, got null.');
  });
});
