import { fail } from '../internal/validate';

export interface HumanCurve {
  /** Revelation values of the groups kept, ascending. */
  revelation: number[];
  /** Mean of `correct` per group. */
  mean: number[];
  /** Sample standard deviation (ddof 1, as pandas) of `correct` per group. */
  std: number[];
  /** `mean` min-max normalised to [0, 1]: the curve the score compares with. */
  normalised: number[];
}

/**
 * The human accuracy curve from the Clicktionary trials (`data_for_zahra.npz`, columns
 * `Revelation` and `correct`), as the original's `get_human_data`: group by revelation, mean and
 * std of `correct`, drop the last group (Revelation 200 = the full image), min-max normalise.
 */
export function humanCurve(
  trials: { revelation: ArrayLike<number>; correct: ArrayLike<number> },
  options: { dropLast?: boolean } = {},
): HumanCurve {
  const fn = 'humanCurve';
  const { revelation, correct } = trials;
  if (revelation.length !== correct.length) {
    fail(fn, `revelation and correct must have the same length, got ${revelation.length} and ${correct.length}.`);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < revelation.length; i++) {
    const key = revelation[i] as number;
    const list = groups.get(key) ?? [];
    list.push(correct[i] as number);
    groups.set(key, list);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  if (options.dropLast ?? true) keys.pop();
  const mean = keys.map((k) => {
    const xs = groups.get(k) as number[];
    return xs.reduce((s, v) => s + v, 0) / xs.length;
  });
  const std = keys.map((k, i) => {
    const xs = groups.get(k) as number[];
    const m = mean[i] as number;
    return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
  });
  return { revelation: keys, mean, std, normalised: minMaxNormalise(mean) };
}

/** (v − min) / (max − min); NaN everywhere for a flat curve, as numpy gives. */
export function minMaxNormalise(values: readonly number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => (v - lo) / (hi - lo));
}
