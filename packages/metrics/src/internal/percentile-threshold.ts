// numpy.percentile(map, q) with the default 'linear' method, bit for bit as numpy 1.x computes
// it for a float32 map, and the float32 rounding numpy 1.x applies when that float64 threshold
// is compared with a float32 array (`map > threshold`, value-based casting).
import type { SortedMap } from './sorted-map';

/**
 * Threshold `t` such that numpy 1.x's `map > np.percentile(map, q)` equals `map > t` in
 * float32. NaN when the map holds a NaN (numpy's percentile is then NaN: nothing passes).
 */
export function percentileThreshold(sorted: SortedMap, q: number): number {
  if (sorted.hasNaN) return Number.NaN;
  const n = sorted.size;
  // numpy: q / 100 in float64, virtual index (n - 1) * q, neighbours floor and floor + 1.
  const virtualIndex = (n - 1) * (q / 100);
  let previous = Math.floor(virtualIndex);
  let next = previous + 1;
  if (virtualIndex >= n - 1) {
    // numpy sets both indexes to -1 (the last element) and computes gamma from that -1.
    previous = -1;
    next = -1;
  } else if (virtualIndex < 0) {
    previous = 0;
    next = 0;
  }
  const gamma = virtualIndex - previous;
  const a = sorted.value(previous < 0 ? n - 1 : previous);
  const b = sorted.value(next < 0 ? n - 1 : next);
  // b - a is a float32 subtraction; the rest is float64 (numpy's _lerp).
  const diff = Math.fround(b - a);
  const threshold = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  return Math.fround(threshold);
}
