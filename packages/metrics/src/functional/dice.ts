import { toMapPair, type MapsInput } from '../internal/map-batch';
import { pairWorkspace } from '../internal/pair-metrics';
import { checkPercentile } from '../internal/percentile-option';

export interface OverlapOptions {
  /**
   * Share of pixels (in %) each map keeps: a pixel is in the mask when its value is STRICTLY
   * greater than `numpy.percentile(map, 100 - percentile)` (linear interpolation), so ties at
   * the threshold can make the mask smaller (a constant map gives an empty mask). Default 10.
   */
  percentile?: number;
}

/**
 * Sørensen–Dice score of the top-`percentile` % masks of each pair of maps, as the original's
 * `dice`: `2·|A∧B| / (|A| + |B| + 1e-9)` (0 when both masks are empty).
 *
 * @param a maps `[N,H,W]` or `[N,H,W,1]` (tensor), or N flat `Float32Array`s of H·W values.
 * @param b maps of the same shape as `a` (the original did not check this; we do).
 * @returns N scores in [0, 1].
 */
export function dice(a: MapsInput, b: MapsInput, options: OverlapOptions = {}): number[] {
  const percentile = checkPercentile('dice', options.percentile);
  const [ma, mb] = toMapPair('dice', a, b);
  const ws = pairWorkspace(ma.size);
  const out = new Array<number>(ma.count);
  for (let i = 0; i < ma.count; i++) out[i] = ws.overlap(ma.map(i), mb.map(i), percentile).dice;
  return out;
}
