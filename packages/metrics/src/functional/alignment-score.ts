import { fail } from '../internal/validate';
import { randomIndex, seededRandom } from '../internal/random';
import { meanWithPolicy, percentileOfSorted, type NanPolicy } from '../internal/statistics';

/**
 * Mean inter-rater Spearman correlation of ClickMe human maps: the ceiling the alignment score
 * is normalised by (the original's `HUMAN_SPEARMAN_CEILING`, later rounded to 0.65753).
 */
export const HUMAN_SPEARMAN_CEILING = 0.6575315343478081;

export interface BootstrapOptions {
  /** Number of resamples. Default 1000. */
  samples?: number;
  /** Two-sided confidence level of the percentile interval. Default 0.95. */
  confidence?: number;
  /** Seed of the resampling. Default 0. */
  seed?: number;
}

export interface AlignmentScoreOptions {
  /** NaN correlations (constant maps): `'omit'` (default) or `'propagate'` (the original's np.mean). */
  nan?: NanPolicy;
  /** Ceiling to normalise by. Default {@link HUMAN_SPEARMAN_CEILING}. */
  ceiling?: number;
}

export interface AlignmentScoreInterval {
  /** The alignment score of all values (as without `bootstrap`). */
  score: number;
  /** Lower / upper bounds of the percentile bootstrap interval of the score. */
  low: number;
  high: number;
  /** Standard deviation of the bootstrap scores. */
  std: number;
  samples: number;
  confidence: number;
  /** Values used (NaN left out under `nan: 'omit'`) and NaN values seen. */
  count: number;
  nanCount: number;
}

/**
 * Alignment score of the paper: mean per-image Spearman correlation divided by
 * {@link HUMAN_SPEARMAN_CEILING} (1 = as aligned with a ClickMe map as another human is).
 *
 * With `bootstrap`, returns the score with a seeded percentile bootstrap confidence interval
 * (images resampled with replacement).
 */
export function alignmentScore(spearmans: ArrayLike<number>, options?: AlignmentScoreOptions): number;
export function alignmentScore(
  spearmans: ArrayLike<number>,
  options: AlignmentScoreOptions & { bootstrap: BootstrapOptions | true },
): AlignmentScoreInterval;
export function alignmentScore(
  spearmans: ArrayLike<number>,
  options: AlignmentScoreOptions & { bootstrap?: BootstrapOptions | true } = {},
): number | AlignmentScoreInterval {
  const fn = 'alignmentScore';
  if (spearmans === null || typeof spearmans !== 'object' || typeof spearmans.length !== 'number') {
    fail(fn, `spearmans must be an array of numbers, got ${String(spearmans)}.`);
  }
  const nan = options.nan ?? 'omit';
  if (nan !== 'omit' && nan !== 'propagate') fail(fn, `nan must be 'omit' or 'propagate', got ${String(nan)}.`);
  const ceiling = options.ceiling ?? HUMAN_SPEARMAN_CEILING;
  if (!(ceiling > 0)) fail(fn, `ceiling must be a positive number, got ${String(ceiling)}.`);
  const { mean, nanCount } = meanWithPolicy(spearmans, nan);
  const score = mean / ceiling;
  if (!options.bootstrap) return score;

  const boot = options.bootstrap === true ? {} : options.bootstrap;
  const samples = boot.samples ?? 1000;
  const confidence = boot.confidence ?? 0.95;
  if (!Number.isInteger(samples) || samples < 1) fail(fn, `bootstrap.samples must be a positive integer, got ${samples}.`);
  if (!(confidence > 0 && confidence < 1)) fail(fn, `bootstrap.confidence must be in (0, 1), got ${confidence}.`);
  const values: number[] = [];
  for (let i = 0; i < spearmans.length; i++) {
    const v = spearmans[i] as number;
    if (!Number.isNaN(v) || nan === 'propagate') values.push(v);
  }
  const n = values.length;
  const random = seededRandom(boot.seed ?? 0);
  const scores = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomIndex(random, n)] as number;
    scores[s] = n === 0 ? Number.NaN : sum / n / ceiling;
  }
  let m = 0;
  for (const v of scores) m += v;
  m /= samples;
  let ss = 0;
  for (const v of scores) ss += (v - m) * (v - m);
  const sorted = scores.slice().sort();
  const tail = ((1 - confidence) / 2) * 100;
  return {
    score,
    low: percentileOfSorted(sorted, tail),
    high: percentileOfSorted(sorted, 100 - tail),
    std: Math.sqrt(ss / samples),
    samples,
    confidence,
    count: n,
    nanCount,
  };
}
