import { toMapPair, type MapsInput } from '../internal/map-batch';
import { pairWorkspace } from '../internal/pair-metrics';

/**
 * Spearman rank correlation of each pair of maps, as `scipy.stats.spearmanr(a[i].ravel(),
 * b[i].ravel())` after a cast to float32 (the original's `spearman_correlation`): average ranks
 * for ties, Pearson correlation of the ranks in float64.
 *
 * @param a maps `[N,H,W]` or `[N,H,W,1]` (tensor), or N flat `Float32Array`s of H·W values.
 * @param b maps of the same shape as `a`.
 * @returns N correlations in [-1, 1]; NaN for a pair where either map is constant or holds NaN.
 */
export function spearman(a: MapsInput, b: MapsInput): number[] {
  const [ma, mb] = toMapPair('spearman', a, b);
  const ws = pairWorkspace(ma.size);
  const out = new Array<number>(ma.count);
  for (let i = 0; i < ma.count; i++) out[i] = ws.spearman(ma.map(i), mb.map(i));
  return out;
}
