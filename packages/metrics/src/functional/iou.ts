import { toMapPair, type MapsInput } from '../internal/map-batch';
import { pairWorkspace } from '../internal/pair-metrics';
import { checkPercentile } from '../internal/percentile-option';
import type { OverlapOptions } from './dice';

/**
 * Intersection over union of the top-`percentile` % masks of each pair of maps, as the
 * original's `intersection_over_union`: `|A∧B| / (|A∨B| + 1e-9)` (0 when both masks are empty).
 * Masks are built exactly as in {@link dice}.
 *
 * @param a maps `[N,H,W]` or `[N,H,W,1]` (tensor), or N flat `Float32Array`s of H·W values.
 * @param b maps of the same shape as `a`.
 * @returns N scores in [0, 1].
 */
export function iou(a: MapsInput, b: MapsInput, options: OverlapOptions = {}): number[] {
  const percentile = checkPercentile('iou', options.percentile);
  const [ma, mb] = toMapPair('iou', a, b);
  const ws = pairWorkspace(ma.size);
  const out = new Array<number>(ma.count);
  for (let i = 0; i < ma.count; i++) out[i] = ws.overlap(ma.map(i), mb.map(i), percentile).iou;
  return out;
}
