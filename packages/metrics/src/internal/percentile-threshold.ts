// numpy.percentile(map, q) with the default 'linear' method, bit for bit as numpy 1.x computes
// it for a float32 map, and the float32 rounding numpy 1.x applies when that float64 threshold
// is compared with a float32 array (`map > threshold`, value-based casting).

/** A map that can give the values of rank k and k + 1 (SortedMap, OrderStatistics). */
export interface RankedValues {
  readonly size: number;
  readonly hasNaN: boolean;
  pair(k: number): [number, number];
}

/**
 * Threshold `t` such that numpy 1.x's `map > np.percentile(map, q)` equals `map > t` in
 * float32. NaN when the map holds a NaN (numpy's percentile is then NaN: nothing passes).
 */
export function percentileThreshold(sorted: RankedValues, q: number): number {
  if (sorted.hasNaN) return Number.NaN;
  const n = sorted.size;
  // numpy: q / 100 in float64, virtual index (n - 1) * q, neighbours floor and floor + 1.
  const virtualIndex = (n - 1) * (q / 100);
  // q is in [0, 100], so the index is never below 0. At or past the last element numpy sets
  // both neighbours to -1 (the last element) and computes gamma from that -1.
  const last = virtualIndex >= n - 1;
  const previous = last ? -1 : Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const [a, b] = sorted.pair(last ? n - 1 : previous);
  // b - a is a float32 subtraction; the rest is float64 (numpy's _lerp).
  const diff = Math.fround(b - a);
  const threshold = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  return Math.fround(threshold);
}
