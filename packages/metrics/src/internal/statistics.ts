// Means with an explicit NaN policy, and numpy-style linear percentiles of float64 data.

/**
 * What to do with NaN values (a constant map has an undefined Spearman correlation):
 * `'omit'` averages the others (and callers report how many were left out), `'propagate'`
 * returns NaN as numpy's mean does in the original.
 */
export type NanPolicy = 'omit' | 'propagate';

export interface MeanResult {
  mean: number;
  count: number;
  nanCount: number;
}

export function meanWithPolicy(values: ArrayLike<number>, policy: NanPolicy): MeanResult {
  let sum = 0;
  let used = 0;
  let nanCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      nanCount++;
      continue;
    }
    sum += v;
    used++;
  }
  const mean = (policy === 'propagate' && nanCount > 0) || used === 0 ? Number.NaN : sum / used;
  return { mean, count: values.length, nanCount };
}

/** numpy.percentile(values, q) with linear interpolation on float64 data, `sorted` ascending. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = (n - 1) * (q / 100);
  if (index >= n - 1) return sorted[n - 1] as number;
  const lo = Math.floor(index);
  const g = index - lo;
  const a = sorted[lo] as number;
  const b = sorted[lo + 1] as number;
  const d = b - a;
  return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}
