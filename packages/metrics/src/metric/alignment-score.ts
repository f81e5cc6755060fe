import {
  alignmentScore,
  HUMAN_SPEARMAN_CEILING,
  type AlignmentScoreInterval,
  type AlignmentScoreOptions,
  type BootstrapOptions,
} from '../functional/alignment-score';
import { spearman } from '../functional/spearman';
import type { MapsInput } from '../internal/map-batch';
import { meanWithPolicy, type NanPolicy } from '../internal/statistics';

export interface AlignmentScoreResult {
  /** Mean Spearman / ceiling. */
  score: number;
  meanSpearman: number;
  /** Per-map Spearman correlations in update order. */
  spearman: number[];
  count: number;
  nanCount: number;
  /** Present when the metric was built with `bootstrap`. */
  interval?: AlignmentScoreInterval;
}

/**
 * Stateful {@link alignmentScore}: `update(modelMaps, humanMaps)` per batch computes the
 * per-map Spearman correlations; `compute()` gives the alignment score (with a seeded bootstrap
 * interval when `bootstrap` is set).
 */
export class AlignmentScore {
  private readonly nan: NanPolicy;
  private readonly ceiling: number;
  private readonly bootstrap: BootstrapOptions | true | undefined;
  private values: number[] = [];

  constructor(options: AlignmentScoreOptions & { bootstrap?: BootstrapOptions | true } = {}) {
    this.nan = options.nan ?? 'omit';
    this.ceiling = options.ceiling ?? HUMAN_SPEARMAN_CEILING;
    this.bootstrap = options.bootstrap;
  }

  update(a: MapsInput, b: MapsInput): this {
    for (const v of spearman(a, b)) this.values.push(v);
    return this;
  }

  /** Adds Spearman correlations computed elsewhere. */
  updateSpearman(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.values.push(values[i] as number);
    return this;
  }

  compute(): AlignmentScoreResult {
    const options = { nan: this.nan, ceiling: this.ceiling };
    const { mean, count, nanCount } = meanWithPolicy(this.values, this.nan);
    const result: AlignmentScoreResult = {
      score: alignmentScore(this.values, options),
      meanSpearman: mean,
      spearman: this.values.slice(),
      count,
      nanCount,
    };
    if (this.bootstrap) result.interval = alignmentScore(this.values, { ...options, bootstrap: this.bootstrap });
    return result;
  }

  reset(): this {
    this.values = [];
    return this;
  }
}
