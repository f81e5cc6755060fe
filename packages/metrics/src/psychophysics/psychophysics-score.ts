import { randomIndex, seededRandom } from '../internal/random';
import { fail } from '../internal/validate';
import { minMaxNormalise } from './human-curve';
import type { PsychophysicsCurve } from './run-psychophysics';

export interface PsychophysicsScoreOptions {
  /** Bootstrap resamples. Default 1000 (the original's `iters`). */
  iterations?: number;
  /** Seed of the resampling. Default 0. */
  seed?: number;
  /** Which model accuracy to score when given a curve: the task output (default) or decision_mean. */
  series?: 'accuracy' | 'decisionMeanAccuracy';
}

export interface PsychophysicsScore {
  /** Mean and (population) std of −log(MSE) over the resamples. */
  mean: number;
  std: number;
  /** The model curve after min-max normalisation. */
  normalisedModel: number[];
  /** Every resample's score. */
  scores: number[];
}

/**
 * How human-like a model's accuracy-vs-revelation curve is (SPEC §8, with the §13.9 fix): the
 * MODEL's accuracies are min-max normalised and compared with the (normalised) human curve; the
 * levels are resampled with replacement `iterations` times (seeded) and each resample scores
 * −log(MSE(model, human)) over the resampled levels. Higher is more human-like; a resample where
 * both agree exactly scores +Infinity. (The original scored the revelation percentages instead
 * of the model's accuracies.)
 *
 * @param model the curve from {@link runPsychophysics}, or the model's accuracy per level.
 * @param human the human curve per level, normalised (`humanCurve(...).normalised`), same length.
 */
export function psychophysicsScore(
  model: PsychophysicsCurve | readonly number[],
  human: readonly number[],
  options: PsychophysicsScoreOptions = {},
): PsychophysicsScore {
  const fn = 'psychophysicsScore';
  const accuracy = Array.isArray(model) ? (model as number[]) : (model as PsychophysicsCurve)[options.series ?? 'accuracy'];
  if (!Array.isArray(accuracy) || !Array.isArray(human) || accuracy.length !== human.length || accuracy.length === 0) {
    fail(fn, `the model and human curves must be non-empty arrays of the same length, got ${describe(accuracy)} and ${describe(human)}.`);
  }
  const iterations = options.iterations ?? 1000;
  if (!Number.isInteger(iterations) || iterations < 1) fail(fn, `iterations must be a positive integer, got ${String(iterations)}.`);
  const y = minMaxNormalise(accuracy);
  const n = y.length;
  const random = seededRandom(options.seed ?? 0);
  const scores = new Array<number>(iterations);
  for (let it = 0; it < iterations; it++) {
    let sse = 0;
    for (let j = 0; j < n; j++) {
      const i = randomIndex(random, n);
      const d = (y[i] as number) - (human[i] as number);
      sse += d * d;
    }
    scores[it] = -Math.log(sse / n);
  }
  const mean = scores.reduce((s, v) => s + v, 0) / iterations;
  const std = Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / iterations);
  return { mean, std, normalisedModel: y, scores };
}

function describe(x: unknown): string {
  return Array.isArray(x) ? `${x.length} values` : typeof x;
}
