// Per-pair Spearman, Dice and IoU on flat float32 maps, sharing one workspace so a whole batch
// allocates nothing per map.
import { percentileThreshold, type RankedValues } from './percentile-threshold';
import { OrderStatistics } from './order-statistics';
import { SortedMap } from './sorted-map';

/** Dice/IoU denominators' epsilon (SPEC §6.3). */
export const EPSILON = 1e-9;

export interface PairScores {
  spearman: number;
  dice: number;
  iou: number;
}

export class PairWorkspace {
  readonly size: number;
  private readonly sortedA: SortedMap;
  private readonly sortedB: SortedMap;
  private readonly ranksA: Float64Array;
  private readonly selectA: OrderStatistics;
  private readonly selectB: OrderStatistics;

  constructor(size: number) {
    this.size = size;
    this.sortedA = new SortedMap(size);
    this.sortedB = new SortedMap(size);
    this.ranksA = new Float64Array(size);
    this.selectA = new OrderStatistics(size);
    this.selectB = new OrderStatistics(size);
  }

  /**
   * scipy.stats.spearmanr(a, b): Pearson correlation of average ranks (ties share the mean of
   * their positions), accumulated in float64, clipped to [-1, 1] as numpy.corrcoef does. NaN
   * when either map is constant or holds a NaN.
   */
  spearman(a: Float32Array, b: Float32Array): number {
    this.sortedA.sort(a);
    this.sortedB.sort(b);
    return this.spearmanOfSorted();
  }

  /** Dice and IoU of the maps binarised as `map > percentile(map, 100 - percentile)`. */
  overlap(a: Float32Array, b: Float32Array, percentile: number): { dice: number; iou: number } {
    // Two order statistics per map are enough: select them instead of sorting.
    return this.masksOverlap(a, b, this.selectA.load(a), this.selectB.load(b), percentile);
  }

  /** All three, sorting each map once. */
  all(a: Float32Array, b: Float32Array, percentile: number): PairScores {
    this.sortedA.sort(a);
    this.sortedB.sort(b);
    const { dice, iou } = this.masksOverlap(a, b, this.sortedA, this.sortedB, percentile);
    return { spearman: this.spearmanOfSorted(), dice, iou };
  }

  private spearmanOfSorted(): number {
    const sa = this.sortedA;
    const sb = this.sortedB;
    const n = this.size;
    if (sa.hasNaN || sb.hasNaN || n < 2) return Number.NaN;
    const ranks = this.ranksA;
    // Ranks of a, written at each value's position; sum of squares along the way.
    let sumSqA = 0;
    let runs = 0;
    {
      const keys = sa.keys;
      const order = sa.order;
      let start = 0;
      while (start < n) {
        const k = keys[start];
        let end = start + 1;
        while (end < n && keys[end] === k) end++;
        const r = (start + 1 + end) / 2;
        for (let j = start; j < end; j++) ranks[order[j] as number] = r;
        sumSqA += r * r * (end - start);
        runs++;
        start = end;
      }
    }
    if (runs === 1) return Number.NaN;
    // Walk b's runs: sum of rank_a · rank_b without materialising b's ranks.
    let sumSqB = 0;
    let sumAB = 0;
    runs = 0;
    {
      const keys = sb.keys;
      const order = sb.order;
      let start = 0;
      while (start < n) {
        const k = keys[start];
        let end = start + 1;
        let partial = ranks[order[start] as number] as number;
        while (end < n && keys[end] === k) {
          partial += ranks[order[end] as number] as number;
          end++;
        }
        const r = (start + 1 + end) / 2;
        sumAB += r * partial;
        sumSqB += r * r * (end - start);
        runs++;
        start = end;
      }
    }
    if (runs === 1) return Number.NaN;
    // Every rank vector sums to n(n+1)/2, so both means are (n+1)/2. With half-integer ranks
    // these sums are exact in float64 up to n ≈ 2^17, as are numpy's (centred products of
    // half-integers), so the same final operations as numpy.corrcoef give scipy's value to the
    // last bit: c = dot · (1/(n−1)), divided by std_b then std_a (scipy reads rs[1, 0]).
    const mean = (n + 1) / 2;
    const nm2 = n * mean * mean;
    const f = 1 / (n - 1);
    const cov = (sumAB - nm2) * f;
    const stdA = Math.sqrt((sumSqA - nm2) * f);
    const stdB = Math.sqrt((sumSqB - nm2) * f);
    const rho = cov / stdB / stdA;
    return rho > 1 ? 1 : rho < -1 ? -1 : rho;
  }

  private masksOverlap(
    a: Float32Array,
    b: Float32Array,
    rankedA: RankedValues,
    rankedB: RankedValues,
    percentile: number,
  ): { dice: number; iou: number } {
    const q = 100 - percentile;
    const ta = percentileThreshold(rankedA, q);
    const tb = percentileThreshold(rankedB, q);
    const n = this.size;
    let countA = 0;
    let countB = 0;
    let both = 0;
    for (let i = 0; i < n; i++) {
      const inA = (a[i] as number) > ta;
      const inB = (b[i] as number) > tb;
      if (inA) countA++;
      if (inB) countB++;
      if (inA && inB) both++;
    }
    const union = countA + countB - both;
    return {
      dice: (2 * both) / (countA + countB + EPSILON),
      iou: both / (union + EPSILON),
    };
  }
}

const cache = new Map<number, PairWorkspace>();

/** A reusable workspace for maps of `size` values (one per size, kept for the process). */
export function pairWorkspace(size: number): PairWorkspace {
  let ws = cache.get(size);
  if (!ws) {
    if (cache.size >= 4) cache.clear();
    ws = new PairWorkspace(size);
    cache.set(size, ws);
  }
  return ws;
}
