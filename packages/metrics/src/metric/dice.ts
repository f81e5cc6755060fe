import { dice, type OverlapOptions } from '../functional/dice';
import type { MapsInput } from '../internal/map-batch';
import { checkPercentile } from '../internal/percentile-option';
import { MapMetric, type MapMetricOptions } from './map-metric';

/** Stateful {@link dice}: `update(a, b)` per batch, `compute()` → mean and per-map values. */
export class Dice extends MapMetric {
  private readonly percentile: number;

  constructor(options: OverlapOptions & MapMetricOptions = {}) {
    super(options);
    this.percentile = checkPercentile('Dice', options.percentile);
  }

  protected measure(a: MapsInput, b: MapsInput): number[] {
    return dice(a, b, { percentile: this.percentile });
  }
}
