// The stateful side of the metrics (torchmetrics style): update with batches, compute at the
// end, reset to start over. Per-map values are kept (they are small: one number per image),
// so a batch-by-batch run gives exactly the one-shot result.
import type { MapsInput } from '../internal/map-batch';
import { meanWithPolicy, type NanPolicy } from '../internal/statistics';

export interface MetricResult {
  /** Mean of the per-map values (NaN left out under `nan: 'omit'`, the default). */
  mean: number;
  /** Per-map values in update order. */
  values: number[];
  /** Maps seen. */
  count: number;
  /** Maps whose value is NaN (constant or NaN-holding maps, for Spearman). */
  nanCount: number;
}

export interface MapMetricOptions {
  /** NaN values in the mean: `'omit'` (default) or `'propagate'` (numpy's mean in the original). */
  nan?: NanPolicy;
}

export abstract class MapMetric {
  protected readonly nan: NanPolicy;
  protected values: number[] = [];

  constructor(options: MapMetricOptions = {}) {
    this.nan = options.nan ?? 'omit';
  }

  /** Per-pair values of one batch (the functional metric). */
  protected abstract measure(a: MapsInput, b: MapsInput): number[];

  /** Adds a batch of map pairs (`[N,H,W]`, `[N,H,W,1]` or arrays of `Float32Array`). */
  update(a: MapsInput, b: MapsInput): this {
    for (const v of this.measure(a, b)) this.values.push(v);
    return this;
  }

  compute(): MetricResult {
    const { mean, count, nanCount } = meanWithPolicy(this.values, this.nan);
    return { mean, values: this.values.slice(), count, nanCount };
  }

  reset(): this {
    this.values = [];
    return this;
  }
}
